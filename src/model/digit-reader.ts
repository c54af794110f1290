import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { IMAGE_SIZE } from './autoencoder';
import { FastBatchNormalization, FastConv2D } from 'tfjs-wasm-training';
import { seededInitializers } from './initializers';

/**
 * The digit reader: a small convolutional classifier that says which digit an image shows. The
 * notebooks use it to *measure* what a reconstruction shows (the digit it reads, and how sure it
 * is) instead of describing tiles by eye.
 */

/** Options of {@link createDigitReader}. */
export interface DigitReaderOptions {
  /** Seed of every weight initializer; default 0. */
  seed?: number;
}

/** Digits 0..9. */
export const DIGIT_CLASSES = 10;

// PyTorch's BatchNorm2d defaults, as in the autoencoder.
const BATCH_NORM = { momentum: 0.9, epsilon: 1e-5 } as const;

type Symbolic = tfl.SymbolicTensor;

/**
 * Builds the digit reader. Its input is an image of [0, 1] pixels [batch, 28, 28, 1] (what
 * `reconstructPixels` returns, what a figure shows); its output is ten logits, one per digit.
 *
 * Conv(1→16, k3, same) → BatchNorm → ReLU → MaxPool 2 → Conv(16→32, k3, same) → BatchNorm → ReLU →
 * MaxPool 2 → Conv(32→64, k3, same) → BatchNorm → ReLU → Flatten(3136) → Dense(10).
 *
 * Small on purpose: it reads every test reconstruction of every model the notebooks train, so its
 * cost (about 2 million multiply-adds an image) is paid hundreds of thousands of times a run. A
 * third convolution instead of a wide dense layer: with two convolutions and Dense(1568→128) the
 * validation accuracy stopped at 98.8–99.0 %.
 */
export function createDigitReader(options: DigitReaderOptions = {}): tfl.LayersModel {
  const { seed = 0 } = options;
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${String(seed)}`);
  const init = seededInitializers(seed);
  const image = tfl.input({ shape: [IMAGE_SIZE, IMAGE_SIZE, 1], name: 'image' });
  const block = (x: Symbolic, index: number, inChannels: number, filters: number): Symbolic => {
    const convolved = new FastConv2D({ name: `read_conv${index}`, filters, kernelSize: 3, padding: 'same', ...init.next(inChannels * 9) }).apply(x) as Symbolic;
    const normalized = new FastBatchNormalization({ name: `read_bn${index}`, ...BATCH_NORM }).apply(convolved) as Symbolic;
    return tfl.layers.activation({ name: `read_relu${index}`, activation: 'relu' }).apply(normalized) as Symbolic;
  };
  const pool = (x: Symbolic, index: number): Symbolic => tfl.layers.maxPooling2d({ name: `read_pool${index}`, poolSize: 2, strides: 2 }).apply(x) as Symbolic;
  const features = block(pool(block(pool(block(image, 1, 1, 16), 1), 2, 16, 32), 2), 3, 32, 64); // 7×7×64
  const flat = tfl.layers.flatten({ name: 'read_flatten' }).apply(features) as Symbolic;
  const logits = tfl.layers.dense({ name: 'read_logits', units: DIGIT_CLASSES, ...init.next(7 * 7 * 64) }).apply(flat) as Symbolic;
  return tfl.model({ inputs: image, outputs: logits, name: 'digit_reader' });
}

/** What the reader reads in a set of images. */
export interface DigitReading {
  /** The digit read in each image (the largest logit). */
  digits: Uint8Array;
  /** The reader's softmax probability of that digit, per image: how sure it is. */
  confidence: Float32Array;
}

/** Images per forward pass of {@link readDigits}: bounds the memory of one pass. */
const READ_BATCH = 2000;

/**
 * Reads the digit in each of `images` ([0, 1] pixels, one 28×28 image after another), in inference
 * mode, a few thousand images at a time.
 *
 * @throws Error when `images` is not a whole number of 28×28 images.
 */
export function readDigits(reader: tfl.LayersModel, images: Float32Array): DigitReading {
  const perImage = IMAGE_SIZE * IMAGE_SIZE;
  const count = images.length / perImage;
  if (!Number.isInteger(count) || count === 0) throw new Error(`readDigits: ${images.length} values are not whole ${IMAGE_SIZE}×${IMAGE_SIZE} images`);
  const digits = new Uint8Array(count);
  const confidence = new Float32Array(count);
  for (let start = 0; start < count; start += READ_BATCH) {
    const size = Math.min(READ_BATCH, count - start);
    // Read back outside tf.tidy: tidy walks every element of a returned typed array.
    const probabilities = tf.tidy(() => {
      const batch = tf.tensor4d(images.subarray(start * perImage, (start + size) * perImage), [size, IMAGE_SIZE, IMAGE_SIZE, 1]);
      return tf.softmax(reader.predict(batch) as tf.Tensor2D);
    });
    const values = probabilities.dataSync();
    probabilities.dispose();
    for (let i = 0; i < size; i++) {
      let best = 0;
      for (let digit = 1; digit < DIGIT_CLASSES; digit++) if (values[i * DIGIT_CLASSES + digit]! > values[i * DIGIT_CLASSES + best]!) best = digit;
      digits[start + i] = best;
      confidence[start + i] = values[i * DIGIT_CLASSES + best]!;
    }
  }
  return { digits, confidence };
}
