/**
 * Reconstruction error image by image: which test digits a code serves well and which it fails
 * (typical against rare), and, for anomaly detection, a score per image.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BatchLoader } from '../data/batching';
import type { MnistSplit } from '../data/mnist';
import { batchTensor } from '../data/tensors';
import type { Autoencoder } from '../model';

/**
 * A mean squared error per image of `split` (or of those at `indices`), in that order:
 * `squaredErrors` maps a batch of reconstructions and inputs (normalized units) to each image's
 * *sum of squared differences* (of the images, or of some linear filter of them), which is
 * rescaled to [0, 1] pixel units (× std²) and divided by the pixel count. Inference mode; frees
 * every tensor it makes.
 */
export function perImageError(
  model: Pick<Autoencoder, 'autoencoder' | 'options'>, split: MnistSplit, squaredErrors: (reconstruction: tf.Tensor4D, input: tf.Tensor4D) => tf.Tensor,
  indices?: Int32Array,
): Float32Array {
  const { normalization } = model.options;
  const loader = new BatchLoader(split, { normalization, batchSize: 256, ...(indices ? { indices } : {}) });
  const errors = new Float32Array(loader.size);
  const scale = normalization.std ** 2 / (split.rows * split.cols);
  let offset = 0;
  for (const batch of loader.batches(0)) {
    // Read back outside tf.tidy: tidy walks every element of a returned typed array.
    const perImage = tf.tidy(() => {
      const x = batchTensor(batch, split.rows, split.cols);
      return squaredErrors(model.autoencoder.apply(x, { training: false }) as tf.Tensor4D, x);
    });
    const values = perImage.dataSync();
    perImage.dispose();
    for (let k = 0; k < batch.size; k++) errors[offset + k] = values[k]! * scale;
    offset += batch.size;
  }
  return errors;
}

/**
 * The MSE per pixel ([0, 1] units) of every image of `split` (or of those at `indices`), in that
 * order, with the model in inference mode. Frees every tensor it makes.
 */
export function perImageMse(model: Pick<Autoencoder, 'autoencoder' | 'options'>, split: MnistSplit, indices?: Int32Array): Float32Array {
  return perImageError(model, split, (reconstruction, input) => tf.sum(tf.squaredDifference(reconstruction, input), [1, 2, 3]), indices);
}

/**
 * Where a reconstruction differs from its image: |x − x̂| per pixel, for pictures of error maps.
 *
 * @throws Error when the two hold different numbers of pixels.
 */
export function errorMaps(images: Float32Array, reconstructions: Float32Array): Float32Array {
  if (images.length !== reconstructions.length) throw new Error(`errorMaps: ${images.length} pixels against ${reconstructions.length}`);
  return images.map((value, k) => Math.abs(value - reconstructions[k]!));
}

/**
 * How images changed, as pictures: 0.5 + (after − before) / 2 per pixel, clipped to [0, 1], so that
 * mid-grey is no change, white a pixel that brightened by 1 and black one that darkened by 1.
 *
 * @throws Error when the two hold different numbers of pixels.
 */
export function differenceImages(before: Float32Array, after: Float32Array): Float32Array {
  if (before.length !== after.length) throw new Error(`differenceImages: ${before.length} pixels against ${after.length}`);
  return after.map((value, k) => Math.min(1, Math.max(0, 0.5 + (value - before[k]!) / 2)));
}

/** The ink of each image: its mean pixel value on the [0, 1] scale (white strokes on black). */
export function inkPerImage(split: MnistSplit, indices?: ArrayLike<number>): Float32Array {
  const pixels = split.rows * split.cols;
  const which = indices ?? Int32Array.from({ length: split.count }, (_, i) => i);
  const ink = new Float32Array(which.length);
  for (let k = 0; k < which.length; k++) {
    let sum = 0;
    const start = which[k]! * pixels;
    for (let p = 0; p < pixels; p++) sum += split.images[start + p]!;
    ink[k] = sum / (pixels * 255);
  }
  return ink;
}

/** Indices (into `values`) of the `count` largest values, largest first; ties keep the lower index first. */
export function largest(values: ArrayLike<number>, count: number): number[] {
  return Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[b]! - values[a]! || a - b).slice(0, count);
}

/** Indices of the `count` smallest values, smallest first; ties keep the lower index first. */
export function smallest(values: ArrayLike<number>, count: number): number[] {
  return Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b).slice(0, count);
}
