/**
 * Probes: how much of "which digit" a code holds, measured by how well a simple classifier reads
 * the digit off it. k-nearest neighbours and a softmax (multinomial logistic) regression, both on
 * tfjs; their settings (k, the L2 penalty) are chosen on validation codes, and the test codes are
 * scored once with the chosen setting.
 */
import * as tf from '@tensorflow/tfjs-core';
// Training needs tfjs's gradients, which tfjs-core registers only on request; tfjs-layers'
// bundle registers them all (tfjs-core's own registration module is ESM-only).
import '@tensorflow/tfjs-layers';

/** Codes of some images, `dim` numbers each, with the images' digits. */
export interface LabeledCodes {
  codes: Float32Array;
  labels: Uint8Array;
  dim: number;
}

const CLASSES = 10;
/** Query rows per distance matrix: bounds its memory (rows × training codes floats). */
const QUERY_CHUNK = 512;

function count(data: LabeledCodes, what: string): number {
  const { codes, labels, dim } = data;
  if (!Number.isInteger(dim) || dim < 1 || codes.length !== labels.length * dim) {
    throw new Error(`${what}: ${codes.length} values are not ${labels.length} codes of ${dim}`);
  }
  return labels.length;
}

/** The share of `predicted` equal to `labels`. */
export function accuracy(predicted: Uint8Array, labels: Uint8Array): number {
  if (predicted.length !== labels.length || labels.length === 0) throw new Error('accuracy: predictions and labels differ in length');
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) right += 1;
  return right / labels.length;
}

/**
 * k-nearest-neighbour predictions for `query` from `train` (Euclidean distance), for every k in
 * `ks` from one distance computation: the most common digit among the k nearest, ties going to the
 * digit of the nearest among the tied.
 */
export function knnPredictMany(train: LabeledCodes, query: Omit<LabeledCodes, 'labels'>, ks: readonly number[]): Map<number, Uint8Array> {
  const trainCount = count(train, 'knnPredict');
  if (query.dim !== train.dim || query.codes.length % query.dim !== 0) throw new Error(`knnPredict: query codes of ${query.dim} numbers, training codes of ${train.dim}`);
  for (const k of ks) if (!Number.isInteger(k) || k < 1 || k > trainCount) throw new Error(`knnPredict: k must be an integer in 1..${trainCount}, got ${k}`);
  const maxK = Math.max(...ks);
  const queryCount = query.codes.length / query.dim;
  const predictions = new Map(ks.map((k) => [k, new Uint8Array(queryCount)] as const));
  const trainTensor = tf.tensor2d(train.codes, [trainCount, train.dim]);
  const trainSquares = tf.tidy(() => tf.reshape(tf.sum(tf.square(trainTensor), 1), [1, trainCount]));
  try {
    for (let start = 0; start < queryCount; start += QUERY_CHUNK) {
      const rows = Math.min(QUERY_CHUNK, queryCount - start);
      // The k largest of −‖q − t‖² = 2 q·t − ‖t‖² − ‖q‖²; ‖q‖² is the same for a row, so it is left out.
      const { indices } = tf.tidy(() => {
        const q = tf.tensor2d(query.codes.subarray(start * query.dim, (start + rows) * query.dim), [rows, query.dim]);
        const score = tf.sub(tf.mul(tf.matMul(q, trainTensor, false, true), 2), trainSquares);
        return tf.topk(score, maxK, true);
      });
      const nearest = indices.dataSync();
      indices.dispose();
      for (let r = 0; r < rows; r++) {
        const digits = Array.from({ length: maxK }, (_, j) => train.labels[nearest[r * maxK + j]!]!);
        for (const k of ks) predictions.get(k)![start + r] = vote(digits, k);
      }
    }
  } finally {
    tf.dispose([trainTensor, trainSquares]);
  }
  return predictions;
}

/** The most common of the first `k` digits (nearest first); ties go to the one met first. */
function vote(digits: readonly number[], k: number): number {
  const votes = new Int32Array(CLASSES);
  for (let j = 0; j < k; j++) votes[digits[j]!]! += 1;
  const most = Math.max(...votes);
  return digits.find((digit, j) => j < k && votes[digit] === most)!;
}

