import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { IMAGE_SIZE } from './autoencoder';

/**
 * Runs `count` normalized images (row-major, `count·28·28` values) through the autoencoder
 * in inference mode and returns the reconstructions, in the same normalized units.
 */
export function reconstruct(autoencoder: LayersModel, images: Float32Array, count: number): Float32Array {
  if (images.length !== count * IMAGE_SIZE * IMAGE_SIZE) {
    throw new Error(`reconstruct: expected ${count}×${IMAGE_SIZE}×${IMAGE_SIZE} values, got ${images.length}`);
  }
  return tf.tidy(() => {
    const x = tf.tensor4d(images, [count, IMAGE_SIZE, IMAGE_SIZE, 1]);
    return Float32Array.from((autoencoder.predict(x) as tf.Tensor).dataSync());
  });
}
