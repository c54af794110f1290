/**
 * Anomaly scores beside the plain reconstruction error (`perImageMse`), for notebook 04: the
 * error after a light blur, which forgives a stroke drawn a pixel off, and the distance of the
 * code from the normal images' codes, which sees an anomaly the decoder happens to redraw well.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Matrix, inverse } from 'ml-matrix';
import { BatchLoader, imagesAt } from '../data/batching';
import { describeCorruption } from '../data/corruptions';
import type { Mnist, MnistSplit } from '../data/mnist';
import type { TrainValidationIndices } from '../data/split';
import { batchTensor } from '../data/tensors';
import { type Autoencoder, encodeImages } from '../model';
import { type SplitScores, combinedScore } from './anomaly-protocols';
import type { OneClassModel, OneClassPreset } from '../train/presets';
import { perImageError } from './per-image';

/** A normalized 2-D Gaussian kernel of standard deviation `sigma` pixels, 2·⌈2σ⌉ + 1 wide, as a conv2d filter. */
function gaussianKernel(sigma: number): tf.Tensor4D {
  const radius = Math.ceil(2 * sigma);
  const weights = Array.from({ length: 2 * radius + 1 }, (_, k) => Math.exp(-((k - radius) ** 2) / (2 * sigma * sigma)));
  const total = weights.reduce((sum, w) => sum + w, 0);
  const oneD = weights.map((w) => w / total);
  const size = oneD.length;
  return tf.tensor4d(oneD.flatMap((wy) => oneD.map((wx) => wy * wx)), [size, size, 1, 1]);
}

/**
 * The MSE per pixel ([0, 1] units) between each image and its reconstruction after both are
 * blurred with a Gaussian of `sigma` pixels (zero padding at the border), in the order of `split`
 * (or of `indices`). Blurring the two is blurring their difference: an error of one thin stroke
 * shifted by a pixel mostly cancels, a missing or extra stroke does not. Frees every tensor it makes.
 *
 * @throws Error when `sigma` is not a positive number.
 */
export function perImageBlurredMse(model: Pick<Autoencoder, 'autoencoder' | 'options'>, split: MnistSplit, sigma: number, indices?: Int32Array): Float32Array {
  if (!(sigma > 0) || !Number.isFinite(sigma)) throw new Error(`perImageBlurredMse: sigma must be a positive number of pixels, got ${sigma}`);
  const kernel = gaussianKernel(sigma);
  try {
    return perImageError(model, split, (reconstruction, input) =>
      tf.sum(tf.square(tf.conv2d(tf.sub(reconstruction, input) as tf.Tensor4D, kernel, 1, 'same')), [1, 2, 3]), indices);
  } finally {
    kernel.dispose();
  }
}

/** A Gaussian fitted to codes: their mean and the inverse of their covariance. */
export interface CodeGaussian {
  dim: number;
  mean: Float64Array;
  /** The inverse covariance (`dim` × `dim`, row after row), with a small ridge so that it exists. */
  precision: Float64Array;
}

/**
 * Fits a Gaussian to `codes` (`dim` numbers each): the mean and covariance of the normal images'
 * codes. A ridge of 1e-6 times the mean variance keeps the covariance invertible.
 *
 * @throws Error (one line) when the codes are not whole `dim`-number codes, are fewer than
 *   dim + 1, or do not vary at all.
 */
