import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import seedrandom from 'seedrandom';
import { type LabeledCodes, accuracy, knnPredict, knnValidationAccuracy, probeCodes } from '../../src/analysis/index.js';
import { fitSoftmax, knnPredictMany, softmaxLossGradients, softmaxPredict } from '../../src/analysis/probes.js';
import { useBackend } from '../helpers.js';

/** `perClass` points around each of `classes` centres on a circle of radius `radius`, noise 1 (2-D codes). */
function blobs(perClass: number, classes: number, radius: number, seed: string, shuffleLabels = false): LabeledCodes {
  const random = seedrandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const codes = new Float32Array(perClass * classes * 2);
  const labels = new Uint8Array(perClass * classes);
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < perClass; i++) {
      const k = c * perClass + i;
      codes[2 * k] = radius * Math.cos((2 * Math.PI * c) / classes) + gaussian();
      codes[2 * k + 1] = radius * Math.sin((2 * Math.PI * c) / classes) + gaussian();
      labels[k] = shuffleLabels ? Math.floor(random() * classes) : c;
    }
  }
  return { codes, labels, dim: 2 };
}

describe('probes', () => {
  before(() => useBackend('wasm'));

  it('knnValidationAccuracy: near 1 on separated blobs, near chance with shuffled labels, and names the k', () => {
    const train = blobs(40, 10, 30, 'train');
    const best = knnValidationAccuracy(train, blobs(20, 10, 30, 'validation'), [1, 5]);
    assert.ok(best.accuracy > 0.99 && best.k === 1, JSON.stringify(best));
    const shuffled = knnValidationAccuracy(blobs(40, 10, 30, 'train', true), blobs(20, 10, 30, 'validation'), [1, 5]);
    assert.ok(shuffled.accuracy < 0.3, JSON.stringify(shuffled));
  });

  it('accuracy counts the matches', () => {
    assert.equal(accuracy(Uint8Array.from([1, 2, 3, 4]), Uint8Array.from([1, 2, 0, 4])), 0.75);
    assert.throws(() => accuracy(new Uint8Array(2), new Uint8Array(3)), /differ in length/);
  });

  it('k-NN: exact neighbours on a small case, ties to the nearest, near-perfect on well separated blobs', () => {
    const train: LabeledCodes = { codes: Float32Array.from([0, 0, 1, 0, 10, 10, 11, 10, 10, 11]), labels: Uint8Array.from([1, 1, 2, 2, 2]), dim: 2 };
    assert.deepEqual(Array.from(knnPredict(train, { codes: Float32Array.from([0.2, 0, 10.4, 10.4]), dim: 2 }, 1)), [1, 2]);
    assert.deepEqual(Array.from(knnPredict(train, { codes: Float32Array.from([0.2, 0, 10.4, 10.4]), dim: 2 }, 3)), [1, 2]);
    // k = 2 at (9, 9): one 2 at distance ~1.4 and one 2 at ~2.2 → 2; at (-1, 0) two 1s → 1.
    const tie: LabeledCodes = { codes: Float32Array.from([0, 0, 2, 0]), labels: Uint8Array.from([3, 4]), dim: 2 };
    assert.deepEqual(Array.from(knnPredict(tie, { codes: Float32Array.from([1.5, 0]), dim: 2 }, 2)), [4], 'a 1–1 tie goes to the nearer');
    const far = blobs(200, 10, 30, 'train');
    assert.ok(accuracy(knnPredict(far, blobs(50, 10, 30, 'query'), 5), blobs(50, 10, 30, 'query').labels) > 0.99);
  });

  it('k-NN for several k at once gives what each k alone gives', () => {
    const [train, query] = [blobs(60, 10, 3, 'train'), blobs(20, 10, 3, 'query')];
    const many = knnPredictMany(train, query, [1, 4, 9]);
    for (const k of [1, 4, 9]) assert.deepEqual(many.get(k), knnPredict(train, query, k), `k = ${k}`);
    assert.throws(() => knnPredictMany(train, query, [0]), /k must be an integer in 1\.\.600, got 0/);
  });

  it('softmax regression: near-perfect on separable blobs, chance on shuffled labels, without leaking tensors', () => {
    const start = tf.memory().numTensors;
    const model = fitSoftmax(blobs(200, 10, 30, 'train'), { l2: 0 });
    const query = blobs(50, 10, 30, 'query');
    assert.ok(accuracy(softmaxPredict(model, query.codes), query.labels) > 0.97);
    const noise = fitSoftmax(blobs(200, 10, 30, 'train', true), { l2: 1e-3 });
    const chance = accuracy(softmaxPredict(noise, query.codes), blobs(50, 10, 30, 'query', true).labels);
    assert.ok(chance < 0.2, `${chance}`);
    assert.equal(tf.memory().numTensors, start);
  });

  it('chooses each setting on validation and scores the test codes once with it', () => {
    const [train, validation, test] = [blobs(100, 10, 3, 'train'), blobs(50, 10, 3, 'validation'), blobs(50, 10, 3, 'test')];
    const result = probeCodes(train, validation, test, { k: [1, 15], l2: [0, 0.1] });
    // Overlapping blobs: 15 neighbours beat 1 on validation.
    const knnOn = (data: LabeledCodes, k: number) => accuracy(knnPredict(train, data, k), data.labels);
    assert.ok(knnOn(validation, 15) > knnOn(validation, 1));
    assert.deepEqual(result.knn, { setting: 15, validation: knnOn(validation, 15), test: knnOn(test, 15) });
    const softmaxOn = (data: LabeledCodes, l2: number) => accuracy(softmaxPredict(fitSoftmax(train, { l2: l2 }), data.codes), data.labels);
    const chosen = softmaxOn(validation, 0) >= softmaxOn(validation, 0.1) ? 0 : 0.1;
    assert.deepEqual(result.softmax, { setting: chosen, validation: softmaxOn(validation, chosen), test: softmaxOn(test, chosen) });
  });

  it('fits the softmax probe with the steps it is given', () => {
    const [train, validation, test] = [blobs(100, 10, 3, 'train'), blobs(50, 10, 3, 'validation'), blobs(50, 10, 3, 'test')];
    const oneStep = probeCodes(train, validation, test, { k: [1], l2: [0], steps: 1 });
    const softmaxOn = (data: LabeledCodes, steps: number) => accuracy(softmaxPredict(fitSoftmax(train, { l2: 0, steps: steps }), data.codes), data.labels);
    assert.equal(oneStep.softmax.test, softmaxOn(test, 1));
    // Ignoring `steps` would fit with the default (150) instead.
    assert.notEqual(softmaxOn(test, 1), softmaxOn(test, 150));
  });

  it('softmax regression: its written-out gradients equal tfjs autodiff of mean cross-entropy + l2·‖W‖²', () => {
    const random = seedrandom('gradients');
    const [n, dim, l2] = [37, 4, 0.3];
    // Unbalanced digits, non-zero weights and bias: no term of the gradient vanishes by symmetry.
    const x = tf.tensor2d(Float32Array.from({ length: n * dim }, () => random() * 4 - 2), [n, dim]);
    const y = tf.oneHot(tf.tensor1d(Int32Array.from({ length: n }, () => Math.floor(random() ** 2 * 10)), 'int32'), 10) as tf.Tensor2D;
    const weights = tf.tensor2d(Float32Array.from({ length: dim * 10 }, () => random() - 0.5), [dim, 10]);
    const bias = tf.tensor1d(Float32Array.from({ length: 10 }, () => random() - 0.5));
    const written = softmaxLossGradients(x, y, weights, bias, l2);
    const loss = (w: tf.Tensor, b: tf.Tensor) =>
      tf.add(tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(x, w as tf.Tensor2D), b)), tf.mul(l2, tf.sum(tf.square(w)))) as tf.Scalar;
    const [expectedWeights, expectedBias] = tf.grads(loss)([weights, bias]);
    for (const [name, got, expected] of [['weights', written.weights, expectedWeights!], ['bias', written.bias, expectedBias!]] as const) {
      const [a, b] = [got.dataSync(), expected.dataSync()];
      assert.equal(a.length, b.length);
      b.forEach((value, i) => assert.ok(Math.abs(value - a[i]!) < 1e-6, `${name} ${i}: ${a[i]} vs ${value}`));
      assert.ok(b.some((value) => Math.abs(value) > 1e-3), `${name}: the expected gradient is not all but zero`);
    }
    tf.dispose([x, y, weights, bias, written.weights, written.bias, expectedWeights!, expectedBias!]);
  });

  it('fitSoftmax refuses settings that cannot fit', () => {
    const train = blobs(5, 10, 3, 'train');
    assert.throws(() => fitSoftmax(train, { l2: -1 }), /^Error: fitSoftmax: l2 must be ≥ 0, got -1$/);
    assert.throws(() => fitSoftmax(train, { l2: 0, steps: 0 }), /^Error: fitSoftmax: steps must be a positive integer, got 0$/);
    assert.throws(() => fitSoftmax(train, { l2: 0, learningRate: Number.NaN }), /^Error: fitSoftmax: learningRate must be > 0, got NaN$/);
  });
});
