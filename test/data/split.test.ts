import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classCounts, selectIndices } from '../../src/data/batching.js';
import { createLoaders } from '../../src/data/loaders.js';
import { loadMnist } from '../../src/data/mnist.js';
import { VALIDATION_SPLIT, splitValidation } from '../../src/data/split.js';

describe('splitValidation', () => {
  it('holds out exactly `size` images, each class in proportion, disjoint from the rest and covering the split', () => {
    // 100 labels: 50 zeros, 30 ones, 20 twos; 10 held out → 5, 3, 2.
    const labels = Uint8Array.from([...Array(50).fill(0), ...Array(30).fill(1), ...Array(20).fill(2)]);
    const { train, validation } = splitValidation(labels, { size: 10, seed: 1 });
    assert.equal(validation.length, 10);
    assert.equal(train.length, 90);
    assert.deepEqual(classCounts(Uint8Array.from(validation, (i) => labels[i]!)).slice(0, 3), [5, 3, 2]);
    assert.deepEqual([...train, ...validation].sort((a, b) => a - b), Array.from({ length: 100 }, (_, i) => i));
    assert.deepEqual([...validation], [...validation].sort((a, b) => a - b), 'file order');
  });

  it('rounds the shares by largest remainder so they add up to the size', () => {
    const labels = Uint8Array.from([0, 0, 0, 1, 1, 1, 2, 2, 2]); // 3 each, 2 held out: shares 2/3 each
    const { validation } = splitValidation(labels, { size: 2, seed: 0 });
    assert.deepEqual(classCounts(Uint8Array.from(validation, (i) => labels[i]!)).slice(0, 3), [1, 1, 0], 'ties go to the lower digit');
  });

  it('is a function of the labels, size and seed only', () => {
    const { labels } = loadMnist().train;
    const first = splitValidation(labels, VALIDATION_SPLIT);
    assert.deepEqual(splitValidation(labels, VALIDATION_SPLIT), first);
    assert.notDeepEqual(splitValidation(labels, { ...VALIDATION_SPLIT, seed: 1 }).validation, first.validation);
  });

  it("MNIST's split: 5,000 images, each digit's share of the 60,000 within one image", () => {
    const { labels } = loadMnist().train;
    const { validation } = splitValidation(labels);
    const held = classCounts(Uint8Array.from(validation, (i) => labels[i]!));
    classCounts(labels).forEach((count, digit) => assert.ok(Math.abs(held[digit]! - (5000 * count) / 60000) < 1, `digit ${digit}: ${held[digit]}`));
  });

  it('rejects a size or seed that cannot work, by name', () => {
    const labels = Uint8Array.from([0, 1, 2]);
    assert.throws(() => splitValidation(labels, { size: 3, seed: 0 }), /^Error: validation size must be an integer in 1\.\.2, got 3$/);
    assert.throws(() => splitValidation(labels, { size: 0, seed: 0 }), /validation size must be an integer/);
    assert.throws(() => splitValidation(labels, { size: 1, seed: 0.5 }), /^Error: validation seed must be an integer, got 0\.5$/);
  });
});

describe('createLoaders with the validation split', () => {
  const mnist = loadMnist();
  const held = new Set(splitValidation(mnist.train.labels).validation);

  it('trains on the rest of the training split, chooses on the held-out images, scores on the test split', () => {
    const { train, validation, test } = createLoaders(mnist);
    assert.deepEqual([train.size, validation.size, test.size], [55000, 5000, 10000]);
    assert.ok([...train.epochOrder(0)].every((index) => !held.has(index)), 'no validation image is trained on');
    assert.ok([...validation.epochOrder(0)].every((index) => held.has(index)));
  });

  it('draws a training subset from the training part only, and keeps only the chosen digits in validation and test', () => {
    const { train, validation, test } = createLoaders(mnist, { subset: { first: 512 } });
    assert.equal(train.size, 512);
    assert.ok([...train.epochOrder(0)].every((index) => !held.has(index)));
    assert.equal(validation.size, 5000, 'the validation split does not shrink with the training subset');
    const digits = createLoaders(mnist, { subset: { classes: [3], perClass: 100 } });
    assert.equal(digits.train.size, 100);
    const onlyThrees = (loader: typeof validation, labels: Uint8Array) => [...loader.epochOrder(0)].every((index) => labels[index] === 3);
    assert.ok(onlyThrees(digits.validation, mnist.train.labels) && onlyThrees(digits.test, mnist.test.labels));
    assert.equal(test.size, 10000);
  });

  it('takes seeded, stratified validation and test subsets: the held-out images stay the only ones chosen on', () => {
    const options = { subset: { perClass: 60, seed: 2 }, validationSubset: { perClass: 10, seed: 2 }, testSubset: { perClass: 10, seed: 2 } };
    const { train, validation, test } = createLoaders(mnist, options);
    assert.deepEqual([train.size, validation.size, test.size], [600, 100, 100]);
    const indices = (loader: typeof validation) => Int32Array.from(loader.epochOrder(0));
    assert.deepEqual(classCounts(Uint8Array.from(indices(validation), (i) => mnist.train.labels[i]!)), new Array(10).fill(10));
    assert.deepEqual(classCounts(Uint8Array.from(indices(test), (i) => mnist.test.labels[i]!)), new Array(10).fill(10));
    assert.ok([...indices(validation)].every((index) => held.has(index)));
    assert.ok([...indices(train)].every((index) => !held.has(index)));
    // The same options, the same images; the training part is drawn, not its first 60 of each digit.
    assert.deepEqual(indices(createLoaders(mnist, options).test), indices(test));
    assert.notDeepEqual([...indices(train)].sort((a, b) => a - b), [...createLoaders(mnist, { subset: { perClass: 60 } }).train.epochOrder(0)].sort((a, b) => a - b));
  });

  it('names the evaluation subset that does not fit', () => {
    assert.throws(() => createLoaders(mnist, { testSubset: { perClass: 2000 } }), /^Error: testSubset: perClass=2000 asks for more examples than exist: class 0 has only 980$/);
  });

  it('selectIndices chooses within a pool, "first" meaning first in the pool', () => {
    const labels = Uint8Array.from([0, 1, 0, 1, 0, 1]);
    const pool = Int32Array.from([1, 2, 4, 5]);
    assert.deepEqual([...selectIndices(labels, { first: 2 }, pool)], [1, 2]);
    assert.deepEqual([...selectIndices(labels, { classes: [0] }, pool)], [2, 4]);
    assert.throws(() => selectIndices(labels, { perClass: 3 }, pool), /class 0 has only 2/);
  });
});
