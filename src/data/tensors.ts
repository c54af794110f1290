/** The one place where a batch of plain arrays becomes a tensor. */
import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from './batching.js';

/** The batch's normalized pixels as a tensor [size, rows, cols, 1]; the caller disposes it. */
export function batchTensor(batch: Batch, rows = 28, cols = 28): tf.Tensor4D {
  return tf.tensor4d(batch.x, [batch.size, rows, cols, 1]);
}
