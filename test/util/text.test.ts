import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstLine, oneLine } from '../../src/util/text.js';

describe('oneLine', () => {
  it('folds every run of white space, newlines included, into one space', () => {
    assert.equal(oneLine(new Error('  bad\n  header\tin file ')), 'bad header in file');
    assert.equal(oneLine(42), '42');
  });

  it('cuts long messages with an ellipsis', () => {
    assert.equal(oneLine('abcdef', 4), 'abc…');
    assert.equal(oneLine('abcd', 4), 'abcd');
  });
});

describe('firstLine', () => {
  it('keeps only the first line of a message, trimmed', () => {
    assert.equal(firstLine(new Error(' Cannot find module x \n  at require (…)')), 'Cannot find module x');
    assert.equal(firstLine('', 10), '');
    assert.equal(firstLine('0123456789\nrest', 5), '0123…');
  });
});
