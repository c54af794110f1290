import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { TFJS_INTERNALS, TFJS_VERSION, checkTfjsInternals } from '../src/index';
import { useBackend } from './helpers';

describe("what the package uses of tfjs's internals", () => {
  before(async () => {
    await useBackend('wasm');
  });

  it('is all where this package expects it, in the pinned tfjs', () => {
    assert.deepEqual(checkTfjsInternals(), []);
    const wasmPackage = JSON.parse(fs.readFileSync(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'), 'utf8')) as { version: string };
    assert.equal(wasmPackage.version, TFJS_VERSION);
  });

  it('names what moved when a backend lacks it', () => {
    const wasm = tf.findBackend('wasm') as unknown as Record<string, unknown>;
    const moved = { ...Object.fromEntries(['makeOutput', 'incRef', 'disposeData'].map((key) => [key, wasm[key]])), wasm: { asm: {} } };
    assert.deepEqual(checkTfjsInternals({ wasm: moved }), ['BackendWasm.wasm.asm.memory is not a WebAssembly.Memory', 'BackendWasm.typedArrayFromHeap is not a method']);
    assert.deepEqual(checkTfjsInternals({ wasm: null }), ['wasm backend: not active, so its internals are unchecked']);
    assert.deepEqual(checkTfjsInternals({ cpu: { data: {}, makeTensorInfo: () => undefined, firstUse: false } }), ['MathBackendCPU.data.get is not a method']);
  });

  it('lists for each internal the files that use it, and they exist', () => {
    const src = path.join(__dirname, '..', '..', 'src');
    for (const internal of TFJS_INTERNALS) {
      for (const file of internal.usedBy.split(', ').filter((name) => name.endsWith('.ts'))) {
        assert.ok(fs.existsSync(path.join(src, file)), `${internal.what}: ${file}`);
      }
    }
  });
});
