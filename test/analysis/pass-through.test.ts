import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sharePassedThrough } from '../../src/analysis/index.js';

describe('sharePassedThrough', () => {
  const clean = Float32Array.from([0, 0.5, 1, 0.25]);
  const noisy = Float32Array.from([0.1, 0.4, 0.8, 0.25]);

  it('is 1 for the identity, 0 for a constant output, the squared gain of a scaling', () => {
    assert.equal(sharePassedThrough(clean, noisy, clean, noisy), 1);
    assert.equal(sharePassedThrough(clean, noisy, clean.map(() => 0.3), noisy.map(() => 0.3)), 0);
    const half = (x: Float32Array) => x.map((value) => value / 2);
    assert.ok(Math.abs(sharePassedThrough(clean, noisy, half(clean), half(noisy)) - 0.25) < 1e-7);
  });

  it('refuses a corruption that changed nothing', () => {
    assert.throws(() => sharePassedThrough(clean, clean, clean, clean), /changed no pixel/);
  });
});
