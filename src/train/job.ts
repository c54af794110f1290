/**
 * One model's training as plain data, a {@link TrainJob}: what the job runner schedules, what a
 * worker thread receives, and what a checkpoint must match to stand in for training.
 */
import * as fs from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import type { SubsetOptions } from '../data/batching';
import { type Corruption, describeCorruption } from '../data/corruptions';
import { createLoaders } from '../data/loaders';
import type { Mnist } from '../data/mnist';
import { VALIDATION_SPLIT, type ValidationSplitOptions } from '../data/split';
import { type Normalization, SEED_NORMALIZATION } from '../data/transforms';
import { type Autoencoder, type AutoencoderOptions, type DecoderVariant, createAutoencoder, resolveOptions } from '../model';
import { type FolderStep, recoverFolder } from '../util/folder-swap';
import {
  CHECKPOINT_FILES, type CheckpointMetadata, type LoadedCheckpoint, type ResumeMetadata, checkCheckpointFolder, floatsFile, loadCheckpoint, readCheckpointFloats,
  saveCheckpoint,
} from './checkpoint';
import { TRAINING_DEFAULTS, type TrainingConfig, resolveTrainingConfig } from './defaults';
import { type BatchProgress, type EpochProgress, type FitProgress, type FitResult, fit, trainableVariables } from './fit';

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
  /** The validation split; default {@link VALIDATION_SPLIT}. Every job of a comparison should share it. */
  validation?: ValidationSplitOptions;
  /** Train a denoising autoencoder: corrupt the inputs like this, keep the targets clean. */
  corruption?: Corruption;
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
    ...(spec.validation !== undefined ? { validation: spec.validation } : {}),
    ...(spec.corruption !== undefined ? { corruption: spec.corruption } : {}),
  });
  const model = resolveOptions({
    latentDim: spec.latentDim, decoder: spec.decoder ?? TRAINING_DEFAULTS.decoder, seed,
    ...(spec.normalization !== undefined ? { normalization: spec.normalization } : {}),
  });
  return { model, training };
}

/**
 * The checkpoint folder name of a job: every setting its checkpoint is matched on, so that two
 * different jobs never share a folder. Latent dim, decoder, seed, training subset, corruption and
 * epochs always (`latent-4-transposed-seed-0-epochs-3`,
 * `latent-8-transposed-seed-0-digits-3-epochs-12`); batch size, learning rate, weight decay,
 * normalization, validation split and a shuffling seed apart from the weights' only where they
 * differ from the tutorial's defaults (`…-epochs-3-lr-0.0005`).
 */
export function jobFolderName(job: TrainJob): string {
  const { latentDim, decoder, seed, normalization } = job.model;
  const { epochs, batchSize, learningRate, weightDecay, validation, subset, corruption } = job.training;
  const { classes, first, perClass } = subset;
  const parts = [`latent-${latentDim}`, decoder, `seed-${seed}`];
  if (classes !== undefined) parts.push(`digits-${[...classes].sort((a, b) => a - b).join('')}`);
  if (first !== undefined) parts.push(`first-${first}`);
  if (perClass !== undefined) parts.push(`per-class-${perClass}`);
  if (corruption) parts.push(`denoising-${corruption.kind}-${Object.values(corruption)[1]}`);
  parts.push(`epochs-${epochs}`);
  if (job.training.seed !== seed) parts.push(`shuffle-seed-${job.training.seed}`);
  if (batchSize !== TRAINING_DEFAULTS.batchSize) parts.push(`batch-${batchSize}`);
  if (learningRate !== TRAINING_DEFAULTS.learningRate) parts.push(`lr-${String(learningRate)}`);
  if (weightDecay !== TRAINING_DEFAULTS.weightDecay) parts.push(`wd-${String(weightDecay)}`);
  if (normalization.mean !== SEED_NORMALIZATION.mean || normalization.std !== SEED_NORMALIZATION.std) {
    parts.push(`norm-${String(normalization.mean)}-${String(normalization.std)}`);
  }
  if (validation.size !== VALIDATION_SPLIT.size || validation.seed !== VALIDATION_SPLIT.seed) parts.push(`val-${validation.size}-seed-${validation.seed}`);
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
    ...(job.training.corruption ? [`denoising ${describeCorruption(job.training.corruption)}`] : []),
  ].join(', ');
}

/** Progress callbacks of one job, and a hook for fault-injection tests. */
export interface JobCallbacks {
  onBatch?: (progress: BatchProgress) => void;
  onEpoch?: (progress: EpochProgress) => void;
  /** Called at every step of saving the checkpoint after `epochsDone` epochs (see {@link writeFolderAtomic}): fault-injection tests stop the save here. */
  onSaveStep?: (epochsDone: number, step: FolderStep) => void;
}

