import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { backendInfo } from '../backend';
import { BatchLoader, type SubsetOptions, selectIndices } from '../data/batching';
import type { Mnist } from '../data/mnist';
import { type Normalization, SEED_NORMALIZATION } from '../data/transforms';
import { type Autoencoder, type DecoderVariant, createAutoencoder, resolveOptions } from '../model';
import {
  CHECKPOINT_FILES, type CheckpointMetadata, checkpointDir, loadCheckpoint, readCheckpointMetadata, saveCheckpoint,
} from './checkpoint';
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
  /** Default 1e-3. */
  learningRate?: number;
  /** Default 1e-5. */
  weightDecay?: number;
  /**
   * Where checkpoints go: one folder per model under `dir` ({@link checkpointDir}). Every
   * trained model is saved there. With `reuse`, a model whose checkpoint was written with the
   * very same configuration and data is loaded instead of trained.
   */
  checkpoints?: { dir: string; reuse?: boolean };
  /** Per-batch progress of the model being trained. */
  onBatch?: (dim: number, progress: BatchProgress) => void;
  /** Per-epoch progress of the model being trained. */
  onEpoch?: (dim: number, progress: EpochProgress) => void;
  /**
   * Called with each model (holding its best epoch's weights) before the next one starts:
   * plot it, keep it. The models are disposed after the callback unless it returns `'keep'`.
   */
  onModel?: (entry: SweepEntry, model: Autoencoder) => Promise<'keep' | void> | 'keep' | void;
}

/** One model of a sweep. */
export interface SweepEntry {
  dim: number;
  /** Loss history and best epoch (read back from the checkpoint when loaded). */
  result: FitResult;
  /** Whether the model was trained now or loaded from an earlier run's checkpoint. */
  source: 'trained' | 'checkpoint';
  /** Its checkpoint folder, when checkpoints are on. */
  checkpoint?: string;
  /** Present when `onModel` asked to keep it. */
  model?: Autoencoder;
}

/** Options of {@link createLoaders}. */
export interface LoaderOptions {
  /** Default 128. */
  batchSize?: number;
  /** Seeds the shuffling of the training loader; default 0. */
  seed?: number;
  /** Which training images (first N, N per class, chosen digits); default all. */
  subset?: SubsetOptions;
  /** Default (0.5, 1.0). */
  normalization?: Normalization;
}

/**
 * The tutorial's two loaders: the training images (shuffled every epoch, optionally a subset)
 * and the whole test split in file order (only the chosen digits when `subset.classes` is set).
 */
export function createLoaders(mnist: Mnist, options: LoaderOptions = {}): { train: BatchLoader; test: BatchLoader } {
  const { batchSize = 128, seed = 0, subset, normalization = SEED_NORMALIZATION } = options;
  return {
    train: new BatchLoader(mnist.train, { batchSize, shuffle: true, seed, normalization, indices: selectIndices(mnist.train.labels, subset) }),
    test: new BatchLoader(mnist.test, {
      batchSize, shuffle: false, normalization,
      ...(subset?.classes ? { indices: selectIndices(mnist.test.labels, { classes: subset.classes }) } : {}),
    }),
  };
}

/** The part of a checkpoint's metadata that must match for it to stand in for training. */
function trainingConfig(options: SweepOptions): Record<string, unknown> {
  const { epochs, batchSize = 128, seed = 0, subset = {}, learningRate = 1e-3, weightDecay = 1e-5 } = options;
  return { epochs, batchSize, seed, subset, learningRate, weightDecay };
}

/** The checkpoint in `dir`, if it exists and was made with exactly this configuration and data. */
async function matchingCheckpoint(dir: string, model: Autoencoder['options'], training: Record<string, unknown>, mnist: Mnist) {
  if (!fs.existsSync(path.join(dir, CHECKPOINT_FILES.metadata))) return undefined;
  const metadata = readCheckpointMetadata(dir);
  const matches = isDeepStrictEqual(metadata.model, model)
    && isDeepStrictEqual(metadata.training, training)
    && isDeepStrictEqual(metadata.dataChecksums, mnist.checksums);
  return matches ? loadCheckpoint(dir) : undefined;
}

/**
 * The tutorial's experiment: one autoencoder per latent dimension, same data, same seed,
 * trained with {@link fit} on the loaders of {@link createLoaders}.
 */
export async function sweepLatentDims(mnist: Mnist, options: SweepOptions): Promise<SweepEntry[]> {
  const { dims, epochs, batchSize = 128, decoder = 'transposed', seed = 0, normalization = SEED_NORMALIZATION } = options;
  if (dims.length === 0) throw new Error('dims must name at least one latent dimension');
  const training = trainingConfig(options);
  const { train, test } = createLoaders(mnist, { batchSize, seed, normalization, ...(options.subset ? { subset: options.subset } : {}) });
  const entries: SweepEntry[] = [];
  for (const dim of dims) {
    const dir = options.checkpoints && checkpointDir(options.checkpoints.dir, dim, options.subset?.classes);
    const modelOptions = resolveOptions({ latentDim: dim, decoder, seed, normalization });
    const reused = dir && options.checkpoints?.reuse ? await matchingCheckpoint(dir, modelOptions, training, mnist) : undefined;
    let model: Autoencoder;
    let entry: SweepEntry;
    if (reused) {
      model = reused;
      const { trainLoss, valLoss, bestEpoch, bestValLoss, imagesPerSecond } = reused.metadata;
      entry = { dim, source: 'checkpoint', checkpoint: dir, result: { trainLoss, valLoss, bestEpoch, bestValLoss, imagesPerSecond } };
    } else {
      model = createAutoencoder(modelOptions);
      try {
        const result = await fit(model.autoencoder, { train, test }, {
          epochs, normalization,
          ...(options.learningRate !== undefined ? { learningRate: options.learningRate } : {}),
          ...(options.weightDecay !== undefined ? { weightDecay: options.weightDecay } : {}),
          ...(options.onBatch ? { onBatch: (progress: BatchProgress) => options.onBatch?.(dim, progress) } : {}),
          ...(options.onEpoch ? { onEpoch: (progress: EpochProgress) => options.onEpoch?.(dim, progress) } : {}),
        });
        if (dir) await saveCheckpoint(dir, model.autoencoder, metadataOf(model, training, result, mnist));
        entry = { dim, source: 'trained', result, ...(dir ? { checkpoint: dir } : {}) };
      } catch (error) {
        model.autoencoder.dispose();
        throw error;
      }
    }
    let keep = false;
    try {
      keep = (await options.onModel?.(entry, model)) === 'keep';
    } finally {
      if (!keep) model.autoencoder.dispose();
    }
    entries.push(keep ? { ...entry, model } : entry);
  }
  return entries;
}

function metadataOf(model: Autoencoder, training: Record<string, unknown>, result: FitResult, mnist: Mnist): CheckpointMetadata {
  return {
    model: model.options,
    training,
    trainLoss: result.trainLoss,
    valLoss: result.valLoss,
    bestEpoch: result.bestEpoch,
    bestValLoss: result.bestValLoss,
    imagesPerSecond: result.imagesPerSecond,
    backend: backendInfo().name,
    dataChecksums: mnist.checksums,
    savedAt: new Date().toISOString(),
  };
}
