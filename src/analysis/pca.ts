/**
 * Principal component analysis of images: the best any *linear* code of size k can do, the
 * baseline an autoencoder's d-number code is measured against. The covariance is a tfjs matrix
 * product (seconds for 55,000 × 784 on wasm), its eigenvectors come from ml-matrix; an SVD of
 * the data matrix itself would be far slower in JavaScript.
 */
import * as tf from '@tensorflow/tfjs-core';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** A fitted PCA: the mean image and the principal axes, largest variance first. */
export interface PcaModel {
  /** Values per image (784 for MNIST). */
  size: number;
  /** The mean image, in the units of the data it was fitted on. */
  mean: Float32Array;
  /** Unit-length principal axes, by decreasing variance; `components[k]` has `size` values. */
  components: Float32Array[];
  /** The variance of the data along each axis (per image, over the fitted images). */
  variances: number[];
}

/** Images per chunk of the covariance product: bounds the memory of one tensor. */
const CHUNK = 8192;

function checkImages(images: Float32Array, size: number, what: string): number {
  if (!Number.isInteger(size) || size < 1) throw new Error(`${what}: size must be a positive integer, got ${size}`);
  if (images.length === 0 || images.length % size !== 0) throw new Error(`${what}: ${images.length} values are not whole images of ${size}`);
  return images.length / size;
}

/**
 * Fits PCA to `images` (image after image, `size` values each), keeping the `maxComponents`
 * axes of largest variance.
 *
 * @throws Error (one line) for data that is not whole images, or more components than values per image.
 */
export function fitPca(images: Float32Array, size: number, maxComponents: number): PcaModel {
  const count = checkImages(images, size, 'fitPca');
  if (!Number.isInteger(maxComponents) || maxComponents < 1 || maxComponents > size) {
    throw new Error(`fitPca: maxComponents must be an integer in 1..${size}, got ${maxComponents}`);
  }
  const mean = new Float64Array(size);
  for (let i = 0; i < count; i++) for (let p = 0; p < size; p++) mean[p]! += images[i * size + p]!;
  for (let p = 0; p < size; p++) mean[p]! /= count;
  const meanF32 = Float32Array.from(mean);

  // Σ (x − μ)(x − μ)ᵀ, chunk by chunk, summed in float64 between chunks.
  const scatter = new Float64Array(size * size);
  const meanTensor = tf.tensor2d(meanF32, [1, size]);
  for (let start = 0; start < count; start += CHUNK) {
    const rows = Math.min(CHUNK, count - start);
    const product = tf.tidy(() => {
      const centred = tf.sub(tf.tensor2d(images.subarray(start * size, (start + rows) * size), [rows, size]), meanTensor);
      return tf.matMul(centred, centred, true, false);
    });
    const values = product.dataSync();
    product.dispose();
    for (let k = 0; k < values.length; k++) scatter[k]! += values[k]!;
  }
  meanTensor.dispose();

  const covariance = new Matrix(size, size);
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) covariance.set(r, c, scatter[r * size + c]! / count);
  const eigen = new EigenvalueDecomposition(covariance, { assumeSymmetric: true });
  const order = eigen.realEigenvalues.map((value, index) => [value, index] as const).sort((a, b) => b[0] - a[0]).slice(0, maxComponents);
  const vectors = eigen.eigenvectorMatrix;
  return {
    size,
    mean: meanF32,
    components: order.map(([, index]) => Float32Array.from(vectors.getColumn(index))),
    variances: order.map(([value]) => Math.max(0, value)),
  };
}

/** The codes of `images`: their coordinates on the first `k` axes (image after image, `k` each). */
export function pcaEncode(model: PcaModel, images: Float32Array, k: number): Float32Array {
  checkK(model, k);
  const count = checkImages(images, model.size, 'pcaEncode');
  if (k === 0) return new Float32Array(0);
  const codes = tf.tidy(() => {
    const centred = tf.sub(tf.tensor2d(images, [count, model.size]), tf.tensor2d(model.mean, [1, model.size]));
    return tf.matMul(centred, axes(model, k), false, true);
  });
  const values = Float32Array.from(codes.dataSync());
  codes.dispose();
  return values;
}

/** Images from codes of the first `k` axes: the mean plus each axis times its coordinate. */
export function pcaDecode(model: PcaModel, codes: Float32Array, k: number): Float32Array {
  checkK(model, k);
  if (k === 0) throw new Error('pcaDecode: a code of 0 components holds no images: use the mean image');
  if (codes.length === 0 || codes.length % k !== 0) throw new Error(`pcaDecode: ${codes.length} values are not whole codes of ${k}`);
  const count = codes.length / k;
  const images = tf.tidy(() => tf.add(tf.matMul(tf.tensor2d(codes, [count, k]), axes(model, k)), tf.tensor2d(model.mean, [1, model.size])));
  const values = Float32Array.from(images.dataSync());
  images.dispose();
  return values;
}

/** The best linear reconstruction of `images` from `k` numbers each; with k = 0, the mean image for every one. */
export function pcaReconstruct(model: PcaModel, images: Float32Array, k: number): Float32Array {
  const count = checkImages(images, model.size, 'pcaReconstruct');
  if (k === 0) {
    const out = new Float32Array(images.length);
    for (let i = 0; i < count; i++) out.set(model.mean, i * model.size);
    return out;
  }
  return pcaDecode(model, pcaEncode(model, images, k), k);
}

/**
 * Mean squared error per value of the k-component reconstruction of `images`, for every k in
 * 0..maxK at once: with orthonormal axes, the error of k components is the centred image's
 * squared length minus the squares of its first k coordinates.
 */
export function pcaMseByComponents(model: PcaModel, images: Float32Array, maxK: number = model.components.length): number[] {
  checkK(model, maxK);
  const count = checkImages(images, model.size, 'pcaMseByComponents');
  let total = 0;
  for (let i = 0; i < count; i++) {
    for (let p = 0; p < model.size; p++) {
      const centred = images[i * model.size + p]! - model.mean[p]!;
      total += centred * centred;
    }
  }
  const explained = new Float64Array(maxK + 1);
  if (maxK > 0) {
    const codes = pcaEncode(model, images, maxK);
    for (let i = 0; i < count; i++) {
      for (let j = 0; j < maxK; j++) explained[j + 1]! += codes[i * maxK + j]! ** 2;
    }
  }
  const result: number[] = [];
  let cumulative = 0;
  for (let k = 0; k <= maxK; k++) {
    cumulative += explained[k]!;
    result.push(Math.max(0, total - cumulative) / (count * model.size));
  }
  return result;
}

/**
 * How many principal components match a reconstruction error: the smallest k whose PCA error
 * (`mseByK[k]`, as {@link pcaMseByComponents} returns) is at most `mse`, or undefined when even
 * the largest k computed does worse.
 */
export function componentsMatching(mseByK: readonly number[], mse: number): number | undefined {
  const k = mseByK.findIndex((value) => value <= mse);
  return k < 0 ? undefined : k;
}

function checkK(model: PcaModel, k: number): void {
  if (!Number.isInteger(k) || k < 0 || k > model.components.length) {
    throw new Error(`k must be an integer in 0..${model.components.length} (the components fitted), got ${k}`);
  }
}

/** The first `k` axes as a [k, size] tensor. */
function axes(model: PcaModel, k: number): tf.Tensor2D {
  const flat = new Float32Array(k * model.size);
  for (let j = 0; j < k; j++) flat.set(model.components[j]!, j * model.size);
  return tf.tensor2d(flat, [k, model.size]);
}
