import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs-core';
import { FILLED_WASM_KERNELS, backendInfo, selectBackend } from '../src/node';

// Tests share one tfjs engine (global) and run in order.
const BANNER = /looks like you are running TensorFlow\.js in Node\.js/;

/** Runs `fn` with console.log/warn/error/info captured; returns everything printed. */
async function captureConsole(fn: () => unknown): Promise<string> {
  const lines: string[] = [];
  const methods = ['log', 'warn', 'error', 'info'] as const;
  const saved = methods.map((m) => console[m]);
  for (const m of methods) console[m] = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
  try {
    await fn();
  } finally {
    methods.forEach((m, i) => (console[m] = saved[i] as (typeof console)[typeof m]));
  }
  return lines.join('\n');
}

// Must stay the FIRST test: it needs the cpu backend's first-ever write, which
// is when tfjs-backend-cpu prints its banner.
test('the option forces cpu, and the tfjs-node banner is not printed', async () => {
  const lines: string[] = [];
  assert.equal(await selectBackend({ backend: 'cpu', log: (l) => lines.push(l) }), 'cpu');
  assert.equal(tf.getBackend(), 'cpu');
  assert.match(lines.join('\n'), /^backend: cpu \(tfjs-backend-cpu 4\.22\.0, 1 thread\)$/);
  const printed = await captureConsole(() => {
    const t = tf.tensor1d([1, 2, 3]);
    tf.add(t, t).dataSync();
    tf.dispose(t);
  });
  assert.doesNotMatch(printed, BANNER);
  assert.equal(printed, '');
});

test('control: without the silencing, a cpu write does print the banner', () => {
  // A separate process: in this one the cpu backend has already been written to.
  const core = JSON.stringify(require.resolve('@tensorflow/tfjs-core'));
  const cpu = JSON.stringify(require.resolve('@tensorflow/tfjs-backend-cpu'));
  const script =
    `const tf = require(${core}); require(${cpu});` +
    "tf.setBackend('cpu').then(() => tf.tensor1d([1]).dataSync());";
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout + r.stderr, BANNER);
});

test('default selection is wasm here (tfjs-node is not installed), logged once', async () => {
  const lines: string[] = [];
  assert.equal(await selectBackend({ log: (l) => lines.push(l) }), 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.equal(lines.length, 1);
  assert.match(lines[0] ?? '', /^backend: wasm \(tfjs-backend-wasm 4\.22\.0, 1 thread(, (no )?SIMD)?\)$/);
  for (const k of FILLED_WASM_KERNELS) assert.ok(tf.getKernel(k, 'wasm'), `${k} registered`);

  const info = backendInfo();
  assert.equal(info.name, 'wasm');
  assert.equal(info.version, '4.22.0');
  assert.equal(info.threads, 1);
});

test('selecting twice is silent and re-registers nothing', async () => {
  await selectBackend({ log: () => undefined });
  const backendBefore = tf.findBackend('wasm');
  const kernelsBefore = FILLED_WASM_KERNELS.map((k) => tf.getKernel(k, 'wasm'));
  const lines: string[] = [];
  const printed = await captureConsole(async () => {
    assert.equal(await selectBackend({ log: (l) => lines.push(l) }), 'wasm');
    assert.equal(await selectBackend({ backend: 'auto', log: (l) => lines.push(l) }), 'wasm');
    assert.equal(await selectBackend({ backend: 'wasm' }), 'wasm'); // default log = console.log
  });
  assert.deepEqual(lines, []);
  assert.equal(printed, '');
  assert.equal(tf.findBackend('wasm'), backendBefore);
  FILLED_WASM_KERNELS.forEach((k, i) => assert.equal(tf.getKernel(k, 'wasm'), kernelsBefore[i]));
});

test('switching back and forth works', async () => {
  assert.equal(await selectBackend({ backend: 'cpu', log: () => undefined }), 'cpu');
  assert.equal(backendInfo().name, 'cpu');
  assert.equal(await selectBackend({ log: () => undefined }), 'wasm');
});

test('an unknown option value names the option', async () => {
  const bad = { backend: 'webgl' } as unknown as { backend: 'auto' };
  await assert.rejects(selectBackend({ ...bad, log: () => undefined }), /option "backend" value "webgl"/);
});

test('forcing tfjs-node when it is not installed throws a clear one-line error', async () => {
  await assert.rejects(selectBackend({ backend: 'node', requestedBy: 'TFJS_BACKEND=node', log: () => undefined }), (e: Error) => {
    assert.match(e.message, /^TFJS_BACKEND=node: backend 'tensorflow' is unavailable: .*@tensorflow\/tfjs-node could not be loaded/);
    assert.doesNotMatch(e.message, /\n/);
    return true;
  });
  await assert.rejects(selectBackend({ backend: 'tensorflow', log: () => undefined }), /selectBackend\(\{backend: 'tensorflow'\}\)/);
  // The failed attempt left the previous backend active.
  assert.equal(tf.getBackend(), 'wasm');
});
