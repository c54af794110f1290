import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RUFF_2018_MNIST } from '../../src/analysis/index.js';

describe('published results', () => {
  it('Ruff et al. 2018: ten per-digit AUROCs (%) with their standard deviations per row, as printed (one decimal)', () => {
    assert.ok(RUFF_2018_MNIST.rows.length >= 1);
    for (const row of RUFF_2018_MNIST.rows) {
      assert.equal(row.mean.length, 10, row.method);
      assert.equal(row.std.length, 10, row.method);
      for (const value of [...row.mean, ...row.std]) assert.ok(value >= 0 && value <= 100 && Number(value.toFixed(1)) === value, `${row.method}: ${value}`);
    }
    // One-Class Deep SVDD's mean over the ten digits, the number the notebook compares with.
    const deepSvdd = RUFF_2018_MNIST.rows.find((row) => row.method === 'One-Class Deep SVDD')!;
    assert.equal((deepSvdd.mean.reduce((sum, value) => sum + value, 0) / 10).toFixed(1), '94.8');
  });
});
