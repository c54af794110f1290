import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classCounts } from '../../src/data/batching.js';
import { createLoaders, loaderIndices } from '../../src/data/loaders.js';
import { loadMnist } from '../../src/data/mnist.js';
import { TRAINER_CHOICES, TRAINER_SUBSETS, checkTrainerJob, showcaseImages, trainerLoaders } from '../../src/trainer/job.js';
import { trainerData, trainerLoaderOptions } from '../../src/trainer/node.js';
import { trainerHtml } from '../../src/trainer/page-html.js';

const mnist = loadMnist();
const data = trainerData(mnist);

describe('the browser trainer\'s data', () => {
  it('is a stratified subset of each part: 600 training, 100 validation and 100 test images of each digit', () => {
    assert.deepEqual(classCounts(data.train.labels), new Array(10).fill(TRAINER_SUBSETS.train.perClass));
    assert.deepEqual(classCounts(data.validation.labels), new Array(10).fill(TRAINER_SUBSETS.validation.perClass));
    assert.deepEqual(classCounts(data.test.labels), new Array(10).fill(TRAINER_SUBSETS.test.perClass));
    assert.equal(data.train.images.length, 6000 * 784);
  });

  it('trains on no validation image: the two come from the two sides of the tutorial\'s split', () => {
    const indices = loaderIndices(mnist, trainerLoaderOptions(0));
    const validation = new Set(indices.validation);
    assert.equal(indices.train.filter((index) => validation.has(index)).length, 0);
  });

  it('serves the very batches createLoaders serves over all of MNIST, for any seed and epoch', () => {
    for (const seed of [0, 7]) {
      const compact = trainerLoaders(data, seed);
      const full = createLoaders(mnist, trainerLoaderOptions(seed));
      for (const part of ['train', 'validation', 'test'] as const) {
        for (const epoch of [0, 3]) {
          const ours = [...compact[part].batches(epoch)];
          const theirs = [...full[part].batches(epoch)];
          assert.equal(ours.length, theirs.length);
          ours.forEach((batch, b) => {
            assert.deepEqual(batch.x, theirs[b]!.x, `${part} batch ${b} of epoch ${epoch}, seed ${seed}`);
            assert.deepEqual(batch.labels, theirs[b]!.labels);
          });
        }
      }
    }
  });

  it('shows the first 0, 1, …, 9 of its test images each epoch', () => {
    const showcase = showcaseImages(data.test);
    assert.equal(showcase.length, 10 * 784);
    for (let digit = 0; digit < 10; digit++) {
      const first = data.test.labels.indexOf(digit);
      assert.deepEqual(showcase.subarray(digit * 784, (digit + 1) * 784), data.test.images.subarray(first * 784, (first + 1) * 784));
    }
  });
});

describe('checkTrainerJob', () => {
  it('accepts the page\'s choices and names the field it refuses', () => {
    assert.deepEqual(checkTrainerJob({ ...TRAINER_CHOICES.defaults }), TRAINER_CHOICES.defaults);
    assert.throws(() => checkTrainerJob({ latentDim: 11, epochs: 1, seed: 0 }), /^Error: latentDim must be one of 1, 2, .*10 \(got 11\)$/);
    assert.throws(() => checkTrainerJob({ latentDim: 2, epochs: 0, seed: 0 }), /^Error: epochs must be a whole number in 1\.\.30 \(got 0\)$/);
    assert.throws(() => checkTrainerJob({ latentDim: 2, epochs: 1.5, seed: 0 }), /epochs must be a whole number/);
    assert.throws(() => checkTrainerJob({ latentDim: 2, epochs: 1, seed: -1 }), /^Error: seed must be a whole number in 0\.\.999999 \(got -1\)$/);
  });
});

describe('trainerHtml', () => {
  it('inlines everything in under 5 MB, and says what takes the room', () => {
    const { html, sizes } = trainerHtml(data, { id: 'trainer', fallback: '<p>still</p>' });
    assert.equal(sizes.total, Buffer.byteLength(html));
    assert.ok(sizes.images + sizes.worker + sizes.wasm + sizes.pageScripts < sizes.total);
    assert.ok(sizes.total < 5_000_000, `${sizes.total} bytes`);
    // Nothing to fetch: no src or href at all.
    assert.doesNotMatch(html, /\s(src|href)\s*=/);
    assert.match(html, /<div class="ae-trainer-fallback"><p>still<\/p><\/div>/);
  });

  it('refuses an id that is not a valid element id', () => {
    assert.throws(() => trainerHtml(data, { id: '1 trainer', fallback: '' }), /^Error: trainerHtml: id must match/);
  });
});
