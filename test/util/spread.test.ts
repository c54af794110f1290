import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSpread, runsApart } from '../../src/util/spread.js';

describe('runSpread', () => {
  it('gives the mean and range of the runs', () => {
    assert.deepEqual(runSpread([0.3, 0.1, 0.2]), { mean: (0.3 + 0.1 + 0.2) / 3, min: 0.1, max: 0.3, runs: 3 });
    assert.throws(() => runSpread([]), /no values/);
  });
});

describe('runsApart', () => {
  it('holds only when the two ranges do not overlap, either way round', () => {
    assert.equal(runsApart([1, 2, 3], [4, 5, 6]), true);
    assert.equal(runsApart([4, 5, 6], [1, 2, 3]), true);
    assert.equal(runsApart([1, 2, 4.5], [4, 5, 6]), false, 'a run of one inside the range of the other');
    assert.equal(runsApart([1, 2, 3], [3, 5, 6]), false, 'touching ranges are not apart');
  });

  it('never tells single runs apart: one run has no spread to compare with', () => {
    assert.equal(runsApart([1], [9, 10, 11]), false);
  });
});