/**
 * The best k-NN validation accuracy over `ks` with `train` as the reference set, and the k that
 * gives it (the first of equals): for choosing the reference set's size on validation codes alone.
 */
export function knnValidationAccuracy(train: LabeledCodes, validation: LabeledCodes, ks: readonly number[] = PROBE_SETTINGS.k): { k: number; accuracy: number } {
  const predictions = knnPredictMany(train, validation, ks);
  let best = { k: ks[0]!, accuracy: -1 };
  for (const k of ks) {
    const score = accuracy(predictions.get(k)!, validation.labels);
    if (score > best.accuracy) best = { k, accuracy: score };
  }
  return best;
}

/** {@link knnPredictMany} for one k. */
export function knnPredict(train: LabeledCodes, query: Omit<LabeledCodes, 'labels'>, k: number): Uint8Array {
  return knnPredictMany(train, query, [k]).get(k)!;
}

/** A fitted softmax regression, with the standardization of its inputs. */
export interface SoftmaxModel {
  dim: number;
  /** Subtracted from, then divided into, each code value (from the training codes). */
  mean: Float32Array;
  std: Float32Array;
  /** [dim, 10], row by row. */
  weights: Float32Array;
  bias: Float32Array;
}

/** Options of {@link fitSoftmax}. */
export interface SoftmaxOptions {
  /** L2 penalty on the weights (not the bias), per training code. */
  l2: number;
  /** Full-batch Adam steps; default 150. */
  steps?: number;
  /** Default 0.1 (with 150 steps, as accurate on MNIST codes as 300 steps at 0.05, in half the time). */
  learningRate?: number;
}

/**
 * The gradients of the softmax probe's loss, mean cross-entropy + l2·‖W‖², with respect to the
 * weights and the bias, written out: the residual (softmax − one-hot) / n, through the inputs for
 * W. A third of the time of tfjs's autodiff through `tf.losses.softmaxCrossEntropy`.
 *
 * @param x [n, dim] inputs; `y` [n, 10] one-hot digits; `weights` [dim, 10]; `bias` [10].
 */
export function softmaxLossGradients(x: tf.Tensor2D, y: tf.Tensor2D, weights: tf.Tensor2D, bias: tf.Tensor1D, l2: number): { weights: tf.Tensor2D; bias: tf.Tensor1D } {
  return tf.tidy(() => {
    const residual = tf.div(tf.sub(tf.softmax(tf.add(tf.matMul(x, weights), bias)), y), x.shape[0]);
    return { weights: tf.add(tf.matMul(x, residual, true, false), tf.mul(2 * l2, weights)), bias: tf.sum(residual, 0) };
  });
}

/**
 * Fits a multinomial logistic regression to standardized codes by full-batch Adam from zero
 * weights: deterministic, no seed needed (the loss is convex, so the start does not matter).
 */
export function fitSoftmax(train: LabeledCodes, options: SoftmaxOptions): SoftmaxModel {
  const n = count(train, 'fitSoftmax');
  const { dim } = train;
  const { l2, steps = 150, learningRate = 0.1 } = options;
  if (!(l2 >= 0)) throw new Error(`fitSoftmax: l2 must be ≥ 0, got ${l2}`);
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`fitSoftmax: steps must be a positive integer, got ${steps}`);
  if (!(learningRate > 0)) throw new Error(`fitSoftmax: learningRate must be > 0, got ${learningRate}`);
  const mean = new Float32Array(dim);
  const std = new Float32Array(dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mean[j]! += train.codes[i * dim + j]! / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) std[j]! += (train.codes[i * dim + j]! - mean[j]!) ** 2 / n;
  for (let j = 0; j < dim; j++) std[j] = Math.sqrt(std[j]!) || 1; // a constant input (a blank pixel) stays 0
  const weights = tf.tidy(() => tf.variable<tf.Rank.R2>(tf.zeros([dim, CLASSES])));
  const bias = tf.tidy(() => tf.variable<tf.Rank.R1>(tf.zeros([CLASSES])));
  const optimizer = tf.train.adam(learningRate);
  const x = tf.tidy(() => tf.div<tf.Tensor2D>(tf.sub(tf.tensor2d(train.codes, [n, dim]), tf.tensor2d(mean, [1, dim])), tf.tensor2d(std, [1, dim])));
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(train.labels, 'int32'), CLASSES) as tf.Tensor2D);
  try {
    for (let step = 0; step < steps; step++) {
      tf.tidy(() => {
        const gradients = softmaxLossGradients(x, y, weights, bias, l2);
        optimizer.applyGradients([{ name: weights.name, tensor: gradients.weights }, { name: bias.name, tensor: gradients.bias }]);
      });
    }
    return { dim, mean, std, weights: Float32Array.from(weights.dataSync()), bias: Float32Array.from(bias.dataSync()) };
  } finally {
    tf.dispose([weights, bias, x, y]);
    optimizer.dispose();
  }
}

