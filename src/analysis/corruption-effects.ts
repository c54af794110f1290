/**
 * What a corruption of its input does to a model's output, measured three ways on one set of
 * images: the error against the clean images, the part of the corruption the output copies, and
 * how often the digit reader reads a different digit in the output than it does for the clean input.
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { readDigits } from '../model/digit-reader';
import { flipRate } from './digit-reading';
import { copiedPart } from './pass-through';
import { meanSquaredError } from './summaries';

/** One corruption's effect on one model's outputs. */
export interface CorruptionEffect {
  /** MSE per pixel of the outputs for the corrupted inputs against the clean images. */
  mse: number;
  /** {@link copiedPart}: the projection of the output's change onto the input's change, pooled over images. */
  copied: number;
  /** {@link flipRate}: the share of images whose output the reader reads as another digit than the clean input's output. */
  flipRate: number;
}

/** A model's outputs for the clean images and for each corrupted copy of them. */
export interface CorruptionEffects {
  /** MSE per pixel of the outputs for the clean images against them. */
  cleanMse: number;
  /** The reader's digit for the output of each clean image. */
  cleanReading: Uint8Array;
  /** One per corrupted set, in order. */
  effects: CorruptionEffect[];
}

/**
 * Runs `reconstruct` (any model: autoencoder, PCA, identity) on the `clean` images and on each of
 * `corrupted` (each the same images, corrupted; [0, 1] pixels) and measures each corruption's
 * {@link CorruptionEffect}, the reader reading every output.
 *
 * @throws Error when a corrupted set differs in length from the clean one, or changed no pixel.
 */
export function corruptionEffects(
  clean: Float32Array, corrupted: readonly Float32Array[], reconstruct: (images: Float32Array) => Float32Array, reader: LayersModel,
): CorruptionEffects {
  const cleanOut = reconstruct(clean);
  const cleanReading = readDigits(reader, cleanOut).digits;
  const effects = corrupted.map((input, c) => {
    if (input.length !== clean.length) throw new Error(`corruptionEffects: corrupted set ${c} has ${input.length} values, the clean one ${clean.length}`);
    const out = reconstruct(input);
    return {
      mse: meanSquaredError(out, clean),
      copied: copiedPart(clean, input, cleanOut, out),
      flipRate: flipRate(cleanReading, readDigits(reader, out).digits),
    };
  });
  return { cleanMse: meanSquaredError(cleanOut, clean), cleanReading, effects };
}
