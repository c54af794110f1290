import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import seedrandom from 'seedrandom';
import { componentsMatching, fitPca, pcaDecode, pcaEncode, pcaMseByComponents, pcaReconstruct } from '../../src/analysis/index.js';
import { useBackend } from '../helpers.js';

const SIZE = 6;
/** Two orthonormal axes in 6 dimensions. */
const U1 = [1, 1, 0, 0, 0, 0].map((v) => v / Math.SQRT2);
const U2 = [0, 0, 1, -1, 1, -1].map((v) => v / 2);
const MEAN = [0.5, 0.1, 0.2, 0.3, 0.4, 0.9];

/** Points mean + 3a·u1 + 1b·u2 + tiny noise, a and b of variance 1: variances 9 and 1 along u1 and u2. */
function syntheticData(count: number, noise = 1e-3): Float32Array {
  const random = seedrandom('pca');
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const data = new Float32Array(count * SIZE);
  for (let i = 0; i < count; i++) {
    const a = gaussian();
    const b = gaussian();
    for (let p = 0; p < SIZE; p++) data[i * SIZE + p] = MEAN[p]! + 3 * a * U1[p]! + b * U2[p]! + noise * gaussian();
  }
  return data;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((sum, value, k) => sum + value * b[k]!, 0);

describe('PCA', () => {
  before(() => useBackend('wasm'));
  const data = syntheticData(20000);

  it('finds the known axes, largest variance first, with their variances', () => {
    const model = fitPca(data, SIZE, 3);
    assert.ok(Math.abs(Math.abs(dot(model.components[0]!, U1)) - 1) < 1e-3, 'first axis is ±u1');
    assert.ok(Math.abs(Math.abs(dot(model.components[1]!, U2)) - 1) < 1e-3, 'second axis is ±u2');
    assert.ok(Math.abs(model.variances[0]! - 9) < 0.4, `variance ${model.variances[0]}`);
    assert.ok(Math.abs(model.variances[1]! - 1) < 0.05, `variance ${model.variances[1]}`);
    assert.ok(model.variances[2]! < 1e-5);
    model.mean.forEach((value, p) => assert.ok(Math.abs(value - MEAN[p]!) < 0.05));
  });

  it('reconstructs through k components: the mean at k = 0, nearly exactly at k = 2', () => {
    const model = fitPca(data, SIZE, 3);
    const some = data.subarray(0, 10 * SIZE);
    assert.deepEqual(Array.from(pcaReconstruct(model, some, 0).subarray(SIZE, 2 * SIZE)), Array.from(model.mean));
    const two = pcaReconstruct(model, some, 2);
    some.forEach((value, k) => assert.ok(Math.abs(two[k]! - value) < 1e-2, `value ${k}`));
    assert.deepEqual(Array.from(pcaDecode(model, pcaEncode(model, some, 2), 2)), Array.from(two));
  });

  it('gives the error of every k at once, equal to reconstructing, and how many components match an error', () => {
    const model = fitPca(data, SIZE, 3);
    const byK = pcaMseByComponents(model, data);
    assert.equal(byK.length, 4);
    for (const k of [0, 1, 2]) {
      const reconstructed = pcaReconstruct(model, data, k);
      const direct = data.reduce((sum, value, i) => sum + (value - reconstructed[i]!) ** 2, 0) / data.length;
      // Float32 codes: the subtraction leaves an error of ~1e-7 of the total, far below any MNIST error (~1e-2).
      assert.ok(Math.abs(byK[k]! - direct) <= 1e-4 * direct + 1e-6, `k = ${k}: ${byK[k]} vs ${direct}`);
    }
    // Per value: (9 + 1) / 6 of variance at k = 0, 1/6 left at k = 1, ~0 at k = 2.
    assert.ok(Math.abs(byK[0]! - 10 / 6) < 0.1 && Math.abs(byK[1]! - 1 / 6) < 0.02 && byK[2]! < 1e-5);
    assert.equal(componentsMatching(byK, 0.5), 1);
    assert.equal(componentsMatching(byK, 1e-3), 2);
    assert.equal(componentsMatching(byK, 1e-9), undefined);
  });

  it('rejects data that is not whole images and a k that was not fitted, by name', () => {
    assert.throws(() => fitPca(new Float32Array(7), SIZE, 2), /^Error: fitPca: 7 values are not whole images of 6$/);
    assert.throws(() => fitPca(data, SIZE, 7), /maxComponents must be an integer in 1\.\.6, got 7/);
    assert.throws(() => pcaEncode(fitPca(data, SIZE, 2), data, 3), /^Error: k must be an integer in 0\.\.2 \(the components fitted\), got 3$/);
  });
});
