import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classCounts } from '../../src/data/batching.js';
import { loadMnist } from '../../src/data/mnist.js';
import { SEED_NORMALIZATION, normalizedRange } from '../../src/data/transforms.js';
import { mseFloor } from '../../src/analysis/index.js';

describe('mseFloor', () => {
  it('is the mean squared distance from each target to the reachable range', () => {
    // Targets -0.5, 0, 0.5 (pixels 0, 127.5≈128, 255) against outputs confined to [0, 1].
    const floor = mseFloor(Uint8Array.from([0, 255, 0, 255]), SEED_NORMALIZATION, [0, 1]);
    assert.ok(Math.abs(floor - (0.25 + 0 + 0.25 + 0) / 4) < 1e-7);
    assert.equal(mseFloor(Uint8Array.from([0, 255]), SEED_NORMALIZATION, normalizedRange(SEED_NORMALIZATION)), 0);
    assert.throws(() => mseFloor(Uint8Array.from([0]), SEED_NORMALIZATION, [1, 0]), /low ≤ high/);
  });

  it("on MNIST's test split, a sigmoid output could never beat an MSE of about 0.2", () => {
    const floor = mseFloor(loadMnist().test.images, SEED_NORMALIZATION, [0, 1]);
    assert.ok(floor > 0.18 && floor < 0.22, `floor ${floor}`);
  });
});

describe('classCounts', () => {
  it('counts each digit', () => {
    assert.deepEqual(classCounts(Uint8Array.from([0, 3, 3, 9])), [1, 0, 0, 2, 0, 0, 0, 0, 0, 1]);
    assert.equal(classCounts(loadMnist().train.labels).reduce((a, b) => a + b), 60000);
  });
});
