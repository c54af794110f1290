/** The tutorial's loaders over MNIST: training images, held-out validation images, the test split. */
import { BatchLoader, DEFAULT_BATCH_SIZE, type SubsetOptions, selectIndices } from './batching.js';
import type { Corruption } from './corruptions.js';
import type { Mnist } from './mnist.js';
import { VALIDATION_SPLIT, type ValidationSplitOptions, splitValidation } from './split.js';
import { type Normalization, SEED_NORMALIZATION } from './transforms.js';

/** Options of {@link createLoaders}. */
export interface LoaderOptions {
  /** Default 128, the original's. */
  batchSize?: number;
  /** Seeds the shuffling of the training loader; default 0. */
  seed?: number;
  /** Which training images (first N, N per class, chosen digits), drawn from the training part only; default all of it. */
  subset?: SubsetOptions;
  /** Default (0.5, 1.0), the original's. All loaders carry it: {@link BatchLoader.normalization}. */
  normalization?: Normalization;
  /** The validation images held out of the training split; default {@link VALIDATION_SPLIT} (5,000, its own fixed seed). */
  validation?: ValidationSplitOptions;
  /** A denoising autoencoder's corruption of every input (all three loaders; the targets stay clean). */
  corruption?: Corruption;
  /** Which of the held-out validation images to use (first N, N per class, seeded draws); default all of them. Its digits are `subset.classes`. */
  validationSubset?: Omit<SubsetOptions, 'classes'>;
  /** Which test images to use, likewise; default the whole test split. */
  testSubset?: Omit<SubsetOptions, 'classes'>;
}

/** The three loaders of a run. */
export interface Loaders {
  /** The training images left after the validation split (or the chosen subset of them), shuffled every epoch. */
  train: BatchLoader;
  /** The held-out images (of the chosen digits, with `subset.classes`), in file order: models are chosen on these. */
  validation: BatchLoader;
  /** The test split (of the chosen digits, with `subset.classes`), in file order: scored once, never chosen on. */
  test: BatchLoader;
}

/**
 * The training images a run uses: `subset` chosen among those the validation split leaves, in
 * file order.
 *
 * @throws Error (one line, naming the option) for a subset that does not fit the training part.
 */
export function selectTrainingIndices(labels: Uint8Array, subset: SubsetOptions = {}, validation: ValidationSplitOptions = VALIDATION_SPLIT): Int32Array {
  const { train } = splitValidation(labels, validation);
  try {
    return selectIndices(labels, subset, train);
  } catch (error) {
    throw new Error(`${(error as Error).message} in the training part (${validation.size} images are held out for validation)`);
  }
}

/** `selectIndices` for a validation or test subset, its errors naming the option. */
function evaluationIndices(option: string, labels: Uint8Array, subset: SubsetOptions, pool?: Int32Array): Int32Array {
  try {
    return selectIndices(labels, subset, pool);
  } catch (error) {
    throw new Error(`${option}: ${(error as Error).message}`);
  }
}

/**
 * The tutorial's loaders. The validation images are held out of MNIST's 60,000 training images
 * by a seeded, class-stratified draw ({@link splitValidation}), the same for every model; the
 * training subset is chosen among the rest.
 *
 * @throws Error (one line) for a bad subset, batch size, seed, normalization or validation split.
 */
export function createLoaders(mnist: Mnist, options: LoaderOptions = {}): Loaders {
  const { batchSize = DEFAULT_BATCH_SIZE, seed = 0, normalization = SEED_NORMALIZATION, corruption } = options;
  const indices = loaderIndices(mnist, options);
  const shared = { batchSize, normalization, ...(corruption ? { corruption } : {}) };
  return {
    train: new BatchLoader(mnist.train, { ...shared, shuffle: true, seed, indices: indices.train }),
    validation: new BatchLoader(mnist.train, { ...shared, indices: indices.validation }),
    test: new BatchLoader(mnist.test, { ...shared, indices: indices.test }),
  };
}

/** Which images each of {@link createLoaders}' loaders serves: indices into MNIST's training split (train, validation) and test split (test), each in file order. */
export interface LoaderIndices {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

/**
 * The images {@link createLoaders} would serve for `options` (only its subset and validation
 * options matter), without making the loaders: e.g. to copy them into a page that trains alone.
 *
 * @throws Error (one line, naming the option) for a subset that does not fit, or a bad validation split.
 */
export function loaderIndices(mnist: Pick<Mnist, 'train' | 'test'>, options: Pick<LoaderOptions, 'subset' | 'validation' | 'validationSubset' | 'testSubset'> = {}): LoaderIndices {
  const { subset, validation = VALIDATION_SPLIT, validationSubset = {}, testSubset = {} } = options;
  const split = splitValidation(mnist.train.labels, validation);
  const classes = subset?.classes ? { classes: subset.classes } : {};
  return {
    train: selectTrainingIndices(mnist.train.labels, subset, validation),
    validation: evaluationIndices('validationSubset', mnist.train.labels, { ...validationSubset, ...classes }, split.validation),
    test: evaluationIndices('testSubset', mnist.test.labels, { ...testSubset, ...classes }),
  };
}
