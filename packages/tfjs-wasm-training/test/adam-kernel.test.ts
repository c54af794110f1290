import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import seedrandom from 'seedrandom';
import { ADAM_STEP, type AdamStepAttrs, adamStepInputs, adamStepOps, registerAdamStepKernels } from '../src/adam-kernel.js';
import { useBackend } from './helpers.js';

/** Sizes around the SIMD width (a scalar tail of 0–3) and one longer run. */
const SIZES = [1, 3, 4, 5, 8, 11, 1000];

function randomValues(rng: () => number, size: number, positive = false): Float32Array {
  return Float32Array.from({ length: size }, () => (positive ? rng() : rng() * 2 - 1));
}

/** One step of every size on the active backend, through the kernel or as ops; returns all outputs' values. */
function step(attrs: AdamStepAttrs, viaKernel: boolean): Float32Array[] {
  const rng = seedrandom('ae-adam-kernel');
  const make = (positive: boolean) => SIZES.map((n) => tf.tensor1d(randomValues(rng, n, positive)));
  const [x, g, m, v] = [make(false), make(false), make(false), make(true)] as [tf.Tensor[], tf.Tensor[], tf.Tensor[], tf.Tensor[]];
  const before = tf.memory().numTensors;
  const outputs = viaKernel
    ? tf.engine().runKernel(ADAM_STEP, adamStepInputs(x, g, m, v), attrs as unknown as tf.NamedAttrMap) as tf.Tensor[]
    : adamStepOps(x, g, m, v, attrs);
  assert.equal(tf.memory().numTensors, before + 3 * SIZES.length, 'only the outputs are left');
  const values = outputs.map((t) => Float32Array.from(t.dataSync()));
  tf.dispose([...x, ...g, ...m, ...v, ...outputs]);
  return values;
}

describe(`${ADAM_STEP} kernel`, () => {
  for (const weightDecay of [0, 0.05]) {
    it(`gives the op form's bits on wasm (SIMD) and cpu, weight decay ${weightDecay}`, async () => {
      registerAdamStepKernels();
      const attrs: AdamStepAttrs = { learningRate: 0.01, beta1: 0.8, beta2: 0.95, epsilon: 1e-6, weightDecay, accBeta1: Math.fround(0.64), accBeta2: Math.fround(0.9025) };
      await useBackend('cpu');
      const ops = step(attrs, false);
      assert.deepEqual(step(attrs, true), ops, 'cpu kernel');
      await useBackend('wasm');
      assert.deepEqual(step(attrs, false), ops, 'wasm ops');
      assert.deepEqual(step(attrs, true), ops, 'wasm kernel');
    });
  }

  it('names a missing or mistyped input', async () => {
    await useBackend('cpu');
    registerAdamStepKernels();
    const x = tf.zeros([2]);
    const attrs = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, accBeta1: 0.9, accBeta2: 0.999 };
    assert.throws(() => tf.engine().runKernel(ADAM_STEP, { x0: x, g0: x, m0: x, w0: x }, attrs), /^Error: AdamWithL2Step: input v0 is missing$/);
    const ints = tf.zeros([2], 'int32');
    assert.throws(() => tf.engine().runKernel(ADAM_STEP, { x0: x, g0: ints, m0: x, v0: x }, attrs), /^Error: AdamWithL2Step: input g0 is int32, not float32$/);
    tf.dispose([x, ints]);
  });
});
