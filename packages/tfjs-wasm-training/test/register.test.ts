import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { ADAM_STEP, ADDED_KERNELS, FAST_WASM_KERNELS, activeTrainingKernels, registerTrainingKernels, unregisterFastWasmKernels } from '../src/index';
import { useBackend } from './helpers';

const names = (kernels: { kernelName: string; source: string }[]) => kernels.map((k) => `${k.source} ${k.kernelName}`);

describe('registerTrainingKernels and activeTrainingKernels', () => {
  it('on wasm: every faster kernel, the fill that no faster kernel replaces, and the added kernels', async () => {
    await useBackend('wasm');
    assert.deepEqual(names(activeTrainingKernels()), [
      'filled UnsortedSegmentSum',
      ...FAST_WASM_KERNELS.map((name) => `faster ${name}`),
      ...ADDED_KERNELS.map((name) => `added ${name}`),
    ]);
  });

  it("after wasm's own kernels are put back, the filter gradient is the fill again; registering again restores all", async () => {
    unregisterFastWasmKernels();
    try {
      assert.deepEqual(names(activeTrainingKernels('wasm')).filter((k) => !k.startsWith('added')), ['filled Conv2DBackpropFilter', 'filled UnsortedSegmentSum']);
    } finally {
      registerTrainingKernels();
    }
    assert.equal(activeTrainingKernels('wasm').filter((k) => k.source === 'faster').length, FAST_WASM_KERNELS.length);
  });

  it('with no backend active: none, and no backend is initialised by asking', () => {
    // A fresh process: in this one a backend is already active.
    const index = JSON.stringify(path.join(__dirname, '..', 'src', 'index.js'));
    const script = `const tf = require('@tensorflow/tfjs-core'); const e = require(${index}); console.log(JSON.stringify([e.activeTrainingKernels(), tf.engine().backendName ?? null]));`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: __dirname });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), [[], null]);
  });

  it('on cpu: the Adam step only', async () => {
    await useBackend('cpu');
    assert.deepEqual(names(activeTrainingKernels()), [`added ${ADAM_STEP}`]);
    assert.equal(tf.getBackend(), 'cpu');
    await useBackend('wasm');
  });
});
