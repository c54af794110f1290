import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changeOutsideCorruption } from '../../src/analysis/index.js';

describe('changeOutsideCorruption', () => {
  // The corruption touches pixel 0 only.
  const clean = Float32Array.from([0, 0.5, 1, 0.25]);
  const corrupted = Float32Array.from([0.6, 0.5, 1, 0.25]);

  it('is 0 for an output that changes where the input did (an identity), 1 for one that changes only elsewhere', () => {
    assert.equal(changeOutsideCorruption(clean, corrupted, clean, corrupted), 0);
    assert.equal(changeOutsideCorruption(clean, corrupted, clean, Float32Array.from([0, 0.9, 1, 0.25])), 1);
  });

  it('weighs each pixel by its squared change, and is 0 when the output did not change', () => {
    const out = Float32Array.from([0.3, 0.5, 0.9, 0.25]); // 0.09 at the corrupted pixel, 0.01 elsewhere
    assert.ok(Math.abs(changeOutsideCorruption(clean, corrupted, clean, out) - 0.1) < 1e-6);
    assert.equal(changeOutsideCorruption(clean, corrupted, clean, clean), 0);
    assert.throws(() => changeOutsideCorruption(clean, corrupted.subarray(1), clean, clean), /same length/);
  });
});
