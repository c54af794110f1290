import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as esbuild from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { activeTrainingKernels } from '../src/index';
import { trainingJob } from './browser-job';
import { useBackend } from './helpers';

/** $CHROMIUM_PATH, else chromium on PATH; undefined when there is none. */
function chromiumPath(): string | undefined {
  if (process.env['CHROMIUM_PATH']) return process.env['CHROMIUM_PATH'];
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter).concat('/usr/bin')) {
    for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
      if (dir !== '' && fs.existsSync(path.join(dir, name))) return path.join(dir, name);
    }
  }
  return undefined;
}

const ORIGIN = 'http://engine.test';
const WASM_DIR = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
const executablePath = chromiumPath();
// Without Chromium the test is skipped, except in CI, where it must run.
const skip = executablePath === undefined && process.env['CI'] !== 'true' ? 'Chromium is missing (set CHROMIUM_PATH)' : false;

/** The page's script: tfjs, tfjs-backend-wasm (its binaries from ORIGIN), this package's main entry point and the job. */
function pageScript(): string {
  const entry = [
    "import * as tf from '@tensorflow/tfjs-core';",
    "import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';",
    `import { activeTrainingKernels, registerTrainingKernels, registerTrainingLayers } from ${JSON.stringify(path.join(__dirname, '..', 'src', 'index.js'))};`,
    `import { trainingJob } from ${JSON.stringify(path.join(__dirname, 'browser-job.js'))};`,
    `setWasmPaths('${ORIGIN}/wasm/');`,
    'registerTrainingKernels();',
    'registerTrainingLayers();',
    'window.runJob = async () => {',
    "  await tf.setBackend('wasm');",
    '  return { job: trainingJob(), kernels: activeTrainingKernels(), simd: tf.env().getBool("WASM_HAS_SIMD_SUPPORT") };',
    '};',
  ].join('\n');
  const built = esbuild.buildSync({
    stdin: { contents: entry, resolveDir: __dirname, loader: 'js' }, bundle: true, write: false, format: 'iife', platform: 'browser',
    define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'silent',
  });
  return built.outputFiles[0]!.text;
}

describe('the engine in a browser', { skip }, () => {
  let browser: Browser;
  before(async () => {
    browser = await chromium.launch({ executablePath: executablePath!, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  });
  after(async () => {
    await browser?.close();
  });

  it('trains with the same kernels and the same losses, bit for bit, as in Node', async () => {
    const page = await browser.newPage();
    const blocked: string[] = [];
    // Offline: the page, its script and the wasm binaries come from here; anything else is refused.
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      if (url === `${ORIGIN}/`) return route.fulfill({ contentType: 'text/html', body: '<!DOCTYPE html><script src="/engine.js"></script>' });
      if (url === `${ORIGIN}/engine.js`) return route.fulfill({ contentType: 'text/javascript', body: pageScript() });
      const wasm = url.startsWith(`${ORIGIN}/wasm/`) ? path.join(WASM_DIR, path.basename(new URL(url).pathname)) : undefined;
      if (wasm !== undefined && fs.existsSync(wasm)) return route.fulfill({ contentType: 'application/wasm', body: fs.readFileSync(wasm) });
      blocked.push(url);
      return route.abort();
    });
    await page.goto(`${ORIGIN}/`);
    const inPage = await page.evaluate(() => (window as unknown as { runJob(): Promise<unknown> }).runJob()) as { job: ReturnType<typeof trainingJob>; kernels: unknown; simd: boolean };
    await page.close();

    await useBackend('wasm');
    const inNode = trainingJob();
    assert.deepEqual(blocked, []);
    assert.equal(inPage.simd, true);
    assert.deepEqual(inPage.kernels, activeTrainingKernels());
    assert.ok(inNode.losses.every(Number.isFinite) && inNode.losses[2]! < inNode.losses[0]!, `the loss falls: ${inNode.losses}`);
    assert.deepEqual(inPage.job, inNode);
  });
});
