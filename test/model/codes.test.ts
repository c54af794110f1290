import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { fixedExamplesPerClass, imagesAt } from '../../src/data/batching.js';
import { loadMnist } from '../../src/data/mnist.js';
import { toUnitRange } from '../../src/data/transforms.js';
import { createAutoencoder, decodeCodes, encodeImages, interpolateCodes, latticeCodes, reconstructImages, reconstructPixels } from '../../src/model/index.js';
import { useBackend } from '../helpers.js';

describe('codes', () => {
  before(() => useBackend('wasm'));
  const { test } = loadMnist();
  const pixels = imagesAt(test, fixedExamplesPerClass(test.labels));

  it('decoding the codes of images gives their reconstructions, without leaking tensors', () => {
    const model = createAutoencoder({ latentDim: 3, seed: 5 });
    const start = tf.memory().numTensors;
    const codes = encodeImages(model, pixels);
    assert.equal(codes.length, 10 * 3);
    const decoded = decodeCodes(model, codes);
    const reconstructed = reconstructPixels(model, pixels);
    decoded.forEach((value, k) => assert.ok(Math.abs(value - reconstructed[k]!) < 1e-5, `pixel ${k}`));
    assert.ok(decoded.every((value) => value >= 0 && value <= 1));
    assert.equal(tf.memory().numTensors, start);
    model.autoencoder.dispose();
  });

  it('the unpooling encoder gives its code; its decoder cannot draw from a code alone', () => {
    const model = createAutoencoder({ latentDim: 2, decoder: 'unpooling' });
    assert.equal(encodeImages(model, pixels).length, 20);
    assert.throws(() => decodeCodes(model, new Float32Array(2)), /unpooling decoder needs its encoder's pooling switches/);
    model.autoencoder.dispose();
  });

  it('interpolates between two codes and lays a lattice over the plane, top left first', () => {
    assert.deepEqual(Array.from(interpolateCodes(Float32Array.from([0, 2]), Float32Array.from([1, 0]), 3)), [0, 2, 0.5, 1, 1, 0]);
    assert.deepEqual(Array.from(latticeCodes([0, 2], [-1, 1], 3)), [0, 1, 1, 1, 2, 1, 0, 0, 1, 0, 2, 0, 0, -1, 1, -1, 2, -1]);
    assert.throws(() => interpolateCodes(new Float32Array(2), new Float32Array(3), 4), /codes of 2 and 3 numbers/);
  });
});

describe('reconstructImages', () => {
  before(() => useBackend('wasm'));
  it('on [0, 1] images gives what reconstructPixels gives on their bytes', () => {
    const { test } = loadMnist();
    const pixels = imagesAt(test, fixedExamplesPerClass(test.labels));
    const model = createAutoencoder({ latentDim: 3, seed: 5 });
    assert.deepEqual(reconstructImages(model, toUnitRange(pixels)), reconstructPixels(model, pixels));
    model.autoencoder.dispose();
  });
});
