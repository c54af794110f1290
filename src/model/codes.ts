/**
 * The latent code itself: images to codes (the encoder alone) and codes to images (the decoder
 * alone), in inference mode, pixels in [0, 1].
 */
import * as tf from '@tensorflow/tfjs-core';
import { denormalize, normalizePixels } from '../data/transforms';
import { type Autoencoder, IMAGE_SIZE } from './autoencoder';

const PIXELS = IMAGE_SIZE * IMAGE_SIZE;

/** The latent code of each image (uint8 pixels, image after image): `latentDim` numbers each. */
export function encodeImages(model: Pick<Autoencoder, 'encoder' | 'options'>, pixels: Uint8Array): Float32Array {
  const count = pixels.length / PIXELS;
  if (!Number.isInteger(count) || count === 0) throw new Error(`encodeImages: ${pixels.length} pixels are not whole ${IMAGE_SIZE}×${IMAGE_SIZE} images`);
  const input = normalizePixels(pixels, model.options.normalization);
  // Read back outside tf.tidy: tidy walks every element of a returned typed array.
  const code = tf.tidy(() => {
    const outputs = model.encoder.predict(tf.tensor4d(input, [count, IMAGE_SIZE, IMAGE_SIZE, 1]));
    // The unpooling encoder also returns its pooling switches, after the code.
    return (Array.isArray(outputs) ? outputs[0]! : outputs) as tf.Tensor;
  });
  const values = Float32Array.from(code.dataSync());
  code.dispose();
  return values;
}

/**
 * The images the decoder draws from `codes` (`latentDim` numbers each), as [0, 1] pixels. Only
 * for the `transposed` decoder: the `unpooling` one also needs the switches of an encoded image.
 */
export function decodeCodes(model: Pick<Autoencoder, 'decoder' | 'options'>, codes: Float32Array): Float32Array {
  const { latentDim, decoder, normalization } = model.options;
  if (decoder !== 'transposed') throw new Error(`decodeCodes: the ${decoder} decoder needs its encoder's pooling switches, not a code alone`);
  const count = codes.length / latentDim;
  if (!Number.isInteger(count) || count === 0) throw new Error(`decodeCodes: ${codes.length} values are not whole codes of ${latentDim}`);
  const images = tf.tidy(() => model.decoder.predict(tf.tensor2d(codes, [count, latentDim])) as tf.Tensor);
  const values = Float32Array.from(images.dataSync());
  images.dispose();
  return denormalize(values, normalization, values);
}

/** `steps` codes evenly spaced from `from` to `to` (both included), one after another. */
export function interpolateCodes(from: Float32Array, to: Float32Array, steps: number): Float32Array {
  if (from.length !== to.length) throw new Error(`interpolateCodes: codes of ${from.length} and ${to.length} numbers`);
  if (!Number.isInteger(steps) || steps < 2) throw new Error(`interpolateCodes: steps must be an integer ≥ 2, got ${steps}`);
  const out = new Float32Array(steps * from.length);
  for (let s = 0; s < steps; s++) {
    const t = s / (steps - 1);
    for (let j = 0; j < from.length; j++) out[s * from.length + j] = from[j]! + t * (to[j]! - from[j]!);
  }
  return out;
}

/**
 * A regular lattice over a 2-D code plane: `steps` × `steps` codes from (xMin, yMax) at the top
 * left to (xMax, yMin) at the bottom right, row by row — the layout of an image grid.
 */
export function latticeCodes(x: readonly [number, number], y: readonly [number, number], steps: number): Float32Array {
  if (!Number.isInteger(steps) || steps < 2) throw new Error(`latticeCodes: steps must be an integer ≥ 2, got ${steps}`);
  const out = new Float32Array(steps * steps * 2);
  for (let row = 0; row < steps; row++) {
    for (let column = 0; column < steps; column++) {
      const k = row * steps + column;
      out[2 * k] = x[0] + ((x[1] - x[0]) * column) / (steps - 1);
      out[2 * k + 1] = y[1] - ((y[1] - y[0]) * row) / (steps - 1);
    }
  }
  return out;
}

/** Each code number's [lowest, highest] over `codes` (`latentDim` numbers per code). */
export function codeRanges(codes: Float32Array, latentDim: number): [number, number][] {
  if (!Number.isInteger(latentDim) || latentDim < 1 || codes.length % latentDim !== 0 || codes.length === 0) {
    throw new Error(`codeRanges: ${codes.length} values are not whole codes of ${latentDim}`);
  }
  return Array.from({ length: latentDim }, (_, k): [number, number] => {
    let [min, max] = [Infinity, -Infinity];
    for (let i = k; i < codes.length; i += latentDim) [min, max] = [Math.min(min, codes[i]!), Math.max(max, codes[i]!)];
    return [min, max];
  });
}
