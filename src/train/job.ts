/**
 * One model's training as plain data, a {@link TrainJob}: what the job runner schedules, what a
 * worker thread receives, and what a checkpoint must match to stand in for training.
 */
import type { SubsetOptions } from '../data/batching';
import { createLoaders } from '../data/loaders';
import type { Mnist } from '../data/mnist';
import type { Normalization } from '../data/transforms';
import { type Autoencoder, type AutoencoderOptions, type DecoderVariant, createAutoencoder, resolveOptions } from '../model';
import { type CheckpointMetadata, saveCheckpoint } from './checkpoint';
import { TRAINING_DEFAULTS, type TrainingConfig, resolveTrainingConfig } from './defaults';
import { type BatchProgress, type EpochProgress, type FitResult, fit } from './fit';

/**
 * One model to train, every default filled in. `model` and `training` are exactly what its
 * checkpoint records, so the job is also the key a checkpoint is matched against.
 */
export interface TrainJob {
  /** Latent dim, decoder, weight seed, normalization. */
  model: Required<AutoencoderOptions>;
  /** Epochs, batch size, shuffling seed, training subset, optimizer settings. */
  training: TrainingConfig;
}

/** What a plan says of one job; {@link trainingJob} fills in the rest from {@link TRAINING_DEFAULTS}. */
export interface JobSpec {
  latentDim: number;
  epochs: number;
  /** Seeds both the weights and the shuffling; default 0. */
  seed?: number;
  /** Default `transposed`. */
  decoder?: DecoderVariant;
  /** Which training images (first N, N per class, only some digits); default all. */
  subset?: SubsetOptions;
  /** Default (0.5, 1.0), the original's. */
  normalization?: Normalization;
  batchSize?: number;
  learningRate?: number;
  weightDecay?: number;
}

/**
 * The full job for `spec`.
 *
 * @throws Error (one line, naming the field) for an invalid latent dim, decoder, seed,
 *   normalization, epochs, batch size, learning rate or weight decay.
 */
export function trainingJob(spec: JobSpec): TrainJob {
  const seed = spec.seed ?? TRAINING_DEFAULTS.seed;
  const training = resolveTrainingConfig({
    epochs: spec.epochs, seed,
    ...(spec.batchSize !== undefined ? { batchSize: spec.batchSize } : {}),
    ...(spec.subset !== undefined ? { subset: spec.subset } : {}),
    ...(spec.learningRate !== undefined ? { learningRate: spec.learningRate } : {}),
    ...(spec.weightDecay !== undefined ? { weightDecay: spec.weightDecay } : {}),
  });
  const model = resolveOptions({
    latentDim: spec.latentDim, decoder: spec.decoder ?? TRAINING_DEFAULTS.decoder, seed,
    ...(spec.normalization !== undefined ? { normalization: spec.normalization } : {}),
  });
  return { model, training };
}

/**
 * The checkpoint folder name of a job: what tells jobs apart in a plan, i.e. latent dim,
 * decoder, seed and training subset (`latent-4-transposed-seed-0`,
 * `latent-8-transposed-seed-0-digits-3`, `…-first-512`). Epochs are not part of it: a longer
 * run of the same model replaces the shorter one.
 */
export function jobFolderName(job: TrainJob): string {
  const { latentDim, decoder, seed } = job.model;
  const { classes, first, perClass } = job.training.subset;
  const parts = [`latent-${latentDim}`, decoder, `seed-${seed}`];
  if (classes !== undefined) parts.push(`digits-${[...classes].sort((a, b) => a - b).join('')}`);
  if (first !== undefined) parts.push(`first-${first}`);
  if (perClass !== undefined) parts.push(`per-class-${perClass}`);
  return parts.join('-');
}

/** A job as a reader names it: `latent dim 4`, plus its seed, digits and decoder where they are not the defaults. */
export function describeJob(job: TrainJob): string {
  const { latentDim, decoder, seed } = job.model;
  const classes = job.training.subset.classes;
  return [
    `latent dim ${latentDim}`,
    ...(seed !== TRAINING_DEFAULTS.seed ? [`seed ${seed}`] : []),
    ...(classes !== undefined ? [`digit${classes.length === 1 ? '' : 's'} ${classes.join(',')}`] : []),
    ...(decoder !== TRAINING_DEFAULTS.decoder ? [`${decoder} decoder`] : []),
  ].join(', ');
}

/** Progress callbacks of one job. */
export interface JobCallbacks {
  onBatch?: (progress: BatchProgress) => void;
  onEpoch?: (progress: EpochProgress) => void;
}

/** Trains the job's model from scratch in this thread; the model ends with its best epoch's weights. */
export async function trainJob(mnist: Mnist, job: TrainJob, callbacks: JobCallbacks = {}): Promise<{ model: Autoencoder; result: FitResult }> {
  const { epochs, batchSize, seed, subset, learningRate, weightDecay } = job.training;
  const loaders = createLoaders(mnist, { batchSize, seed, subset, normalization: job.model.normalization });
  const model = createAutoencoder(job.model);
  try {
    const result = await fit(model.autoencoder, loaders, { epochs, learningRate, weightDecay, ...callbacks });
    return { model, result };
  } catch (error) {
    model.autoencoder.dispose();
    throw error;
  }
}

/** The metadata saved beside a job's model. */
export function checkpointMetadata(job: TrainJob, result: FitResult, mnist: Mnist, backend: string): CheckpointMetadata {
  return {
    model: job.model,
    training: job.training,
    trainLoss: result.trainLoss,
    valLoss: result.valLoss,
    bestEpoch: result.bestEpoch,
    bestValLoss: result.bestValLoss,
    imagesPerSecond: result.imagesPerSecond,
    backend,
    dataChecksums: mnist.checksums,
    savedAt: new Date().toISOString(),
  };
}

/**
 * What the job runner runs for every job, in this thread or in a worker: trains the model,
 * saves it (best epoch's weights) as a checkpoint in `dir`, frees it, returns the history.
 */
export async function executeJob(mnist: Mnist, job: TrainJob, dir: string, backend: string, callbacks: JobCallbacks = {}): Promise<FitResult> {
  const { model, result } = await trainJob(mnist, job, callbacks);
  try {
    await saveCheckpoint(dir, model.autoencoder, checkpointMetadata(job, result, mnist, backend));
  } finally {
    model.autoencoder.dispose();
  }
  return result;
}
