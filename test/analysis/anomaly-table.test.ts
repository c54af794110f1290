import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { oneClassConfigurations, oneClassModelName } from '../../src/analysis/anomaly-scores.js';
import { anomalyComparisonTable, gapToPublished, meanOverDigits } from '../../src/analysis/anomaly-table.js';
import { sampleSd } from '../../src/util/spread.js';
import { PRESETS } from '../../src/train/presets.js';

describe('the anomaly comparison', () => {
  it('sampleSd divides by n − 1; one value has none', () => {
    assert.ok(Math.abs(sampleSd([1, 2, 3, 4]) - Math.sqrt(5 / 3)) < 1e-12);
    assert.equal(sampleSd([0.9]), 0);
  });

  it('meanOverDigits: one mean per seed, and refuses ragged runs', () => {
    assert.deepEqual(meanOverDigits([[0.9, 0.8], [0.7, 0.6]]).map((value) => Number(value.toFixed(12))), [0.8, 0.7]);
    assert.throws(() => meanOverDigits([[0.9, 0.8], [0.7]]), /^Error: meanOverDigits: every digit needs the same number of runs, at least one$/);
    assert.throws(() => meanOverDigits([]), /meanOverDigits/);
  });

  it('a gap is meaningful only beyond both spreads; a one-run row counts ours alone', () => {
    const ours = [0.95, 0.96, 0.97]; // mean 0.96, sd 0.01
    assert.equal(gapToPublished(ours, 0.945), 'above');
    assert.equal(gapToPublished(ours, 0.955), 'within', 'a gap of 0.005 is inside our sd');
    assert.equal(gapToPublished(ours, 0.945, 0.02), 'within', 'inside their sd');
    assert.equal(gapToPublished(ours, 0.99, 0.005), 'below');
    assert.equal(gapToPublished([0.9], 0.95), 'below', 'one run of ours has no spread to hide a gap');
  });

  it("puts our rows first, then OCGAN's Table 2 (its own means for all ten digits) and Ruff et al.'s Deep SVDD with sd", () => {
    const runs = Array.from({ length: 10 }, (_, digit) => [0.9 + digit / 100, 0.92 + digit / 100, 0.94 + digit / 100]);
    const all = anomalyComparisonTable([{ method: 'ours', source: 'here', runs }], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(all.header, ['method', 'source', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'mean']);
    assert.equal(all.rows.length, 1 + 10 + 1);
    assert.deepEqual(all.rows[0]!.slice(0, 3), ['ours', 'here', '92.0 ± 2.0']);
    assert.equal(all.rows[0]!.at(-1), '96.50 ± 2.00');
    assert.deepEqual(all.rows[1], ['OCSVM', 'OCGAN Table 2 [26], no sd reported', '98.8', '99.9', '90.2', '95.0', '95.5', '96.8', '97.8', '96.5', '85.3', '95.5', '95.13']);
    assert.deepEqual(all.rows[7]!.slice(0, 2), ['AND', "OCGAN Table 2 [1], no sd reported (OCGAN's text says Protocol 1)"]);
    assert.deepEqual(all.rows[9]!.slice(0, 2), ['DSVDD', "OCGAN Table 2 [21], no sd reported (OCGAN's text says Protocol 1)"]);
    assert.deepEqual(all.rows[10]!.slice(0, 2), ['OCGAN', 'OCGAN Table 2 (OCGAN itself), no sd reported']);
    assert.equal(all.rows[10]!.at(-1), '97.50', "the paper's printed mean, not the mean of its rounded values (97.49)");
    assert.deepEqual(all.rows[11]!.slice(0, 3), ['One-Class Deep SVDD', 'Ruff et al. 2018, Table 1 (not read here) as two later texts reprint it, mean ± sd of 10 seeds', '98.0 ± 0.7']);
    assert.equal(all.rows[11]!.at(-1), '94.80');
    const some = anomalyComparisonTable([{ method: 'ours', source: 'here', runs: [runs[8]!] }], [8]);
    assert.deepEqual(some.header.at(-1), 'mean of 8');
    assert.deepEqual(some.rows[1], ['OCSVM', 'OCGAN Table 2 [26], no sd reported', '85.3', '85.30']);
  });

  it("names every configuration (model · score), the strict one among them", () => {
    const { candidates, strict } = oneClassConfigurations(PRESETS.quick.oneClass);
    assert.equal(candidates.length, 12);
    assert.equal(candidates[0]!.name, 'd = 8 · MSE');
    assert.equal(strict.name, 'd = 32, denoising (noise σ 0.3) · MSE + code distance');
    assert.equal(oneClassModelName({ latentDim: 32 }), 'd = 32');
    assert.throws(() => oneClassConfigurations({ models: [{ latentDim: 8 }], strict: { model: 0, score: 'likelihood' } }),
      /^Error: oneClass.strict \(model 0, score likelihood\) is not a candidate: models 0..0, scores MSE, blurred MSE, code distance, MSE \+ code distance$/);
  });
});
