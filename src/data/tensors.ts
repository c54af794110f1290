/** The one place where a batch of plain arrays becomes a tensor. */
import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from './batching.js';

/** The batch's normalized pixels as a tensor [size, rows, cols, 1]; the caller disposes it. */
export function batchTensor(batch: Batch, rows = 28, cols = 28): tf.Tensor4D {
  return tf.tensor4d(batch.x, [batch.size, rows, cols, 1]);
}

/**
 * What the model is given for a batch and what it must give back: its corrupted `input` and the
 * clean `x`, or `x` as both (the same tensor) when the loader corrupts nothing. The caller disposes
 * both (once, when they are the same).
 */
export function batchTensors(batch: Batch, rows = 28, cols = 28): { input: tf.Tensor4D; target: tf.Tensor4D } {
  const target = batchTensor(batch, rows, cols);
  return { input: batch.input ? tf.tensor4d(batch.input, [batch.size, rows, cols, 1]) : target, target };
}