export function fitCodeGaussian(codes: Float32Array, dim: number): CodeGaussian {
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`fitCodeGaussian: dim must be a positive integer, got ${dim}`);
  const count = codes.length / dim;
  if (!Number.isInteger(count)) throw new Error(`fitCodeGaussian: ${codes.length} numbers are not whole codes of ${dim}`);
  if (count <= dim) throw new Error(`fitCodeGaussian: ${count} codes cannot fit a Gaussian in ${dim} dimensions (need more than ${dim})`);
  const mean = new Float64Array(dim);
  for (let i = 0; i < count; i++) for (let j = 0; j < dim; j++) mean[j]! += codes[i * dim + j]!;
  for (let j = 0; j < dim; j++) mean[j]! /= count;
  const covariance = Matrix.zeros(dim, dim);
  for (let i = 0; i < count; i++) {
    for (let a = 0; a < dim; a++) {
      const da = codes[i * dim + a]! - mean[a]!;
      for (let b = a; b < dim; b++) covariance.set(a, b, covariance.get(a, b) + da * (codes[i * dim + b]! - mean[b]!));
    }
  }
  let trace = 0;
  for (let a = 0; a < dim; a++) {
    for (let b = a; b < dim; b++) {
      const value = covariance.get(a, b) / (count - 1);
      covariance.set(a, b, value);
      covariance.set(b, a, value);
    }
    trace += covariance.get(a, a);
  }
  if (!(trace > 0)) throw new Error(`fitCodeGaussian: the ${count} codes do not vary (every code the same), so no Gaussian fits them`);
  const ridge = (1e-6 * trace) / dim;
  for (let a = 0; a < dim; a++) covariance.set(a, a, covariance.get(a, a) + ridge);
  return { dim, mean, precision: Float64Array.from(inverse(covariance).to1DArray()) };
}

/**
 * The squared Mahalanobis distance of each code from `gaussian`: (z − μ)ᵀ Σ⁻¹ (z − μ), how many
 * "standard deviations" (squared, summed over the code's directions) it lies from the normal codes.
 *
 * @throws Error when `codes` are not whole codes of the Gaussian's dim.
 */
export function codeDistances(gaussian: CodeGaussian, codes: Float32Array): Float32Array {
  const { dim, mean, precision } = gaussian;
  const count = codes.length / dim;
  if (!Number.isInteger(count)) throw new Error(`codeDistances: ${codes.length} numbers are not whole codes of ${dim}`);
  const distances = new Float32Array(count);
  const centred = new Float64Array(dim);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < dim; j++) centred[j] = codes[i * dim + j]! - mean[j]!;
    let sum = 0;
    for (let a = 0; a < dim; a++) {
      let row = 0;
      for (let b = 0; b < dim; b++) row += precision[a * dim + b]! * centred[b]!;
      sum += centred[a]! * row;
    }
    distances[i] = sum;
  }
  return distances;
}

/** The anomaly scores notebook 04 compares, fixed before any result. */
export const ANOMALY_SCORES = Object.freeze(['MSE', 'blurred MSE', 'code distance', 'MSE + code distance'] as const);
export type AnomalyScoreName = (typeof ANOMALY_SCORES)[number];

/** A candidate model as a reader names it: `d = 32`, or `d = 32, denoising (noise σ 0.3)`. */
export function oneClassModelName(model: OneClassModel): string {
  return `d = ${model.latentDim}${model.corruption ? `, denoising (${describeCorruption(model.corruption)})` : ''}`;
}

/** One configuration of notebook 04: a candidate model (index into the preset's) and a score. */
export interface OneClassConfiguration {
  /** `<model name> · <score>`. */
  name: string;
  model: number;
  score: AnomalyScoreName;
}

/**
 * Every configuration of a preset's per-digit models (each candidate model with each score, models
 * outer), and the strict protocol's.
 *
 * @throws Error (one line) when the preset's strict configuration names no candidate model or no score.
 */
export function oneClassConfigurations(plan: Pick<OneClassPreset, 'models' | 'strict'>): { candidates: OneClassConfiguration[]; strict: OneClassConfiguration } {
  const candidates = plan.models.flatMap((model, index) => ANOMALY_SCORES.map((score) => ({ name: `${oneClassModelName(model)} · ${score}`, model: index, score })));
  const strict = candidates.find((candidate) => candidate.model === plan.strict.model && candidate.score === plan.strict.score);
  if (!strict) throw new Error(`oneClass.strict (model ${plan.strict.model}, score ${plan.strict.score}) is not a candidate: models 0..${plan.models.length - 1}, scores ${ANOMALY_SCORES.join(', ')}`);
  return { candidates, strict };
}

/**
 * The code of every image of `split` at `indices` (all when absent), its MSE per pixel ([0, 1]
 * units, as {@link perImageMse}) and its MSE after a Gaussian blur of `kernel`, in one pass: the
 * reconstruction is the decoder's image of the code. Only for the `transposed` decoder.
 */
