import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import seedrandom from 'seedrandom';
import {
  BatchLoader,
  fixedExamplesPerClass,
  loadMnist,
  normalizePixels,
  SEED_NORMALIZATION,
  selectIndices,
  type Batch,
  type MnistSplit,
} from '../../src/data/index.js';
import { assertOneLineError } from './fixtures.js';

/** A 1000-example split of 2×3 images with uneven, seeded labels; pixel j of image i is (3i + j) % 256. */
function syntheticSplit(count = 1000): MnistSplit {
  const rows = 2;
  const cols = 3;
  const random = seedrandom('synthetic labels');
  const labels = Uint8Array.from({ length: count }, () => Math.floor(random() * 10));
  const images = Uint8Array.from({ length: count * rows * cols }, (_, k) => {
    const image = Math.floor(k / (rows * cols));
    return (image * 3 + (k % (rows * cols))) % 256;
  });
  return { images, labels, count, rows, cols };
}

const split = syntheticSplit();

function classCounts(labels: Uint8Array, indices: Int32Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const index of indices) counts[labels[index]!]!++;
  return counts;
}

function collect(loader: BatchLoader, epoch: number): Batch[] {
  return Array.from(loader.batches(epoch));
}

function servedOrder(loader: BatchLoader, epoch: number): number[] {
  return collect(loader, epoch).flatMap((batch) => Array.from(batch.indices));
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('BatchLoader shapes', () => {
  it('cuts 1000 examples into 7 batches of 128 and a last one of 104 by default', () => {
    const loader = new BatchLoader(split);
    assert.equal(loader.size, 1000);
    assert.equal(loader.batchSize, 128);
    assert.equal(loader.numBatches, 8);
    const batches = collect(loader, 0);
    assert.deepEqual(batches.map((b) => b.size), [128, 128, 128, 128, 128, 128, 128, 104]);
    for (const batch of batches) {
      assert.equal(batch.x.length, batch.size * 6);
      assert.equal(batch.labels.length, batch.size);
      assert.equal(batch.indices.length, batch.size);
    }
  });

  it('drops the last partial batch with dropLast', () => {
    const loader = new BatchLoader(split, { dropLast: true, shuffle: true, seed: 3 });
    assert.equal(loader.numBatches, 7);
    const batches = collect(loader, 0);
    assert.deepEqual(batches.map((b) => b.size), new Array(7).fill(128));
  });

  it('has no partial batch when the size divides evenly', () => {
    const loader = new BatchLoader(split, { batchSize: 250 });
    assert.deepEqual(collect(loader, 0).map((b) => b.size), [250, 250, 250, 250]);
  });

  it('serves the normalized pixels and labels of the right examples', () => {
    const loader = new BatchLoader(split, { batchSize: 100, shuffle: true, seed: 11 });
    const expectedX = normalizePixels(split.images, SEED_NORMALIZATION);
    for (const batch of collect(loader, 2)) {
      batch.indices.forEach((index, row) => {
        assert.deepEqual(batch.x.subarray(row * 6, row * 6 + 6), expectedX.subarray(index * 6, index * 6 + 6));
        assert.equal(batch.labels[row], split.labels[index]);
      });
    }
  });

  it('hands out fresh arrays every batch, never its own storage', () => {
    const loader = new BatchLoader(split, { batchSize: 500 });
    const [first, second] = collect(loader, 0) as [Batch, Batch];
    assert.notEqual(first.x.buffer, second.x.buffer);
    const before = first.x[0];
    first.x.fill(99);
    const [again] = collect(loader, 0) as [Batch];
    assert.equal(again.x[0], before);
  });
});

describe('BatchLoader order', () => {
  it('serves every index exactly once per epoch when shuffling', () => {
    const loader = new BatchLoader(split, { shuffle: true, seed: 5 });
    for (const epoch of [0, 1, 7]) {
      const order = servedOrder(loader, epoch);
      assert.deepEqual([...order].sort((a, b) => a - b), range(1000));
    }
  });

  it('is reproducible from (seed, epoch) alone, and differs across epochs and seeds', () => {
    const a = new BatchLoader(split, { shuffle: true, seed: 42 });
    const b = new BatchLoader(split, { shuffle: true, seed: 42, batchSize: 37 });
    assert.deepEqual(servedOrder(a, 3), servedOrder(b, 3)); // epoch 3 without running 0..2 first
    assert.notDeepEqual(servedOrder(a, 3), servedOrder(a, 4));
    assert.notDeepEqual(servedOrder(a, 3), servedOrder(new BatchLoader(split, { shuffle: true, seed: 43 }), 3));
    assert.notDeepEqual(servedOrder(a, 0), range(1000));
  });

  it('keeps file order without shuffle', () => {
    const loader = new BatchLoader(split, { seed: 9 });
    assert.deepEqual(servedOrder(loader, 0), range(1000));
    assert.deepEqual(servedOrder(loader, 5), range(1000));
  });

  it('epochOrder matches what batches serves', () => {
    const loader = new BatchLoader(split, { shuffle: true, seed: 1, batchSize: 64 });
    assert.deepEqual(Array.from(loader.epochOrder(4)), servedOrder(loader, 4));
  });

  it('serves only the selected subset, in selection order without shuffle', () => {
    const indices = selectIndices(split.labels, { classes: [3, 8], first: 50 });
    const loader = new BatchLoader(split, { indices, batchSize: 16 });
    assert.equal(loader.size, 50);
    assert.equal(loader.numBatches, 4);
    assert.deepEqual(servedOrder(loader, 0), Array.from(indices));
    const shuffled = new BatchLoader(split, { indices, shuffle: true, seed: 2 });
    assert.deepEqual(servedOrder(shuffled, 0).sort((a, b) => a - b), Array.from(indices));
  });
});

describe('BatchLoader validation', () => {
  it('rejects bad options with one-line errors naming the option', () => {
    for (const batchSize of [0, -4, 1.5, Number.NaN]) {
      assertOneLineError(() => new BatchLoader(split, { batchSize }), /^batchSize must be a positive integer \(got /);
    }
    assertOneLineError(() => new BatchLoader(split, { seed: 0.5 }), /^seed must be an integer/);
    assertOneLineError(() => new BatchLoader(split, { normalization: { mean: 0, std: 0 } }), /^normalization\.std must be/);
    assertOneLineError(() => new BatchLoader(split, { indices: new Int32Array(0) }), /^indices must select at least one/);
    assertOneLineError(() => new BatchLoader(split, { indices: Int32Array.from([0, 1000]) }), /^indices must be in 0\.\.999 \(got 1000\)/);
    assertOneLineError(() => new BatchLoader(split, { batchSize: 2000, dropLast: true }), /^dropLast with batchSize 2000 leaves no batch/);
  });

  it('rejects a split whose arrays disagree with its count', () => {
    assertOneLineError(() => new BatchLoader({ ...split, count: 999 }), /^split: /);
  });

  it('rejects a bad epoch', () => {
    const loader = new BatchLoader(split);
    assertOneLineError(() => loader.batches(-1).next(), /^epoch must be a non-negative integer \(got -1\)/);
    assertOneLineError(() => loader.epochOrder(1.5), /^epoch must be a non-negative integer/);
  });
});

describe('selectIndices', () => {
  const available = classCounts(split.labels, Int32Array.from(range(1000)));

  it('selects everything by default, in file order', () => {
    assert.deepEqual(Array.from(selectIndices(split.labels)), range(1000));
  });

  it('takes the first N', () => {
    assert.deepEqual(Array.from(selectIndices(split.labels, { first: 10 })), range(10));
  });

  it('with a seed, draws N of each class at random, returned in file order; the same seed, the same draw', () => {
    const drawn = selectIndices(split.labels, { perClass: 20, seed: 3 });
    assert.deepEqual(classCounts(split.labels, drawn), new Array(10).fill(20));
    assert.deepEqual(Array.from(drawn), [...drawn].sort((a, b) => a - b));
    assert.deepEqual(selectIndices(split.labels, { perClass: 20, seed: 3 }), drawn);
    const first = selectIndices(split.labels, { perClass: 20 });
    const other = selectIndices(split.labels, { perClass: 20, seed: 4 });
    assert.notDeepEqual(Array.from(drawn), Array.from(first));
    assert.notDeepEqual(Array.from(drawn), Array.from(other));
    // Drawn from the whole file, not its start: some index lies beyond the first 20 of every class.
    assert.ok(Math.max(...drawn) > Math.max(...first));
  });

  it('with a seed and a pool, draws only from the pool; with first, N in all', () => {
    const pool = Int32Array.from(range(500), (i) => 2 * i);
    const drawn = selectIndices(split.labels, { first: 30, seed: 1 }, pool);
    assert.equal(drawn.length, 30);
    assert.ok(Array.from(drawn).every((index) => index % 2 === 0));
    assert.deepEqual(Array.from(drawn), [...drawn].sort((a, b) => a - b));
  });

  it('refuses a seed without first or perClass, and a seed that is not a whole number', () => {
    assertOneLineError(() => selectIndices(split.labels, { seed: 1 }), /seed draws the first or perClass examples at random: give one of them/);
    assertOneLineError(() => selectIndices(split.labels, { perClass: 2, seed: 1.5 }), /seed must be a whole number \(got 1\.5\)/);
  });

  it('takes the first N of each class, in file order', () => {
    const indices = selectIndices(split.labels, { perClass: 20 });
    assert.equal(indices.length, 200);
    assert.deepEqual(classCounts(split.labels, indices), new Array(10).fill(20));
    assert.deepEqual(Array.from(indices), [...indices].sort((a, b) => a - b));
    // The first 20 of class 4 are exactly the earliest 4s in the file.
    const fours = range(1000).filter((i) => split.labels[i] === 4).slice(0, 20);
    assert.deepEqual(Array.from(indices).filter((i) => split.labels[i] === 4), fours);
  });

  it('filters classes, alone or with first / perClass', () => {
    const onlyOnes = selectIndices(split.labels, { classes: [1] });
    assert.equal(onlyOnes.length, available[1]);
    assert.ok(onlyOnes.every((i) => split.labels[i] === 1));
    const counts = classCounts(split.labels, selectIndices(split.labels, { classes: [0, 9], perClass: 7 }));
    assert.deepEqual(counts, [7, 0, 0, 0, 0, 0, 0, 0, 0, 7]);
    const firstFew = selectIndices(split.labels, { classes: [2, 5], first: 9 });
    assert.equal(firstFew.length, 9);
    assert.ok(firstFew.every((i) => split.labels[i] === 2 || split.labels[i] === 5));
  });

  it('rejects bad numbers, bad classes and asking for too much, saying how many exist', () => {
    for (const first of [0, -1, 2.5]) {
      assertOneLineError(() => selectIndices(split.labels, { first }), /^first must be a positive integer/);
    }
    assertOneLineError(() => selectIndices(split.labels, { perClass: 0 }), /^perClass must be a positive integer \(got 0\)/);
    for (const classes of [[10], [-1], [1.5]]) {
      assertOneLineError(() => selectIndices(split.labels, { classes }), /^classes must be digits 0\.\.9/);
    }
    assertOneLineError(() => selectIndices(split.labels, { classes: [] }), /^classes must list at least one digit/);
    assertOneLineError(() => selectIndices(split.labels, { first: 1, perClass: 1 }), /^first and perClass cannot be combined/);
    assertOneLineError(() => selectIndices(split.labels, { first: 1001 }), /^first=1001 .* only 1000 examples$/);
    assertOneLineError(
      () => selectIndices(split.labels, { classes: [3], first: 5000 }),
      new RegExp(`only ${available[3]} examples of classes \\[3\\]$`),
    );
    const fewest = Math.min(...available);
    const scarce = available.indexOf(fewest);
    assertOneLineError(
      () => selectIndices(split.labels, { perClass: fewest + 1 }),
      new RegExp(`^perClass=${fewest + 1} .*: class ${scarce} has only ${fewest}$`),
    );
  });
});

describe('fixedExamplesPerClass', () => {
  it('gives the first example of each digit, in digit order', () => {
    const indices = fixedExamplesPerClass(split.labels);
    assert.deepEqual(Array.from(indices, (i) => split.labels[i]), range(10));
    indices.forEach((index, digit) => assert.equal(index, split.labels.indexOf(digit)));
  });

  it('lays out several per class as rows of one-of-each-digit', () => {
    const indices = fixedExamplesPerClass(split.labels, 3);
    assert.equal(indices.length, 30);
    assert.deepEqual(Array.from(indices, (i) => split.labels[i]), [...range(10), ...range(10), ...range(10)]);
    for (let digit = 0; digit < 10; digit++) {
      const column = [indices[digit]!, indices[10 + digit]!, indices[20 + digit]!];
      assert.deepEqual(column, range(1000).filter((i) => split.labels[i] === digit).slice(0, 3));
    }
  });

  it('rejects a bad count', () => {
    assertOneLineError(() => fixedExamplesPerClass(split.labels, 0), /^perClass must be a positive integer/);
    assertOneLineError(() => fixedExamplesPerClass(Uint8Array.from([0, 1, 2]), 1), /class 3 has only 0$/);
  });
});

describe('on real MNIST', () => {
  const mnist = loadMnist();

  it('picks test images 3 2 1 18 4 8 11 0 61 7 as the first of each digit', () => {
    assert.deepEqual(Array.from(fixedExamplesPerClass(mnist.test.labels)), [3, 2, 1, 18, 4, 8, 11, 0, 61, 7]);
  });

  it('serves the whole training set as 468 batches of 128 and one of 96', () => {
    const loader = new BatchLoader(mnist.train, { shuffle: true, seed: 0 });
    assert.equal(loader.numBatches, 469);
    let seen = 0;
    let last: Batch | undefined;
    for (const batch of loader.batches(0)) {
      seen += batch.size;
      last = batch;
    }
    assert.equal(seen, 60000);
    assert.equal(last?.size, 96);
    assert.equal(last?.x.length, 96 * 784);
  });

  it('selects 100 per class from the training labels', () => {
    const indices = selectIndices(mnist.train.labels, { perClass: 100 });
    assert.deepEqual(classCounts(mnist.train.labels, indices), new Array(10).fill(100));
    assertOneLineError(() => selectIndices(mnist.test.labels, { perClass: 900 }), /class 5 has only 892$/);
  });
});
