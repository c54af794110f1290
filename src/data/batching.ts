/**
 * Choosing examples and cutting them into mini-batches, like PyTorch's `Subset`
 * and `DataLoader`, on plain typed arrays (the training code makes the tensors).
 */
import seedrandom from 'seedrandom';
import type { MnistSplit } from './mnist.js';
import { type Corruption, corrupt, validateCorruption } from './corruptions.js';
import { denormalize, normalize, normalizationTable, SEED_NORMALIZATION, validateNormalization, type Normalization } from './transforms.js';

/** Digits 0..9. */
const NUM_CLASSES = 10;

/** Which examples of a split to use; all of them when empty. */
export interface SubsetOptions {
  /** Keep only the first N matching examples, in file order. Not together with `perClass`. */
  first?: number;
  /** Keep the first N examples of each (selected) class, in file order. Not together with `first`. */
  perClass?: number;
  /** Keep only these digits (0..9). */
  classes?: readonly number[];
  /**
   * With `first` or `perClass`: draw the N (of each class) at random with this seed instead of
   * taking the first N; the indices are still returned in file order. A whole number.
   */
  seed?: number;
}

/** Throws unless `value` is undefined or a positive integer. */
function checkPositiveInteger(value: unknown, option: string): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new Error(`${option} must be a positive integer (got ${String(value)})`);
  }
}

/**
 * Indices (into the split) of the examples to use, in file order: optionally only the
 * given `classes`, then optionally the `first` N of them or the first `perClass` N of each class.
 * With `pool` (split indices in file order, e.g. the training part of a validation split), only
 * examples in it are chosen, and "first" means first in the pool.
 *
 * @throws Error (one line, naming the option) for N that is not a positive integer,
 *   `first` together with `perClass`, empty or out-of-range `classes`, or asking for
 *   more examples than exist (the message says how many do).
 */
export function selectIndices(labels: Uint8Array, options: SubsetOptions = {}, pool?: Int32Array): Int32Array {
  const { first, perClass, classes, seed } = options;
  checkPositiveInteger(first, 'first');
  checkPositiveInteger(perClass, 'perClass');
  if (first !== undefined && perClass !== undefined) throw new Error('first and perClass cannot be combined: pick one');
  if (seed !== undefined) {
    if (!Number.isSafeInteger(seed)) throw new Error(`seed must be a whole number (got ${String(seed)})`);
    if (first === undefined && perClass === undefined) throw new Error('seed draws the first or perClass examples at random: give one of them');
  }

  const wanted = new Uint8Array(256);
  if (classes === undefined) {
    wanted.fill(1, 0, NUM_CLASSES);
  } else {
    if (classes.length === 0) throw new Error('classes must list at least one digit 0..9 (got [])');
    for (const digit of classes) {
      if (!Number.isInteger(digit) || digit < 0 || digit >= NUM_CLASSES) {
        throw new Error(`classes must be digits 0..9 (got ${digit} in [${classes.join(', ')}])`);
      }
      wanted[digit] = 1;
    }
  }

  // Count what exists first, so the "not enough" error can say how many there are.
  const inFileOrder = pool ?? Int32Array.from({ length: labels.length }, (_, i) => i);
  const candidates = seed === undefined ? inFileOrder : seededShuffle(inFileOrder, `subset:${seed}`);
  const available = new Int32Array(256);
  for (const index of candidates) if (wanted[labels[index]!]) available[labels[index]!]!++;
  const totalAvailable = available.reduce((sum, n) => sum + n, 0);
  const which = classes === undefined ? 'examples' : `examples of classes [${classes.join(', ')}]`;

  if (first !== undefined && first > totalAvailable) {
    throw new Error(`first=${first} asks for more examples than exist: only ${totalAvailable} ${which}`);
  }
  if (perClass !== undefined) {
    const digits = classes ?? Array.from({ length: NUM_CLASSES }, (_, digit) => digit);
    for (const digit of digits) {
      if (available[digit]! < perClass) {
        throw new Error(`perClass=${perClass} asks for more examples than exist: class ${digit} has only ${available[digit]}`);
      }
    }
  }

  const limitPerClass = perClass ?? Infinity;
  const limit = first ?? (perClass === undefined ? totalAvailable : perClass * digitsSelected(wanted));
  const taken = new Int32Array(256);
  const result = new Int32Array(limit);
  let size = 0;
  for (let k = 0; k < candidates.length && size < limit; k++) {
    const index = candidates[k]!;
    const label = labels[index]!;
    if (!wanted[label] || taken[label]! >= limitPerClass) continue;
    taken[label]!++;
    result[size++] = index;
  }
  return seed === undefined ? result : result.sort();
}

