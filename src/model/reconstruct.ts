import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { type Normalization, denormalize, normalizePixels } from '../data/transforms';
import { IMAGE_SIZE } from './autoencoder';

/**
 * Runs `count` normalized images (row-major, `count·28·28` values) through the autoencoder
 * in inference mode and returns the reconstructions, in the same normalized units.
 */
export function reconstruct(autoencoder: LayersModel, images: Float32Array, count: number): Float32Array {
  if (images.length !== count * IMAGE_SIZE * IMAGE_SIZE) {
    throw new Error(`reconstruct: expected ${count}×${IMAGE_SIZE}×${IMAGE_SIZE} values, got ${images.length}`);
  }
  // Read back outside tf.tidy: tidy walks every element of a returned typed array.
  const output = tf.tidy(() => autoencoder.predict(tf.tensor4d(images, [count, IMAGE_SIZE, IMAGE_SIZE, 1])) as tf.Tensor);
  const values = Float32Array.from(output.dataSync());
  output.dispose();
  return values;
}

/**
 * Reconstructions of raw MNIST pixels (uint8, `count·28·28`), as [0, 1] pixel values ready to
 * plot: normalizes them the way the model was trained, runs the model, maps the output back.
 */
export function reconstructPixels(autoencoder: LayersModel, pixels: Uint8Array, count: number, normalization: Normalization): Float32Array {
  return denormalize(reconstruct(autoencoder, normalizePixels(pixels, normalization), count), normalization);
}
