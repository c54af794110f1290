import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { planeExplorer, slidersExplorer } from '../../src/analysis/explorer-views.js';
import { loadMnist } from '../../src/data/mnist.js';
import { createAutoencoder } from '../../src/model/index.js';
import { createDigitReader } from '../../src/model/digit-reader.js';
import { useBackend } from '../helpers.js';

describe('explorer stills read by the digit reader', () => {
  before(() => useBackend('wasm'));

  it('give what the reader reads in every tile of the still, and draw it under the tiles', () => {
    const { test } = loadMnist();
    const ten = createAutoencoder({ latentDim: 3, seed: 2 });
    const two = createAutoencoder({ latentDim: 2, seed: 2 });
    const reader = createDigitReader({ seed: 5 });
    const plain = slidersExplorer(ten, test, { starts: [0], count: 200, steps: 5, title: 'd = 3' });
    const read = slidersExplorer(ten, test, { starts: [0], count: 200, steps: 5, title: 'd = 3', reader: reader });
    assert.equal(plain.readings, undefined);
    assert.deepEqual(read.readings!.map((row) => row.label), ['code number 1', 'code number 2', 'code number 3']);
    assert.equal(read.readings![0]!.reading.digits.length, 5);
    assert.equal(PNG.sync.read(read.still).height, PNG.sync.read(plain.still).height + 3 * 16, 'a caption band under each of the three rows');
    const plane = planeExplorer(two, test, { start: 0, count: 200, title: 'd = 2', reader: reader });
    assert.equal(plane.readings!.length, 1);
    for (const model of [ten, two]) model.autoencoder.dispose();
    reader.dispose();
  });
});