/** A copy of `values` in a seeded random order (Fisher–Yates). */
function seededShuffle(values: Int32Array, seed: string): Int32Array {
  const random = seedrandom(seed);
  const out = Int32Array.from(values);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** How many of the digits 0..9 are marked in `wanted`. */
function digitsSelected(wanted: Uint8Array): number {
  let count = 0;
  for (let digit = 0; digit < NUM_CLASSES; digit++) count += wanted[digit]!;
  return count;
}

/**
 * The first `perClass` examples of every digit, laid out for a figure with one row per
 * example: `[first 0, first 1, ..., first 9, second 0, second 1, ..., second 9, ...]`,
 * so the top row shows one of each digit in order.
 *
 * @throws Error when `perClass` is not a positive integer or some digit has fewer examples.
 */
export function fixedExamplesPerClass(labels: Uint8Array, perClass = 1): Int32Array {
  checkPositiveInteger(perClass, 'perClass');
  const byClass = selectIndices(labels, { perClass }); // file order, validated counts
  const seen = new Int32Array(NUM_CLASSES);
  const result = new Int32Array(NUM_CLASSES * perClass);
  for (const index of byClass) {
    const digit = labels[index]!;
    result[seen[digit]! * NUM_CLASSES + digit] = index;
    seen[digit]!++;
  }
  return result;
}

/** How many examples of each digit 0..9 `labels` holds. */
export function classCounts(labels: Uint8Array): number[] {
  const counts = new Array<number>(NUM_CLASSES).fill(0);
  for (const label of labels) counts[label]! += 1;
  return counts;
}

/**
 * The pixels of the examples at `indices` of `split`, one image after another (a copy).
 * Used to pick the images a figure shows.
 */
export function imagesAt(split: MnistSplit, indices: ArrayLike<number>): Uint8Array {
  const pixelsPerImage = split.rows * split.cols;
  const out = new Uint8Array(indices.length * pixelsPerImage);
  for (let k = 0; k < indices.length; k++) {
    const index = indices[k]!;
    if (!Number.isInteger(index) || index < 0 || index >= split.count) {
      throw new Error(`imagesAt: index ${index} is outside the split's ${split.count} images`);
    }
    out.set(split.images.subarray(index * pixelsPerImage, (index + 1) * pixelsPerImage), k * pixelsPerImage);
  }
  return out;
}

/** One mini-batch. All arrays are freshly allocated and owned by the caller. */
export interface Batch {
  /** `size * rows * cols` normalized pixels, example after example. */
  x: Float32Array;
  /** Digit of each example. */
  labels: Uint8Array;
  /** Index of each example in the split. */
  indices: Int32Array;
  /** Number of examples in this batch (the last one may be smaller). */
  size: number;
  /** With a loader's `corruption`: the corrupted images the model sees, normalized like `x` (the target). */
  input?: Float32Array;
}

/** Options of {@link BatchLoader}. */
export interface BatchLoaderOptions {
  /** Examples per batch (default 128). */
  batchSize?: number;
  /** Reshuffle every epoch (default false: file order). */
  shuffle?: boolean;
  /** Integer seed of the shuffle (default 0); with the epoch number it fixes the order. */
  seed?: number;
  /** Which examples of the split to use, e.g. from {@link selectIndices} (default: all). */
  indices?: Int32Array;
  /** Applied to the [0, 1] pixels (default {@link SEED_NORMALIZATION}). */
  normalization?: Normalization;
  /** Drop the last, smaller batch (default false, like PyTorch). */
  dropLast?: boolean;
  /**
   * Corrupt each batch's input (a denoising autoencoder learns to undo it): every batch then has
   * an `input` beside the clean `x`, corrupted in [0, 1] pixel units, seeded by (seed, epoch, batch).
   */
  corruption?: Corruption;
}

/** Default batch size, the original tutorial's. */
export const DEFAULT_BATCH_SIZE = 128;

/**
 * Yields mini-batches of normalized images, like PyTorch's `DataLoader`.
 *
 * The selected examples are normalized once, up front; each batch then copies its rows
 * into a fresh `Float32Array` (never a reused buffer: tfjs's cpu backend keeps a reference
 * to the array a tensor was made from). With `shuffle`, the order of epoch k is a
 * Fisher–Yates permutation seeded by (seed, k) only, so any epoch can be replayed alone.
 */
export class BatchLoader {
  /** Number of examples served per epoch (before `dropLast`). */
  readonly size: number;
  /** Batches per epoch. */
  readonly numBatches: number;
  /** Examples per full batch. */
  readonly batchSize: number;
  /** Image height. */
  readonly rows: number;
  /** Image width. */
  readonly cols: number;
  /** The normalization applied to `x`. */
  readonly normalization: Normalization;

  private readonly shuffle: boolean;
  private readonly seed: number;
  /** The corruption of every batch's input, if any. */
  readonly corruption: Corruption | undefined;
  private readonly dropLast: boolean;
  /** Split index of each served example, in selection order. */
  private readonly splitIndices: Int32Array;
  /** Normalized pixels of each served example, in selection order. */
  private readonly normalized: Float32Array;
  private readonly selectedLabels: Uint8Array;
  private readonly pixelsPerImage: number;

  /**
   * @throws Error (one line, naming the option) for a non-positive or non-integer `batchSize`,
   *   a non-integer `seed`, an invalid `normalization`, empty or out-of-range `indices`,
   *   a split whose arrays disagree with its count, or `dropLast` leaving no batch at all.
   */
  constructor(split: MnistSplit, options: BatchLoaderOptions = {}) {
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    checkPositiveInteger(batchSize, 'batchSize');
    const seed = options.seed ?? 0;
    if (!Number.isInteger(seed)) throw new Error(`seed must be an integer (got ${seed})`);
    const normalization = options.normalization ?? SEED_NORMALIZATION;
    validateNormalization(normalization, 'normalization');

    const pixelsPerImage = split.rows * split.cols;
    if (split.images.length !== split.count * pixelsPerImage || split.labels.length !== split.count) {
      throw new Error(
        `split: ${split.images.length} pixels and ${split.labels.length} labels do not fit ${split.count} images of ${split.rows}×${split.cols}`,
      );
    }
    const indices = options.indices ?? Int32Array.from({ length: split.count }, (_, i) => i);
    if (indices.length === 0) throw new Error('indices must select at least one example (got none)');
    for (const index of indices) {
      if (index < 0 || index >= split.count) {
        throw new Error(`indices must be in 0..${split.count - 1} (got ${index})`);
      }
    }
    const dropLast = options.dropLast ?? false;
    const numBatches = dropLast ? Math.floor(indices.length / batchSize) : Math.ceil(indices.length / batchSize);
    if (numBatches === 0) {
      throw new Error(`dropLast with batchSize ${batchSize} leaves no batch for only ${indices.length} examples`);
    }

    this.size = indices.length;
    this.numBatches = numBatches;
    this.batchSize = batchSize;
    this.rows = split.rows;
    this.cols = split.cols;
    this.normalization = Object.freeze({ mean: normalization.mean, std: normalization.std });
    this.shuffle = options.shuffle ?? false;
    this.seed = seed;
    if (options.corruption) validateCorruption(options.corruption);
    this.corruption = options.corruption;
    this.dropLast = dropLast;
    this.splitIndices = Int32Array.from(indices); // own copy: the caller may reuse theirs
    this.pixelsPerImage = pixelsPerImage;

    // Normalize every selected image once, straight from the split through a byte → float table.
    const table = normalizationTable(normalization);
    const images = split.images;
    const normalized = new Float32Array(this.size * pixelsPerImage);
    const selectedLabels = new Uint8Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const index = this.splitIndices[i]!;
      const from = index * pixelsPerImage;
      const to = i * pixelsPerImage;
      for (let p = 0; p < pixelsPerImage; p++) normalized[to + p] = table[images[from + p]!]!;
      selectedLabels[i] = split.labels[index]!;
    }
    this.normalized = normalized;
    this.selectedLabels = selectedLabels;
  }

  /**
   * Order in which epoch `epoch` serves the selected examples, as positions 0..size-1
   * in the selection: identity without shuffle, else a permutation depending only on (seed, epoch).
   */
  private positionsFor(epoch: number): Int32Array {
    const order = Int32Array.from({ length: this.size }, (_, i) => i);
    if (!this.shuffle) return order;
    const random = seedrandom(`BatchLoader:${this.seed}:${epoch}`);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const swap = order[i]!;
      order[i] = order[j]!;
      order[j] = swap;
    }
    return order;
  }

  /**
   * Split indices in the order epoch `epoch` serves them (all `size` of them, even with `dropLast`).
   *
   * @throws Error when `epoch` is not a non-negative integer.
   */
  epochOrder(epoch: number): Int32Array {
    checkEpoch(epoch);
    return this.positionsFor(epoch).map((position) => this.splitIndices[position]!);
  }

  /** `x` corrupted in pixel units and normalized again; the same for the same (seed, epoch, batch). */
  private corruptedInput(x: Float32Array, epoch: number, batch: number): Float32Array {
    const pixels = denormalize(x, this.normalization);
    return normalize(corrupt(pixels, this.corruption!, `${this.seed}:${epoch}:${batch}`), this.normalization, pixels);
  }

  /**
   * The batches of one epoch. Each batch's arrays are new, so they may be handed to tfjs as-is.
   *
   * @param epoch - Non-negative integer; with the seed it fixes the shuffle order.
   * @throws Error when `epoch` is not a non-negative integer.
   */
  *batches(epoch: number): Generator<Batch> {
    checkEpoch(epoch);
    const positions = this.positionsFor(epoch);
    const perImage = this.pixelsPerImage;
    for (let b = 0; b < this.numBatches; b++) {
      const start = b * this.batchSize;
      const size = Math.min(this.batchSize, this.size - start);
      if (this.dropLast && size < this.batchSize) return;
      const x = new Float32Array(size * perImage);
      const labels = new Uint8Array(size);
      const indices = new Int32Array(size);
      for (let i = 0; i < size; i++) {
        const position = positions[start + i]!;
        x.set(this.normalized.subarray(position * perImage, (position + 1) * perImage), i * perImage);
        labels[i] = this.selectedLabels[position]!;
        indices[i] = this.splitIndices[position]!;
      }
      const input = this.corruption ? this.corruptedInput(x, epoch, b) : undefined;
      yield { x, labels, indices, size, ...(input ? { input } : {}) };
    }
  }
}

function checkEpoch(epoch: number): void {
  if (!Number.isInteger(epoch) || epoch < 0) throw new Error(`epoch must be a non-negative integer (got ${epoch})`);
}
