import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nonNegativeInteger, parseDigits, parseDims } from '../../src/cli/parse.js';

describe('parseDims', () => {
  it('accepts a single dim, a range and a list', () => {
    assert.deepEqual(parseDims('4'), [4]);
    assert.deepEqual(parseDims('1-10'), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual(parseDims('1,2,5,10'), [1, 2, 5, 10]);
    assert.deepEqual(parseDims('10, 1-3 ,2'), [10, 1, 2, 3]);
  });
  it('rejects anything else with a message saying what is wrong', () => {
    assert.throws(() => parseDims('0'), /latent dimensions must lie in 1\.\.64, got 0/);
    assert.throws(() => parseDims('5-2'), /range 5-2 runs backwards/);
    assert.throws(() => parseDims('two'), /"two" is not a latent dimension/);
    assert.throws(() => parseDims('1,,2'), /"" is not a latent dimension/);
    assert.throws(() => parseDims('2.5'), /"2.5" is not/);
  });
});

describe('parseDigits', () => {
  it('accepts digits 0..9', () => {
    assert.deepEqual(parseDigits('0'), [0]);
    assert.deepEqual(parseDigits('0-2,9'), [0, 1, 2, 9]);
    assert.throws(() => parseDigits('10'), /digits must lie in 0\.\.9/);
  });
});

describe('nonNegativeInteger', () => {
  it('accepts 0 and whole numbers written as digits, nothing else', () => {
    assert.equal(nonNegativeInteger('0'), 0);
    assert.equal(nonNegativeInteger(' 2 '), 2);
    for (const bad of ['-1', '1.5', 'two', '']) assert.throws(() => nonNegativeInteger(bad), /expected an integer ≥ 0/);
  });
});
