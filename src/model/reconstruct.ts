import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { denormalize, normalize, normalizePixels } from '../data/transforms';
import { type Autoencoder, IMAGE_SIZE } from './autoencoder';

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
 * Reconstructions of raw MNIST pixels (uint8, image after image, 28·28 each), as [0, 1] pixel
 * values ready to plot: normalizes them the way the model was built to expect
 * (`model.options.normalization`), runs the model, maps the output back.
 */
export function reconstructPixels(model: Pick<Autoencoder, 'autoencoder' | 'options'>, pixels: Uint8Array): Float32Array {
  const { normalization } = model.options;
  const count = pixels.length / (IMAGE_SIZE * IMAGE_SIZE);
  if (!Number.isInteger(count)) throw new Error(`reconstructPixels: ${pixels.length} pixels are not whole ${IMAGE_SIZE}×${IMAGE_SIZE} images`);
  return denormalize(reconstruct(model.autoencoder, normalizePixels(pixels, normalization), count), normalization);
}

/**
 * Reconstructions of images given as [0, 1] values (a corrupted image, say), as [0, 1] values:
 * {@link reconstructPixels} for images that are no longer bytes.
 */
export function reconstructImages(model: Pick<Autoencoder, 'autoencoder' | 'options'>, images: Float32Array): Float32Array {
  const { normalization } = model.options;
  const count = images.length / (IMAGE_SIZE * IMAGE_SIZE);
  if (!Number.isInteger(count) || count === 0) throw new Error(`reconstructImages: ${images.length} values are not whole ${IMAGE_SIZE}×${IMAGE_SIZE} images`);
  return denormalize(reconstruct(model.autoencoder, normalize(images, normalization), count), normalization);
}
