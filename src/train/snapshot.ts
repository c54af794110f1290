import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/**
 * A copy of every weight of a model (trainable ones and BatchNorm's moving statistics),
 * independent of the model: training the model further does not change it. The original
 * tutorial kept `opt_model = model`, a reference, so its "best" model was the last one.
 */
export interface WeightSnapshot {
  readonly tensors: tf.Tensor[];
  /** Frees the copied tensors. */
  dispose(): void;
}

/** Copies the current weights of `model`. */
export function takeSnapshot(model: LayersModel): WeightSnapshot {
  const tensors = tf.tidy(() => model.getWeights().map((weight) => tf.keep(weight.clone())));
  return { tensors, dispose: () => tf.dispose(tensors) };
}

/** A snapshot holding copies of `tensors` (weights read back from a checkpoint, say). */
export function snapshotOf(tensors: readonly tf.Tensor[]): WeightSnapshot {
  const copies = tensors.map((tensor) => tensor.clone());
  return { tensors: copies, dispose: () => tf.dispose(copies) };
}

/** Writes a snapshot back into `model` (copies; the snapshot stays usable). */
export function restoreSnapshot(model: LayersModel, snapshot: WeightSnapshot): void {
  model.setWeights(snapshot.tensors);
}
