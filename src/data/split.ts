/**
 * Holding out a validation set from MNIST's training images, so that models are chosen on data
 * that is neither trained on nor the test split (which is then scored once, at the end).
 */
import seedrandom from 'seedrandom';

/** How the validation images are drawn: how many, and the seed of the draw. */
export interface ValidationSplitOptions {
  /** Images held out; at least one, fewer than the split has. */
  size: number;
  /** Seeds the draw. Kept apart from the model seed, so every model sees the same split. */
  seed: number;
}

/**
 * The tutorial's split: 5,000 of the 60,000 training images, drawn class by class in
 * proportion to the classes' sizes, with a fixed seed of its own.
 */
export const VALIDATION_SPLIT: Readonly<ValidationSplitOptions> = Object.freeze({ size: 5000, seed: 0 });

/** Indices into a split's images: those to train on and those held out, each in file order. */
export interface TrainValidationIndices {
  train: Int32Array;
  validation: Int32Array;
}

/**
 * A seeded, class-stratified split of `labels` into training and validation indices. Each digit
 * gets its share of `size` in proportion to its count (largest remainders round the shares so
 * that they add up to `size` exactly); which of its images are held out is a seeded draw. The
 * same labels, size and seed always give the same split.
 *
 * @throws Error (one line) for a size that is not an integer in 1..labels.length − 1, or a non-integer seed.
 */
export function splitValidation(labels: Uint8Array, options: ValidationSplitOptions = VALIDATION_SPLIT): TrainValidationIndices {
  const { size, seed } = options;
  if (!Number.isInteger(size) || size < 1 || size >= labels.length) {
    throw new Error(`validation size must be an integer in 1..${labels.length - 1}, got ${String(size)}`);
  }
  if (!Number.isInteger(seed)) throw new Error(`validation seed must be an integer, got ${String(seed)}`);

  const byClass = new Map<number, number[]>();
  labels.forEach((label, index) => {
    const members = byClass.get(label) ?? [];
    members.push(index);
    byClass.set(label, members);
  });
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  // Proportional shares, floored; the images left over go to the largest remainders (ties: lower digit first).
  const exact = classes.map((label) => (size * byClass.get(label)!.length) / labels.length);
  const shares = exact.map(Math.floor);
  const order = classes.map((_, k) => k).sort((a, b) => (exact[b]! - shares[b]!) - (exact[a]! - shares[a]!) || a - b);
  for (let k = 0, left = size - shares.reduce((sum, n) => sum + n, 0); left > 0; k++, left--) shares[order[k]!]! += 1;

  const heldOut = new Uint8Array(labels.length);
  const random = seedrandom(`validation-split:${seed}`);
  classes.forEach((label, k) => {
    const members = byClass.get(label)!;
    // A partial Fisher–Yates: the first `share` places of a seeded shuffle.
    for (let i = 0; i < shares[k]!; i++) {
      const j = i + Math.floor(random() * (members.length - i));
      [members[i], members[j]] = [members[j]!, members[i]!];
      heldOut[members[i]!] = 1;
    }
  });
  const train = new Int32Array(labels.length - size);
  const validation = new Int32Array(size);
  for (let index = 0, t = 0, v = 0; index < labels.length; index++) {
    if (heldOut[index]) validation[v++] = index;
    else train[t++] = index;
  }
  return { train, validation };
}
