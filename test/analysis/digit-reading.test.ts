import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { copiedPart, flipRate, keptDigit } from '../../src/analysis/index.js';

describe('keptDigit', () => {
  const truth = [0, 0, 0, 4, 4, 9, 9, 9];
  const read = [0, 0, 6, 9, 9, 9, 9, 4];

  it('counts the images read as their own digit, overall and per digit', () => {
    const kept = keptDigit(read, truth);
    assert.equal(kept.rate, 4 / 8);
    assert.deepEqual(kept.counts, [3, 0, 0, 0, 2, 0, 0, 0, 0, 3]);
    assert.equal(kept.perDigit[0], 2 / 3);
    assert.equal(kept.perDigit[4], 0);
    assert.equal(kept.perDigit[9], 2 / 3);
    assert.ok(Number.isNaN(kept.perDigit[1]!), 'a digit with no image has no rate');
    // Read as 9: two 4s and two 9s; read as 0: two 0s; read as 4: one 9.
    assert.equal(kept.precision[9], 2 / 4);
    assert.equal(kept.precision[0], 1);
    assert.equal(kept.precision[4], 0);
    assert.ok(Number.isNaN(kept.precision[3]!), 'a digit read in no image has no precision');
  });

  it('lists the misreadings commonest first', () => {
    assert.deepEqual(keptDigit(read, truth).confusions, [
      { digit: 4, readAs: 9, count: 2, share: 1 },
      { digit: 0, readAs: 6, count: 1, share: 1 / 3 },
      { digit: 9, readAs: 4, count: 1, share: 1 / 3 },
    ]);
  });

  it('shows a reader that reads one digit everywhere: that digit kept every time, but few of its readings right', () => {
    const truth = Array.from({ length: 100 }, (_, i) => i % 10);
    const kept = keptDigit(truth.map(() => 8), truth);
    assert.equal(kept.perDigit[8], 1);
    assert.equal(kept.precision[8], 0.1);
  });

  it('fails a reading against swapped labels: the rate is what tells a kept digit from a lost one', () => {
    const labels = Array.from({ length: 100 }, (_, i) => i % 10);
    assert.equal(keptDigit(labels, labels).rate, 1);
    assert.equal(keptDigit(labels, labels.map((digit) => (digit + 1) % 10)).rate, 0);
  });

  it('refuses readings and labels of different lengths', () => {
    assert.throws(() => keptDigit([1, 2], [1]), /2 readings for 1 labels/);
    assert.throws(() => keptDigit([], []), /non-zero/);
  });
});

describe('flipRate', () => {
  it('is the share of readings that changed', () => {
    assert.equal(flipRate([1, 2, 3, 4], [1, 2, 3, 4]), 0);
    assert.equal(flipRate([1, 2, 3, 4], [1, 7, 3, 5]), 0.5);
    assert.throws(() => flipRate([1], [1, 2]), /1 and 2 readings/);
  });
});

describe('copiedPart', () => {
  const clean = Float32Array.from([0, 0.5, 1, 0.25]);
  const noisy = Float32Array.from([0.1, 0.4, 0.8, 0.25]);

  it('is 1 for the identity, 0 for a constant output, the gain of a scaling', () => {
    assert.equal(copiedPart(clean, noisy, clean, noisy), 1);
    assert.equal(copiedPart(clean, noisy, clean.map(() => 0.3), noisy.map(() => 0.3)), 0);
    const half = (x: Float32Array) => x.map((value) => value / 2);
    assert.ok(Math.abs(copiedPart(clean, noisy, half(clean), half(noisy)) - 0.5) < 1e-7);
  });

  it('does not count a change unrelated to the corruption, which a ratio of squared norms would', () => {
    // The corruption touches pixel 0; the output redraws pixel 1 instead.
    const x = Float32Array.from([0, 0]);
    const corrupted = Float32Array.from([1, 0]);
    const fx = Float32Array.from([0, 0]);
    const redrawn = Float32Array.from([0, 2]);
    assert.equal(copiedPart(x, corrupted, fx, redrawn), 0);
    const squaredNormRatio = ((redrawn[1]! - fx[1]!) ** 2) / ((corrupted[0]! - x[0]!) ** 2);
    assert.equal(squaredNormRatio, 4, 'a ratio of squared norms reads the redrawing as 4 times the corruption');
  });

  it('refuses a corruption that changed nothing, or arrays that differ in length', () => {
    assert.throws(() => copiedPart(clean, clean, clean, clean), /changed no pixel/);
    assert.throws(() => copiedPart(clean, noisy.subarray(1), clean, noisy), /same length/);
  });
});
