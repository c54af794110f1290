import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers'; // registers the gradients of tfjs-core's ops
import { switchesOf } from '../../src/model/pooling-switches.js';
import { useBackend } from '../helpers.js';

/** Reference switch mask in plain JS: a 1 at the first maximum (row-major) of each 2×2 window. */
function referenceSwitches(values: Float32Array, [batch, height, width, channels]: readonly [number, number, number, number]): Float32Array {
  const mask = new Float32Array(values.length);
  const at = (b: number, y: number, x: number, c: number) => ((b * height + y) * width + x) * channels + c;
  for (let b = 0; b < batch!; b++) {
    for (let y = 0; y < height!; y += 2) {
      for (let x = 0; x < width!; x += 2) {
        for (let c = 0; c < channels!; c++) {
          const window = [at(b, y, x, c), at(b, y, x + 1, c), at(b, y + 1, x, c), at(b, y + 1, x + 1, c)];
          const best = window.reduce((winner, index) => (values[index]! > values[winner]! ? index : winner));
          mask[best] = 1;
        }
      }
    }
  }
  return mask;
}

describe('switchesOf (max-unpooling positions)', () => {
  for (const backend of ['wasm', 'cpu'] as const) {
    it(`${backend}: marks exactly the maximum of each 2×2 window`, async () => {
      await useBackend(backend);
      const shape = [2, 6, 4, 3] as const;
      // Values below -0.5 clipped to exactly -0.5: windows with tied maxima (like all-zero windows
      // after ReLU) and windows whose maximum is negative.
      const x = tf.tidy(() => tf.maximum(tf.randomNormal([...shape], -0.8, 1, 'float32', 21), -0.5)) as tf.Tensor4D;
      const mask = switchesOf(x);
      assert.deepEqual(mask.shape, [...shape]);
      assert.deepEqual(mask.dataSync(), referenceSwitches(x.dataSync() as Float32Array, shape));
      // Max-unpooling = nearest upsampling of the pooled values × the mask: the maxima go back, zeros elsewhere.
      const unpooled = tf.mul(tf.image.resizeNearestNeighbor(tf.maxPool(x, 2, 2, 'valid'), [6, 4]), mask);
      const kept = tf.mul(x, mask);
      // (+ 0 turns the -0 of a negative value times 0 into 0.)
      assert.deepEqual(Array.from(unpooled.dataSync(), (v) => v + 0), Array.from(kept.dataSync(), (v) => v + 0));
      tf.dispose([x, mask, unpooled, kept]);
    });
  }

  it('passes no gradient through the routing decision', async () => {
    await useBackend('wasm');
    const x = tf.randomNormal([1, 4, 4, 2], 0, 1, 'float32', 5) as tf.Tensor4D;
    const grad = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(switchesOf(input as tf.Tensor4D), input)))(x);
    // d/dx Σ mask·x with the mask held constant is the mask itself.
    assert.deepEqual(grad.dataSync(), switchesOf(x).dataSync());
    tf.dispose([x, grad]);
  });

  it('rejects odd sizes', () => {
    assert.throws(() => switchesOf(tf.zeros([1, 3, 4, 1]) as tf.Tensor4D), /must be even for 2×2 pooling, got 3×4/);
  });
});
