/**
 * One model's reconstructions of a whole split, measured: what the digit reader reads in each,
 * how many kept their digit, the error per digit, and the checkerboard in their background.
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { MnistSplit } from '../data/mnist';
import { toUnitRange } from '../data/transforms';
import { type Autoencoder, type DigitReading, readDigits, reconstructPixels } from '../model';
import { checkerboardLevel } from './checkerboard';
import { type KeptDigit, keptDigit } from './digit-reading';
import { meanByClass } from './summaries';

/** What {@link readReconstructions} measures. */
export interface ReconstructionReport {
  /** The reader's digit and confidence for each reconstruction, in split order. */
  reading: DigitReading;
  /** How many reconstructions were read as their own digit, per digit, and the misreadings. */
  kept: KeptDigit;
  /** MSE per pixel ([0, 1] units) of each digit's images. */
  mseByDigit: number[];
  /** {@link checkerboardLevel} of the reconstructions. */
  checkerboard: number;
}

/**
 * Reconstructs every image of `split` with `model` (inference mode) and measures the
 * reconstructions: the reader's reading of each, the kept-the-digit rates, the MSE per digit and
 * the checkerboard level.
 */
export function readReconstructions(model: Pick<Autoencoder, 'autoencoder' | 'options'>, reader: LayersModel, split: MnistSplit): ReconstructionReport {
  const originals = toUnitRange(split.images);
  const reconstructions = reconstructPixels(model, split.images);
  const reading = readDigits(reader, reconstructions);
  const perImage = split.rows * split.cols;
  const mse = new Float32Array(split.count);
  for (let image = 0; image < split.count; image++) {
    let sum = 0;
    for (let k = image * perImage; k < (image + 1) * perImage; k++) sum += (reconstructions[k]! - originals[k]!) ** 2;
    mse[image] = sum / perImage;
  }
  return {
    reading, kept: keptDigit(reading.digits, split.labels), mseByDigit: meanByClass(mse, split.labels),
    checkerboard: checkerboardLevel(reconstructions, originals, split.rows),
  };
}

/**
 * Captions for figure tiles: the reader's digit and its confidence for the images at `indices`,
 * e.g. `9 · 97%`.
 */
export function readingCaptions(reading: DigitReading, indices: ArrayLike<number>): string[] {
  return Array.from(indices, (index) => `${reading.digits[index]} · ${Math.round(100 * reading.confidence[index]!)}%`);
}