/**
 * The metadata saved beside a job's model: a finished run's, or with `resume` an unfinished one's;
 * `backendHistory` only for a run resumed on another backend.
 */
export function checkpointMetadata(
  job: TrainJob, result: FitResult, mnist: Mnist, backend: string, resume?: ResumeMetadata, backendHistory?: CheckpointMetadata['backendHistory'],
): CheckpointMetadata {
  return {
    model: job.model,
    training: job.training,
    trainLoss: result.trainLoss,
    valLoss: result.valLoss,
    bestEpoch: result.bestEpoch,
    bestValLoss: result.bestValLoss,
    ...(result.testLoss !== undefined ? { testLoss: result.testLoss } : {}),
    imagesPerSecond: result.imagesPerSecond,
    backend,
    ...(backendHistory ? { backendHistory } : {}),
    dataChecksums: mnist.checksums,
    savedAt: new Date().toISOString(),
    ...(resume ? { resume } : {}),
  };
}

/** Paths of the fields where `a` and `b` differ, e.g. `training.epochs (6, the job 1)`. */
function differences(a: unknown, b: unknown, at: string): string[] {
  if (isDeepStrictEqual(a, b)) return [];
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((key) => differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], at ? `${at}.${key}` : key));
  }
  const shown = (value: unknown): string => (value === undefined ? 'none' : JSON.stringify(value));
  return [`${at} (${shown(a)}, the job ${shown(b)})`];
}

/** What a checkpoint folder holds, as {@link inspectCheckpoint} finds it. */
export type CheckpointState =
  | { state: 'none' }
  /** The same job on the same data, done (it can stand in for training) or stopped partway (it can be resumed). */
  | { state: 'finished' | 'unfinished'; metadata: CheckpointMetadata }
  /** Another job's, or made on other data: `differing` names the settings, e.g. `training.epochs (6, the job 1)`. */
  | { state: 'other'; finished: boolean; differing: string[] };

/**
 * What the checkpoint folder `dir` holds, for `job`: nothing, this job's checkpoint (finished or
 * not), or another job's. Every file is checked first ({@link checkCheckpointFolder}).
 *
 * @throws Error (one line, naming the file and field) for a folder that is there but damaged.
 */
export function inspectCheckpoint(dir: string, job: TrainJob, mnist: Mnist): CheckpointState {
  if (!fs.existsSync(dir)) return { state: 'none' };
  const metadata = checkCheckpointFolder(dir);
  const differing = [
    ...differences(metadata.model, job.model, 'model'),
    ...differences(metadata.training, job.training, 'training'),
    ...(isDeepStrictEqual(metadata.dataChecksums, mnist.checksums) ? [] : ['dataChecksums (other MNIST files)']),
  ];
  if (differing.length > 0) return { state: 'other', finished: metadata.resume === undefined, differing };
  return { state: metadata.resume ? 'unfinished' : 'finished', metadata };
}

/**
 * What the checkpoint in `dir` is to `job`: `finished` (the same job on the same data, done: it
 * can stand in for training), `unfinished` (the same job, stopped after some epochs: it can be
 * resumed), or undefined (none, or another job's, or made on other data).
 *
 * @throws Error (one line, naming the file and field) for a damaged checkpoint.
 */
export function checkpointStatus(dir: string, job: TrainJob, mnist: Mnist): 'finished' | 'unfinished' | undefined {
  const found = inspectCheckpoint(dir, job, mnist);
  return found.state === 'finished' || found.state === 'unfinished' ? found.state : undefined;
}

/** Saves an unfinished run: the model's weights now, the best ones so far, the optimizer's state. */
async function saveProgress(
  dir: string, model: Autoencoder, job: TrainJob, progress: FitProgress, trainImages: number, mnist: Mnist, backend: string, callbacks: JobCallbacks,
  backendHistory: CheckpointMetadata['backendHistory'],
): Promise<void> {
  const { epochsDone, trainLoss, valLoss, bestEpoch, bestValLoss, trainSeconds, bestWeights, optimizer } = progress;
  const imagesPerSecond = (epochsDone * trainImages) / trainSeconds;
  const { iterations, accBeta1, accBeta2, firstMoments, secondMoments } = optimizer;
  const metadata = checkpointMetadata(job, { trainLoss, valLoss, bestEpoch, bestValLoss, imagesPerSecond }, mnist, backend, {
    epochsDone, trainSeconds, optimizer: { iterations, accBeta1, accBeta2 },
  }, backendHistory);
  await saveCheckpoint(dir, model.autoencoder, metadata, {
    files: {
      [CHECKPOINT_FILES.bestWeights]: floatsFile(bestWeights.map((tensor) => tensor.dataSync() as Float32Array)),
      [CHECKPOINT_FILES.optimizer]: floatsFile([...firstMoments, ...secondMoments]),
    },
    ...(callbacks.onSaveStep ? { onStep: (step: FolderStep) => callbacks.onSaveStep?.(epochsDone, step) } : {}),
  });
}

