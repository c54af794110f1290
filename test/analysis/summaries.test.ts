import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { meanByClass, meanSquaredError, quantilesOf } from '../../src/analysis/index.js';

describe('summaries', () => {
  it('meanSquaredError: the mean of squared differences; unequal or empty arrays are refused', () => {
    assert.equal(meanSquaredError(Float32Array.of(0, 1, 0.5), Float32Array.of(1, 1, 0)), (1 + 0 + 0.25) / 3);
    assert.throws(() => meanSquaredError([1, 2], [1]), /^Error: meanSquaredError: 2 and 1 values/);
    assert.throws(() => meanSquaredError([], []), /meanSquaredError: 0 and 0 values/);
  });

  it('quantilesOf: sorted[floor(q · n)], whatever the input order', () => {
    const values = Array.from({ length: 200 }, (_, i) => (i * 37) % 200); // 0..199, shuffled
    assert.deepEqual(quantilesOf(values, [0, 0.01, 0.5, 0.99, 1]), [0, 2, 100, 198, 199]);
    assert.throws(() => quantilesOf(values, [1.5]), /quantile 1.5 is not in 0..1/);
    assert.throws(() => quantilesOf([], [0.5]), /no values/);
  });

  it('meanByClass: one mean per digit, NaN where a digit has no image', () => {
    const means = meanByClass([1, 3, 10, 20, 5], [0, 0, 7, 7, 9]);
    assert.deepEqual(means.slice(0, 1), [2]);
    assert.equal(means[7], 15);
    assert.equal(means[9], 5);
    assert.ok(Number.isNaN(means[3]!));
    assert.throws(() => meanByClass([1], [0, 1]), /1 values but 2 labels/);
  });
});