/** The most probable digit of each code under `model`. */
export function softmaxPredict(model: SoftmaxModel, codes: Float32Array): Uint8Array {
  const { dim } = model;
  if (codes.length % dim !== 0) throw new Error(`softmaxPredict: ${codes.length} values are not codes of ${dim}`);
  const n = codes.length / dim;
  const best = tf.tidy(() => {
    const x = tf.div(tf.sub(tf.tensor2d(codes, [n, dim]), tf.tensor2d(model.mean, [1, dim])), tf.tensor2d(model.std, [1, dim]));
    return tf.argMax(tf.add(tf.matMul(x, tf.tensor2d(model.weights, [dim, CLASSES])), tf.tensor1d(model.bias)), 1);
  });
  const values = Uint8Array.from(best.dataSync());
  best.dispose();
  return values;
}

/** One probe's outcome: the setting chosen on validation, and the accuracies. */
export interface ProbeResult {
  /** k for k-NN, the L2 penalty for softmax regression. */
  setting: number;
  validation: number;
  test: number;
}

/** Settings tried, the first of the best validation accuracies wins. */
export interface ProbeSettings {
  k: readonly number[];
  l2: readonly number[];
  /** Full-batch Adam steps of each softmax fit (default that of {@link fitSoftmax}). */
  steps?: number;
}

/**
 * The settings tried by default: k from 1 to 50 (one distance computation serves them all), L2
 * penalties from none to 1e-3.
 */
export const PROBE_SETTINGS: Readonly<ProbeSettings> = Object.freeze({ k: [1, 3, 5, 9, 15, 25, 50], l2: [0, 1e-4, 1e-3] });

/**
 * Both probes on one kind of code: each setting fitted on `train` and scored on `validation`;
 * the best is scored once on `test`.
 */
export function probeCodes(
  train: LabeledCodes, validation: LabeledCodes, test: LabeledCodes, settings: ProbeSettings = PROBE_SETTINGS,
): { knn: ProbeResult; softmax: ProbeResult } {
  const choose = (candidates: readonly number[], predict: (setting: number, codes: Float32Array) => Uint8Array): ProbeResult => {
    let best = { setting: candidates[0]!, validation: -1 };
    for (const setting of candidates) {
      const score = accuracy(predict(setting, validation.codes), validation.labels);
      if (score > best.validation) best = { setting, validation: score };
    }
    return { ...best, test: accuracy(predict(best.setting, test.codes), test.labels) };
  };
  const fitted = new Map<number, SoftmaxModel>();
  const softmaxFor = (l2: number) => {
    if (!fitted.has(l2)) fitted.set(l2, fitSoftmax(train, { l2, ...(settings.steps === undefined ? {} : { steps: settings.steps }) }));
    return fitted.get(l2)!;
  };
  // One distance computation per split for every k.
  const neighbours = new Map<Float32Array, Map<number, Uint8Array>>();
  const knnFor = (k: number, codes: Float32Array) => {
    if (!neighbours.has(codes)) neighbours.set(codes, knnPredictMany(train, { codes, dim: train.dim }, settings.k));
    return neighbours.get(codes)!.get(k)!;
  };
  return {
    knn: choose(settings.k, knnFor),
    softmax: choose(settings.l2, (l2, codes) => softmaxPredict(softmaxFor(l2), codes)),
  };
}
