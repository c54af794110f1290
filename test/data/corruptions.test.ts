import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Corruption, corrupt, describeCorruption } from '../../src/data/corruptions.js';

const PIXELS = 784;
const gray = (count: number, value = 0.5) => new Float32Array(count * PIXELS).fill(value);
const changed = (a: Float32Array, b: Float32Array) => a.reduce((n, value, k) => n + (value !== b[k] ? 1 : 0), 0);

describe('corrupt', () => {
  it('gaussian: zero-mean noise of the given σ, clipped to [0, 1]', () => {
    const clean = gray(50);
    const noisy = corrupt(clean, { kind: 'gaussian', sigma: 0.1 }, 1);
    const diffs = Array.from(noisy, (value, k) => value - clean[k]!);
    const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
    const std = Math.sqrt(diffs.reduce((a, b) => a + (b - mean) ** 2, 0) / diffs.length);
    assert.ok(Math.abs(mean) < 0.002 && Math.abs(std - 0.1) < 0.002, `mean ${mean}, std ${std}`);
    const strong = corrupt(clean, { kind: 'gaussian', sigma: 1 }, 1);
    assert.ok(strong.every((value) => value >= 0 && value <= 1));
    assert.ok(strong.some((value) => value === 0) && strong.some((value) => value === 1), 'clipped at both ends');
  });

  it('salt and pepper: about `rate` of the pixels turned black or white', () => {
    const clean = gray(50);
    const noisy = corrupt(clean, { kind: 'salt-and-pepper', rate: 0.1 }, 2);
    const share = changed(clean, noisy) / clean.length;
    assert.ok(Math.abs(share - 0.1) < 0.005, `${share}`);
    assert.ok(noisy.every((value, k) => value === clean[k] || value === 0 || value === 1));
  });

  it('blot: one black square of the given side in the middle of each image', () => {
    const blotted = corrupt(gray(20, 1), { kind: 'blot', size: 6 }, 3);
    for (let i = 0; i < 20; i++) {
      const image = blotted.subarray(i * PIXELS, (i + 1) * PIXELS);
      const black = [...image.keys()].filter((p) => image[p] === 0);
      assert.equal(black.length, 36);
      const xs = black.map((p) => p % 28);
      const ys = black.map((p) => Math.floor(p / 28));
      assert.equal(Math.max(...xs) - Math.min(...xs), 5);
      assert.ok(Math.min(...xs, ...ys) >= 4 && Math.max(...xs, ...ys) <= 23);
    }
  });

  it('stroke: a white line of about width × 28 pixels, different in every image', () => {
    const stroked = corrupt(gray(20, 0), { kind: 'stroke', width: 2 }, 4);
    const counts = Array.from({ length: 20 }, (_, i) => stroked.subarray(i * PIXELS, (i + 1) * PIXELS).filter((value) => value === 1).length);
    for (const count of counts) assert.ok(count >= 28 && count <= 2.9 * 2 * 28, `${count} white pixels`);
    assert.ok(new Set(counts).size > 1);
  });

  it('is a function of the images, corruption and seed', () => {
    const clean = gray(5);
    const corruption: Corruption = { kind: 'gaussian', sigma: 0.3 };
    assert.deepEqual(corrupt(clean, corruption, 7), corrupt(clean, corruption, 7));
    assert.notDeepEqual(corrupt(clean, corruption, 7), corrupt(clean, corruption, 8));
    assert.deepEqual(clean, gray(5), 'the input is not changed');
  });

  it('rejects a level out of range and data that is not whole images, by name', () => {
    assert.throws(() => corrupt(gray(1), { kind: 'gaussian', sigma: 2 }, 0), /^Error: sigma must be in 0\.\.1, got 2$/);
    assert.throws(() => corrupt(new Float32Array(5), { kind: 'blot', size: 4 }, 0), /not whole 28×28 images/);
  });

  it('is described in a few words', () => {
    assert.deepEqual([
      describeCorruption({ kind: 'gaussian', sigma: 0.3 }), describeCorruption({ kind: 'salt-and-pepper', rate: 0.1 }),
      describeCorruption({ kind: 'blot', size: 8 }), describeCorruption({ kind: 'stroke', width: 2 }),
    ], ['noise σ 0.3', 'salt & pepper 10 %', 'blot 8×8', 'stray stroke 2 px']);
  });
});

describe('a BatchLoader that corrupts its inputs', () => {
  it('serves the clean images as x and corrupted ones as input, the same for the same seed, epoch and batch', async () => {
    const { BatchLoader } = await import('../../src/data/batching.js');
    const { loadMnist } = await import('../../src/data/mnist.js');
    const { test } = loadMnist();
    const indices = Int32Array.from({ length: 300 }, (_, i) => i);
    const plain = new BatchLoader(test, { indices, batchSize: 128 });
    const noisy = new BatchLoader(test, { indices, batchSize: 128, corruption: { kind: 'salt-and-pepper', rate: 0.2 }, shuffle: true, seed: 3 });
    const again = new BatchLoader(test, { indices, batchSize: 128, corruption: { kind: 'salt-and-pepper', rate: 0.2 }, shuffle: true, seed: 3 });
    const [first] = noisy.batches(1);
    const [same] = again.batches(1);
    const [next] = noisy.batches(2);
    assert.deepEqual(first!.input, same!.input);
    assert.notDeepEqual(first!.input, next!.input, 'another epoch, another draw');
    const share = changed(first!.x, first!.input!) / first!.x.length;
    assert.ok(share > 0.05 && share < 0.2, `${share} of the pixels changed`);
    assert.ok(first!.input!.every((value) => value >= -0.5 && value <= 0.5), 'still in the normalized range');
    const [clean] = plain.batches(0);
    assert.equal(clean!.input, undefined);
    assert.throws(() => new BatchLoader(test, { corruption: { kind: 'gaussian', sigma: 3 } }), /^Error: sigma must be in 0\.\.1, got 3$/);
  });
});
