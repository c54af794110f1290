import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { mseByClass } from '../../src/analysis/index.js';
import { BatchLoader, classCounts } from '../../src/data/batching.js';
import { loadMnist } from '../../src/data/mnist.js';
import { createAutoencoder } from '../../src/model/index.js';
import { testEpoch } from '../../src/train/index.js';
import { useBackend } from '../helpers.js';

describe('mseByClass', () => {
  before(() => useBackend('wasm'));

  it('splits the test MSE by digit: weighted by class sizes it is the test MSE', () => {
    const { test } = loadMnist();
    const model = createAutoencoder({ latentDim: 2, seed: 9 });
    const { autoencoder } = model;
    const byClass = mseByClass(model, test);
    const counts = classCounts(test.labels);
    const weighted = byClass.reduce((sum, mse, digit) => sum + mse * counts[digit]!, 0) / test.count;
    const overall = testEpoch(autoencoder, new BatchLoader(test, {}));
    assert.equal(byClass.length, 10);
    // float32 sums in batches of 256 vs 128 differ ~3e-5 relative.
    assert.ok(Math.abs(weighted - overall) / overall < 1e-4, `${weighted} vs ${overall}`);
    assert.ok(new Set(byClass.map((v) => v.toFixed(6))).size > 1, 'digits should differ');
    autoencoder.dispose();
  });
});