function codesAndErrors(model: Pick<Autoencoder, 'encoder' | 'decoder' | 'options'>, split: MnistSplit, kernel: tf.Tensor4D, indices?: Int32Array) {
  const { normalization, latentDim } = model.options;
  const loader = new BatchLoader(split, { normalization, batchSize: 256, ...(indices ? { indices } : {}) });
  const codes = new Float32Array(loader.size * latentDim);
  const mse = new Float32Array(loader.size);
  const blurred = new Float32Array(loader.size);
  const scale = normalization.std ** 2 / (split.rows * split.cols);
  let offset = 0;
  for (const batch of loader.batches(0)) {
    // Read back outside tf.tidy: tidy walks every element of a returned typed array.
    const [code, squared, blurredSquared] = tf.tidy(() => {
      const x = batchTensor(batch, split.rows, split.cols);
      const z = model.encoder.apply(x, { training: false }) as tf.Tensor2D;
      const difference = tf.sub(model.decoder.apply(z, { training: false }) as tf.Tensor4D, x);
      return [z, tf.sum(tf.square(difference), [1, 2, 3]), tf.sum(tf.square(tf.conv2d(difference as tf.Tensor4D, kernel, 1, 'same')), [1, 2, 3])];
    });
    codes.set(code.dataSync(), offset * latentDim);
    const squaredValues = squared.dataSync();
    const blurredValues = blurredSquared.dataSync();
    for (let k = 0; k < batch.size; k++) {
      mse[offset + k] = squaredValues[k]! * scale;
      blurred[offset + k] = blurredValues[k]! * scale;
    }
    tf.dispose([code, squared, blurredSquared]);
    offset += batch.size;
  }
  return { codes, mse, blurred };
}

/**
 * Every score of {@link ANOMALY_SCORES} of one per-digit model, on the validation split's images
 * (all digits, in the order of `split.validation`) and on the test split: what
 * {@link anomalyProtocols} chooses from. The code distance's Gaussian is fitted on the normal
 * digit's training images; the combined score adds the MSE's and the code distance's z-scores,
 * each against the normal digit's validation images (LSA normalizes by min–max; z-scores are
 * this project's choice). The blurred MSE blurs by `blurSigma` pixels. One pass over each split.
 *
 * @throws Error when the model's decoder is not `transposed`, or `blurSigma` is not a positive number.
 */
export function oneClassScores(
  model: Pick<Autoencoder, 'encoder' | 'decoder' | 'options'>, mnist: Mnist, split: TrainValidationIndices, normalDigit: number, blurSigma = 1,
): Record<AnomalyScoreName, SplitScores> {
  if (model.options.decoder !== 'transposed') throw new Error(`oneClassScores: the ${model.options.decoder} decoder needs its pooling switches; per-digit models are transposed`);
  if (!(blurSigma > 0) || !Number.isFinite(blurSigma)) throw new Error(`oneClassScores: blurSigma must be a positive number of pixels, got ${blurSigma}`);
  const ownTraining = split.train.filter((index) => mnist.train.labels[index] === normalDigit);
  const gaussian = fitCodeGaussian(encodeImages(model, imagesAt(mnist.train, ownTraining)), model.options.latentDim);
  const kernel = gaussianKernel(blurSigma);
  let validation, test;
  try {
    validation = codesAndErrors(model, mnist.train, kernel, split.validation);
    test = codesAndErrors(model, mnist.test, kernel);
  } finally {
    kernel.dispose();
  }
  const code = { validation: codeDistances(gaussian, validation.codes), test: codeDistances(gaussian, test.codes) };
  const mse = { validation: validation.mse, test: test.mse };
  const normal = Array.from(split.validation, (index) => mnist.train.labels[index] === normalDigit);
  const normalOf = (values: Float32Array) => values.filter((_, k) => normal[k]);
  const combined = (which: keyof SplitScores) => combinedScore([
    { values: mse[which], normalValidation: normalOf(mse.validation) },
    { values: code[which], normalValidation: normalOf(code.validation) },
  ]);
  return {
    'MSE': mse,
    'blurred MSE': { validation: validation.blurred, test: test.blurred },
    'code distance': code,
    'MSE + code distance': { validation: combined('validation'), test: combined('test') },
  };
}
