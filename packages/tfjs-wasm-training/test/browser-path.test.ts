import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as esbuild from 'esbuild';

const dist = path.join(__dirname, '..', 'src');
const TFJS = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-cpu'];

/** Bundles `entry` for the browser (tfjs left to the page); returns the errors and the bundled inputs. */
async function bundleForBrowser(entry: string): Promise<{ errors: string[]; inputs: string[] }> {
  try {
    const result = await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent', external: TFJS });
    return { errors: [], inputs: Object.keys(result.metafile.inputs) };
  } catch (error) {
    return { errors: ((error as esbuild.BuildFailure).errors ?? []).map((e) => e.text), inputs: [] };
  }
}

describe("the main entry point's browser path", () => {
  it('bundles for the browser with no Node module, the SIMD module inside', async () => {
    const { errors, inputs } = await bundleForBrowser(path.join(dist, 'index.js'));
    assert.deepEqual(errors, []);
    assert.ok(inputs.some((input) => input.endsWith('generated/simd-binary.js')), 'the embedded SIMD module is in the bundle');
    // Paths are relative to the working directory: the package's own or the repository's root.
    assert.deepEqual(inputs.filter((input) => input.startsWith('node:') || !/(^|\/)dist\/src\//.test(input)), []);
  });

  it('control: the Node entry point does not bundle for the browser (it loads packages through node:os and require)', async () => {
    const { errors } = await bundleForBrowser(path.join(dist, 'node.js'));
    assert.ok(errors.some((text) => /node:os/.test(text)), errors.join('\n'));
  });
});
