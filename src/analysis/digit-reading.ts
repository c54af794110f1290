/**
 * What the digit reader's labels say about a set of reconstructions: how many kept their digit,
 * per digit, which digits they turned into, and how many a corruption flipped.
 */
import { DIGIT_CLASSES } from '../model/digit-reader';

/** One kind of misreading: images of `digit` read as `readAs`. */
export interface Confusion {
  digit: number;
  readAs: number;
  count: number;
  /** `count` over the images of `digit`. */
  share: number;
}

/** How many images were read as their own digit, overall and per digit, and the commonest misreadings. */
export interface KeptDigit {
  /** Share of all images read as their own digit. */
  rate: number;
  /** The same per digit 0..9 (NaN for a digit with no image). */
  perDigit: number[];
  /** Images per digit 0..9. */
  counts: number[];
  /**
   * Per digit 0..9, the share of the images read as that digit that show it (NaN for a digit read
   * in no image): a reader that reads one digit in everything keeps that digit every time, and
   * this is what shows it.
   */
  precision: number[];
  /** Every (digit, read as) pair with at least one image, commonest first (ties: lower digit, then lower reading). */
  confusions: Confusion[];
}

/**
 * Compares the reader's `read` digits with the `truth` (the digit each source image shows).
 *
 * @throws Error when the two differ in length or are empty.
 */
export function keptDigit(read: ArrayLike<number>, truth: ArrayLike<number>): KeptDigit {
  if (read.length !== truth.length || read.length === 0) throw new Error(`keptDigit: ${read.length} readings for ${truth.length} labels, need two equal non-zero lengths`);
  const table = Array.from({ length: DIGIT_CLASSES }, () => new Array<number>(DIGIT_CLASSES).fill(0));
  for (let i = 0; i < read.length; i++) table[truth[i]!]![read[i]!]! += 1;
  const counts = table.map((row) => row.reduce((sum, n) => sum + n, 0));
  const kept = table.reduce((sum, row, digit) => sum + row[digit]!, 0);
  const confusions: Confusion[] = [];
  table.forEach((row, digit) => row.forEach((count, readAs) => {
    if (readAs !== digit && count > 0) confusions.push({ digit, readAs, count, share: count / counts[digit]! });
  }));
  confusions.sort((a, b) => b.count - a.count || a.digit - b.digit || a.readAs - b.readAs);
  const readAs = Array.from({ length: DIGIT_CLASSES }, (_, digit) => table.reduce((sum, row) => sum + row[digit]!, 0));
  return {
    rate: kept / read.length, perDigit: table.map((row, digit) => row[digit]! / counts[digit]!), counts,
    precision: readAs.map((n, digit) => table[digit]![digit]! / n), confusions,
  };
}

/**
 * The flip rate: the share of images whose reading changed, `before[i] ≠ after[i]` (the reader's
 * digit for the reconstruction of a clean image against that of its corrupted copy).
 *
 * @throws Error when the two differ in length or are empty.
 */
export function flipRate(before: ArrayLike<number>, after: ArrayLike<number>): number {
  if (before.length !== after.length || before.length === 0) throw new Error(`flipRate: ${before.length} and ${after.length} readings, need two equal non-zero lengths`);
  let flipped = 0;
  for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) flipped += 1;
  return flipped / before.length;
}
