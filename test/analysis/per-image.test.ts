import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { errorMaps, inkPerImage, largest, perImageMse, smallest } from '../../src/analysis/index.js';
import { BatchLoader } from '../../src/data/batching.js';
import { loadMnist } from '../../src/data/mnist.js';
import { createAutoencoder } from '../../src/model/index.js';
import { testEpoch } from '../../src/train/fit.js';
import { useBackend } from '../helpers.js';

describe('per-image errors', () => {
  before(() => useBackend('wasm'));

  it('average to the MSE of the split as testEpoch computes it, in file order, and leak no tensor', () => {
    const { test } = loadMnist();
    const model = createAutoencoder({ latentDim: 2, seed: 9 });
    const start = tf.memory().numTensors;
    const errors = perImageMse(model, test);
    assert.equal(tf.memory().numTensors, start, 'tensors leaked');
    assert.equal(errors.length, test.count);
    const mean = errors.reduce((sum, error) => sum + error, 0) / errors.length;
    const overall = testEpoch(model.autoencoder, new BatchLoader(test, {}));
    // float32 sums in batches of 256 vs 128 differ ~3e-5 relative.
    assert.ok(Math.abs(mean - overall) / overall < 1e-4, `${mean} vs ${overall}`);
    const some = Int32Array.from([5, 3, 9999]);
    assert.deepEqual(Array.from(perImageMse(model, test, some)), [errors[5], errors[3], errors[9999]]);
    model.autoencoder.dispose();
  });

  it('ink is the mean pixel value, and the extremes are picked in order', () => {
    const split = { images: Uint8Array.from([0, 0, 0, 0, 255, 255, 255, 255, 255, 0, 0, 0]), labels: Uint8Array.from([0, 1, 2]), count: 3, rows: 2, cols: 2 };
    assert.deepEqual(Array.from(inkPerImage(split)), [0, 1, 0.25]);
    assert.deepEqual(Array.from(inkPerImage(split, [2, 1])), [0.25, 1]);
    assert.deepEqual(largest([0.3, 0.9, 0.1, 0.9], 2), [1, 3]);
    assert.deepEqual(smallest([0.3, 0.9, 0.1, 0.9], 2), [2, 0]);
  });

  it('error maps are the absolute difference pixel by pixel', () => {
    assert.deepEqual(Array.from(errorMaps(Float32Array.of(0, 1, 0.5), Float32Array.of(0.25, 0.5, 0.5))), [0.25, 0.5, 0]);
    assert.throws(() => errorMaps(Float32Array.of(0), Float32Array.of(0, 1)), /1 pixels against 2/);
  });
});

describe('differenceImages', () => {
  it('maps no change to mid-grey, +1 to white and −1 to black, clipped', async () => {
    const { differenceImages } = await import('../../src/analysis/index.js');
    const before = Float32Array.from([0.2, 0, 1, 0.5]);
    const after = Float32Array.from([0.2, 1, 0, 0.75]);
    assert.deepEqual(Array.from(differenceImages(before, after)), [0.5, 1, 0, 0.625]);
    assert.throws(() => differenceImages(before, after.subarray(1)), /4 pixels against 3/);
  });
});
