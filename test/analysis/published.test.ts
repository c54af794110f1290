import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PERERA_2019_OCGAN_MNIST, RUFF_2018_MNIST } from '../../src/analysis/index.js';

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

  it('Perera et al. 2019 (OCGAN), Table 2: ten rows of ten per-digit AUROCs (three decimals), each mean as printed, and the DSVDD row equal to Ruff et al.\'s means', () => {
    const rows = PERERA_2019_OCGAN_MNIST.rows;
    assert.deepEqual(rows.map((row) => row.method), ['OCSVM', 'KDE', 'DAE', 'VAE', 'PixCNN', 'GAN', 'AND', 'AnoGAN', 'DSVDD', 'OCGAN']);
    for (const row of rows) {
      assert.equal(row.auroc.length, 10, row.method);
      for (const value of row.auroc) assert.ok(value > 0 && value <= 1 && Number(value.toFixed(3)) === value, `${row.method}: ${value}`);
      // A typo in one digit would move the mean by 0.001 or more; rounding the ten values to three
      // decimals moves it by at most 0.0005 (OCGAN's printed 0.9750 is 0.9749 from its printed values).
      const mean = row.auroc.reduce((sum, value) => sum + value, 0) / 10;
      assert.ok(Math.abs(mean - row.reportedMean) <= 0.00055, `${row.method}: mean of the row ${mean}, printed ${row.reportedMean}`);
    }
    const dsvdd = rows.find((row) => row.method === 'DSVDD')!;
    const ruff = RUFF_2018_MNIST.rows.find((row) => row.method === 'One-Class Deep SVDD')!;
    assert.deepEqual(dsvdd.auroc.map((value) => Number((100 * value).toFixed(1))), ruff.mean);
    assert.deepEqual([rows[0]!.reportedMean, rows[3]!.reportedMean, rows[9]!.reportedMean], [0.9513, 0.9696, 0.975]);
  });
});
