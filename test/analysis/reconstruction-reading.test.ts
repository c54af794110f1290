import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { perImageMse, readReconstructions, readingCaptions } from '../../src/analysis/index.js';
import { loadMnist, type MnistSplit } from '../../src/data/mnist.js';
import { createAutoencoder } from '../../src/model/index.js';
import { createDigitReader } from '../../src/model/digit-reader.js';
import { useBackend } from '../helpers.js';

/** The first `count` test images, as a split of their own. */
function firstTest(count: number): MnistSplit {
  const { test } = loadMnist();
  return { ...test, count: count, images: test.images.subarray(0, count * 784), labels: test.labels.subarray(0, count) };
}

describe('readReconstructions', () => {
  before(() => useBackend('wasm'));

  it('reads every reconstruction, and its per-digit MSE is the per-image MSE by digit', () => {
    const split = firstTest(300);
    const model = createAutoencoder({ latentDim: 2, seed: 3 });
    const reader = createDigitReader({ seed: 1 });
    const report = readReconstructions(model, reader, split);
    assert.equal(report.reading.digits.length, 300);
    assert.equal(report.kept.counts.reduce((sum, n) => sum + n, 0), 300);
    const mse = perImageMse(model, split);
    const digit7 = [...mse].filter((_, i) => split.labels[i] === 7);
    const expected = digit7.reduce((sum, value) => sum + value, 0) / digit7.length;
    assert.ok(Math.abs(report.mseByDigit[7]! - expected) / expected < 1e-4, `${report.mseByDigit[7]} vs ${expected}`);
    assert.ok(report.checkerboard >= 0);
    model.autoencoder.dispose();
    reader.dispose();
  });
});

describe('readingCaptions', () => {
  it('gives the digit read and the confidence in percent', () => {
    const reading = { digits: Uint8Array.from([3, 9]), confidence: Float32Array.from([0.5, 0.974]) };
    assert.deepEqual(readingCaptions(reading, [1, 0]), ['9 · 97%', '3 · 50%']);
  });
});
