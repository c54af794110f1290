/**
 * The tutorial's training settings, in one place: `fit`, the job runner, the sweep, the CLI and
 * the presets all read them here, and so does the checkpoint-reuse key ({@link TrainingConfig}),
 * so a default cannot drift in one place and silently reuse (or retrain) a model elsewhere.
 */
import { DEFAULT_BATCH_SIZE, type SubsetOptions } from '../data/batching';
import { type Corruption, validateCorruption } from '../data/corruptions';
import { VALIDATION_SPLIT, type ValidationSplitOptions } from '../data/split';
import type { DecoderVariant } from '../model';

/** The original tutorial's settings (batch 128, Adam 1e-3 with weight decay 1e-5), seed 0. */
export const TRAINING_DEFAULTS = Object.freeze({
  batchSize: DEFAULT_BATCH_SIZE,
  learningRate: 1e-3,
  weightDecay: 1e-5,
  /** Seeds both the weights and the shuffling. */
  seed: 0,
  decoder: 'transposed' as DecoderVariant,
});

/** The latent dimensions the tutorial sweeps: 1..10. */
export const ALL_LATENT_DIMS: readonly number[] = Object.freeze([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

/**
 * How a model is trained: recorded in its checkpoint (`training.json`'s `training`) and matched,
 * with the model options and the data checksums, before a checkpoint stands in for training.
 */
export interface TrainingConfig {
  epochs: number;
  batchSize: number;
  /** Seeds the shuffling (the weights' seed is the model's). */
  seed: number;
  /** Which training images, among those the validation split leaves; `{}` for all of them. */
  subset: SubsetOptions;
  /** The validation images held out of the training split: how many, and the seed of the draw (not the model's). */
  validation: ValidationSplitOptions;
  learningRate: number;
  weightDecay: number;
  /** Only for a denoising autoencoder: the corruption of its inputs (the targets stay clean). */
  corruption?: Corruption;
}

/**
 * A full {@link TrainingConfig} from the fields given, {@link TRAINING_DEFAULTS} for the rest.
 *
 * @throws Error (one line, naming the field) for epochs or batch size that are not positive
 *   integers, a non-integer seed, a learning rate ≤ 0 or a negative weight decay.
 */
export function resolveTrainingConfig(config: Partial<TrainingConfig> & Pick<TrainingConfig, 'epochs'>): TrainingConfig {
  const {
    epochs, batchSize = TRAINING_DEFAULTS.batchSize, seed = TRAINING_DEFAULTS.seed, subset = {},
    learningRate = TRAINING_DEFAULTS.learningRate, weightDecay = TRAINING_DEFAULTS.weightDecay, validation = VALIDATION_SPLIT, corruption,
  } = config;
  if (corruption) validateCorruption(corruption);
  if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`epochs must be a positive integer, got ${String(epochs)}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${String(batchSize)}`);
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${String(seed)}`);
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) throw new Error(`learningRate must be a positive number, got ${String(learningRate)}`);
  if (!(weightDecay >= 0) || !Number.isFinite(weightDecay)) throw new Error(`weightDecay must be a number ≥ 0, got ${String(weightDecay)}`);
  // One spelling per subset, so the key compares equal to its JSON round trip: digits sorted, no undefined fields.
  const { first, perClass, classes } = subset;
  const normalizedSubset: SubsetOptions = {
    ...(first !== undefined ? { first } : {}),
    ...(perClass !== undefined ? { perClass } : {}),
    ...(classes !== undefined ? { classes: [...classes].sort((a, b) => a - b) } : {}),
  };
  return {
    epochs, batchSize, seed, subset: normalizedSubset, learningRate, weightDecay, validation: { size: validation.size, seed: validation.seed },
    // Only when set: a plain job's key stays what it was.
    ...(corruption ? { corruption: { ...corruption } } : {}),
  };
}
