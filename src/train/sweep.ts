import { BatchLoader, type SubsetOptions, selectIndices } from '../data/batching';
import type { Mnist } from '../data/mnist';
import { type Normalization, SEED_NORMALIZATION } from '../data/transforms';
import { type Autoencoder, type DecoderVariant, createAutoencoder } from '../model';
import { type BatchProgress, type EpochProgress, type FitResult, fit } from './fit';

/** Options of {@link sweepLatentDims}. */
export interface SweepOptions {
  /** Latent dimensions to train, one model each, in this order. */
  dims: readonly number[];
  epochs: number;
  /** Default 128. */
  batchSize?: number;
  /** Default `transposed`. */
  decoder?: DecoderVariant;
  /** Seeds both the weights and the shuffling; default 0. */
  seed?: number;
  /** Which training images to use (first N, N per class, chosen digits); default all. */
  subset?: SubsetOptions;
  /** Default (0.5, 1.0), the tutorial's. */
  normalization?: Normalization;
  learningRate?: number;
  weightDecay?: number;
  /** Per-batch progress of the model being trained. */
  onBatch?: (dim: number, progress: BatchProgress) => void;
  /** Per-epoch progress of the model being trained. */
  onEpoch?: (dim: number, progress: EpochProgress) => void;
  /**
   * Called with each trained model (holding its best epoch's weights) before the next one
   * starts: save it, plot it. The models are disposed after the callback unless it returns `'keep'`.
   */
  onTrained?: (dim: number, model: Autoencoder, result: FitResult) => Promise<'keep' | void> | 'keep' | void;
}

/** One trained model of a sweep. */
export interface SweepEntry {
  dim: number;
  result: FitResult;
  /** Present when `onTrained` asked to keep it. */
  model?: Autoencoder;
}

/**
 * The tutorial's experiment: one autoencoder per latent dimension, same data, same seed,
 * trained with {@link fit}. The test loader is unshuffled and uses the whole test split
 * (restricted to the same digit classes when `subset.classes` is given).
 */
export async function sweepLatentDims(mnist: Mnist, options: SweepOptions): Promise<SweepEntry[]> {
  const { dims, epochs, batchSize = 128, decoder = 'transposed', seed = 0, normalization = SEED_NORMALIZATION } = options;
  if (dims.length === 0) throw new Error('dims must name at least one latent dimension');
  const train = new BatchLoader(mnist.train, {
    batchSize, shuffle: true, seed, normalization, indices: selectIndices(mnist.train.labels, options.subset),
  });
  const test = new BatchLoader(mnist.test, {
    batchSize, shuffle: false, normalization,
    ...(options.subset?.classes ? { indices: selectIndices(mnist.test.labels, { classes: options.subset.classes }) } : {}),
  });
  const entries: SweepEntry[] = [];
  for (const dim of dims) {
    const model = createAutoencoder({ latentDim: dim, decoder, seed, normalization });
    let keep = false;
    try {
      const result = fit(model.autoencoder, { train, test }, {
        epochs, normalization,
        ...(options.learningRate !== undefined ? { learningRate: options.learningRate } : {}),
        ...(options.weightDecay !== undefined ? { weightDecay: options.weightDecay } : {}),
        ...(options.onBatch ? { onBatch: (progress: BatchProgress) => options.onBatch?.(dim, progress) } : {}),
        ...(options.onEpoch ? { onEpoch: (progress: EpochProgress) => options.onEpoch?.(dim, progress) } : {}),
      });
      keep = (await options.onTrained?.(dim, model, result)) === 'keep';
      entries.push({ dim, result, ...(keep ? { model } : {}) });
    } finally {
      if (!keep) model.autoencoder.dispose();
    }
  }
  return entries;
}
