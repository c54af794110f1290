import * as tf from '@tensorflow/tfjs-core';
import { BatchLoader } from '../data/batching';
import type { MnistSplit } from '../data/mnist';
import { batchTensor } from '../data/tensors';
import type { Autoencoder } from '../model';

/**
 * Test MSE per pixel ([0, 1] units) of each digit 0..9 separately: which digits a small
 * latent code serves well and which it sacrifices. Inference mode, whole split, the images
 * normalized as the model expects (`model.options.normalization`).
 */
export function mseByClass(model: Pick<Autoencoder, 'autoencoder' | 'options'>, split: MnistSplit): number[] {
  const { normalization } = model.options;
  const sums = new Float64Array(10);
  const counts = new Float64Array(10);
  const loader = new BatchLoader(split, { normalization, batchSize: 256 });
  const pixelsPerImage = split.rows * split.cols;
  for (const batch of loader.batches(0)) {
    // Read back outside tf.tidy: tidy walks every element of a returned typed array.
    const perImageTensor = tf.tidy(() => {
      const x = batchTensor(batch, split.rows, split.cols);
      return tf.sum(tf.squaredDifference(model.autoencoder.apply(x, { training: false }) as tf.Tensor, x), [1, 2, 3]);
    });
    const perImage = perImageTensor.dataSync();
    perImageTensor.dispose();
    batch.labels.forEach((label, k) => {
      sums[label]! += perImage[k]!;
      counts[label]! += pixelsPerImage;
    });
  }
  return Array.from(sums, (sum, digit) => (sum / counts[digit]!) * normalization.std ** 2);
}
