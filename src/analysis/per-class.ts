import type { MnistSplit } from '../data/mnist';
import type { Autoencoder } from '../model';
import { perImageMse } from './per-image';

/**
 * Test MSE per pixel ([0, 1] units) of each digit 0..9 separately: which digits a small
 * latent code serves well and which it sacrifices. Inference mode, whole split, the images
 * normalized as the model expects (`model.options.normalization`).
 */
export function mseByClass(model: Pick<Autoencoder, 'autoencoder' | 'options'>, split: MnistSplit): number[] {
  const errors = perImageMse(model, split);
  const sums = new Float64Array(10);
  const counts = new Float64Array(10);
  errors.forEach((error, i) => {
    sums[split.labels[i]!]! += error;
    counts[split.labels[i]!]! += 1;
  });
  return Array.from(sums, (sum, digit) => sum / counts[digit]!);
}
