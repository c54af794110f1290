/** The tutorial's pair of loaders over MNIST: the training images and the test split. */
import { BatchLoader, DEFAULT_BATCH_SIZE, type SubsetOptions, selectIndices } from './batching.js';
import type { Mnist } from './mnist.js';
import { type Normalization, SEED_NORMALIZATION } from './transforms.js';

/** Options of {@link createLoaders}. */
export interface LoaderOptions {
  /** Default 128, the original's. */
  batchSize?: number;
  /** Seeds the shuffling of the training loader; default 0. */
  seed?: number;
  /** Which training images (first N, N per class, chosen digits); default all. */
  subset?: SubsetOptions;
  /** Default (0.5, 1.0), the original's. Both loaders carry it: {@link BatchLoader.normalization}. */
  normalization?: Normalization;
}

/**
 * The tutorial's two loaders: the training images (shuffled every epoch, optionally a subset)
 * and the whole test split in file order (only the chosen digits when `subset.classes` is set).
 *
 * @throws Error (one line) for a bad subset, batch size, seed or normalization.
 */
export function createLoaders(mnist: Mnist, options: LoaderOptions = {}): { train: BatchLoader; test: BatchLoader } {
  const { batchSize = DEFAULT_BATCH_SIZE, seed = 0, subset, normalization = SEED_NORMALIZATION } = options;
  return {
    train: new BatchLoader(mnist.train, { batchSize, shuffle: true, seed, normalization, indices: selectIndices(mnist.train.labels, subset) }),
    test: new BatchLoader(mnist.test, {
      batchSize, shuffle: false, normalization,
      ...(subset?.classes ? { indices: selectIndices(mnist.test.labels, { classes: subset.classes }) } : {}),
    }),
  };
}