/** An unfinished run read back: the model with its weights of that moment, and where fit goes on from. */
async function loadProgress(dir: string): Promise<{ model: LoadedCheckpoint; progress: FitProgress }> {
  const model = await loadCheckpoint(dir);
  const { trainLoss, valLoss, bestEpoch, bestValLoss, resume } = model.metadata;
  const weights = model.autoencoder.getWeights();
  const variables = trainableVariables(model.autoencoder);
  let best: Float32Array[];
  let moments: Float32Array[];
  try {
    best = readCheckpointFloats(dir, CHECKPOINT_FILES.bestWeights, weights.map((w) => w.size));
    moments = readCheckpointFloats(dir, CHECKPOINT_FILES.optimizer, [...variables, ...variables].map((v) => v.size));
  } catch (error) {
    model.autoencoder.dispose();
    throw error;
  }
  return {
    model,
    progress: {
      epochsDone: resume!.epochsDone, trainLoss, valLoss, bestEpoch, bestValLoss, trainSeconds: resume!.trainSeconds,
      bestWeights: best.map((values, k) => tf.tensor(values, weights[k]!.shape)),
      optimizer: { ...resume!.optimizer, firstMoments: moments.slice(0, variables.length), secondMoments: moments.slice(variables.length) },
    },
  };
}

/**
 * What the job runner runs for every job, in this thread or in a worker: trains the model,
 * saving an unfinished checkpoint in `dir` after every epoch but the last, then the finished
 * one (the best epoch's weights, the history, the test MSE); frees the model; returns the result.
 * With `resume`, an unfinished checkpoint of this very job in `dir` is continued from where it
 * stopped, to the same history and weights as a run that never stopped when it is on the same
 * backend. Made on another backend, it is continued too, and its `training.json` then records
 * the backends in `backendHistory`: the numbers may differ in the last bits.
 * `saveProgress: false` skips the per-epoch checkpoints (a temporary folder nobody resumes from).
 */
export async function executeJob(
  mnist: Mnist, job: TrainJob, dir: string, backend: string, callbacks: JobCallbacks = {},
  options: { resume?: boolean; saveProgress?: boolean } = {},
): Promise<FitResult> {
  const { epochs, batchSize, seed, subset, learningRate, weightDecay, validation, corruption } = job.training;
  const loaders = createLoaders(mnist, { batchSize, seed, subset, validation, normalization: job.model.normalization, ...(corruption ? { corruption } : {}) });
  recoverFolder(dir);
  const saved = options.resume && checkpointStatus(dir, job, mnist) === 'unfinished' ? await loadProgress(dir) : undefined;
  const model = saved?.model ?? createAutoencoder(job.model);
  // The backends of a run resumed on another one, with the epochs each trained.
  const before = saved ? (saved.model.metadata.backendHistory ?? [{ backend: saved.model.metadata.backend, epochs: saved.progress.epochsDone }]) : [];
  const resumedAt = saved?.progress.epochsDone ?? 0;
  const backendHistory = (epochsDone: number): CheckpointMetadata['backendHistory'] => {
    const last = before.at(-1);
    const parts = last?.backend === backend
      ? [...before.slice(0, -1), { backend, epochs: last.epochs + epochsDone - resumedAt }]
      : [...before, { backend, epochs: epochsDone - resumedAt }];
    return parts.length > 1 ? parts : undefined;
  };
  try {
    const result = await fit(model.autoencoder, loaders, {
      epochs, learningRate, weightDecay,
      ...(callbacks.onBatch ? { onBatch: callbacks.onBatch } : {}),
      ...(callbacks.onEpoch ? { onEpoch: callbacks.onEpoch } : {}),
      ...(saved ? { resume: saved.progress } : {}),
      ...(options.saveProgress ?? true
        ? { onProgress: (progress: FitProgress) => saveProgress(dir, model, job, progress, loaders.train.size, mnist, backend, callbacks, backendHistory(progress.epochsDone)) }
        : {}),
    });
    await saveCheckpoint(dir, model.autoencoder, checkpointMetadata(job, result, mnist, backend, undefined, backendHistory(epochs)), {
      ...(callbacks.onSaveStep ? { onStep: (step: FolderStep) => callbacks.onSaveStep?.(epochs, step) } : {}),
    });
    return result;
  } finally {
    model.autoencoder.dispose();
    if (saved) tf.dispose(saved.progress.bestWeights);
  }
}
