import type { SubsetOptions } from '../data/batching';
import type { Corruption } from '../data/corruptions';
import { envChoice } from '../util/env';
import { defaultCheckpointRoot, pretrainedCheckpointRoot } from './checkpoint';
import { ALL_LATENT_DIMS } from './defaults';

const ALL_DIGITS = Object.freeze([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
/**
 * Epochs of the quick preset's per-digit models, set by time: notebook 04 trains 90 of them (10
 * digits × 3 candidate models × 3 seeds) within its ~8-minute budget. One digit is ~5,400
 * training images, 43 batches an epoch; two models train at a time at about 0.5 s per model-epoch
 * in all, so 8 epochs are ~6 min of training. At the learning rate below, 5 epochs reached about
 * the validation MSE that 10 reached at 0.001 (README, the learning-rate table). Every model still
 * has its best epoch at its last: the seeds' spread is what this budget costs. The full preset trains 30.
 */
const QUICK_ONE_CLASS_EPOCHS = 8;
/** Seeds of every per-digit model: the spread that a difference between digits, models or scores is measured against. */
const ONE_CLASS_SEEDS = Object.freeze([0, 1, 2]);
/**
 * The per-digit models' learning rate, chosen on validation MSE of the normal digit alone
 * (`npm run bench:preset -- --one-class 0-9 --dims 32 --epochs 30 --learning-rate X`, table in
 * README): 0.003 had the lowest mean over the ten digits at 5, 10, 15, 20 and 30 epochs, against
 * 0.001 and 0.01.
 */
const ONE_CLASS_LEARNING_RATE = 0.003;
/** The denoising candidate's corruption: notebook 03's denoising autoencoder's. */
const ONE_CLASS_DENOISING: Corruption = Object.freeze({ kind: 'gaussian', sigma: 0.3 });
/**
 * Notebook 04's candidate models, fixed before any result: the plain autoencoder at d = 8 and
 * d = 32, and a denoising one at d = 32. The strict protocol's model is the last (index 2).
 */
const ONE_CLASS_MODELS: readonly OneClassModel[] = Object.freeze([
  { latentDim: 8 }, { latentDim: 32 }, { latentDim: 32, corruption: ONE_CLASS_DENOISING },
]);
/** The strict protocol's configuration (see {@link OneClassPreset.strict}): the denoising model, MSE + code distance. */
const ONE_CLASS_STRICT = Object.freeze({ model: 2, score: 'MSE + code distance' });

/** The names `AE_PRESET` accepts. */
export type PresetName = 'smoke' | 'quick' | 'full';

/** How much training a notebook (or sweep) does. */
export interface Preset {
  name: PresetName;
  /** One sentence for the reader: what this preset is for. */
  description: string;
  /** Latent dimensions of the sweep. */
  dims: readonly number[];
  /** Latent dimension of the single model notebook 01 trains. */
  singleDim: number;
  epochs: number;
  /** Training images used (all of the training part when absent). */
  subset?: SubsetOptions;
  /** Whether all its sweep models ship in `data/pretrained/`, so that it trains none of them (unless `AE_RETRAIN=1`). */
  pretrained: boolean;
  /**
   * More seeds beside seed 0: the spread between runs, without which neighbouring dims cannot be
   * ranked. The quick preset's extra seeds ship in `data/pretrained/` (loaded, not trained, unless
   * `AE_RETRAIN=1`), so that they cost a run seconds instead of minutes.
   */
  spread?: { dims: readonly number[]; seeds: readonly number[] };
  /** Notebook 04's anomaly detection: one model per normal digit and latent dim. */
  oneClass: OneClassPreset;
}

/** One candidate model of notebook 04: a latent size, and a corruption for a denoising autoencoder. */
export interface OneClassModel {
  latentDim: number;
  /** Train it as a denoising autoencoder: inputs corrupted like this (a fresh draw each batch), targets clean. */
  corruption?: Corruption;
}

/**
 * The per-digit ("one-class") models of a preset: each trained on the training images of one
 * digit only, its best epoch chosen on that digit's share of the validation split.
 */
export interface OneClassPreset {
  /** The normal digits: one model each (per candidate model and seed). */
  digits: readonly number[];
  /** The candidate models, fixed before any result: one per digit and seed each. */
  models: readonly OneClassModel[];
  /**
   * The strict protocol's configuration, fixed before any result: an index into `models`, and
   * the name of a score of `ANOMALY_SCORES` (analysis). Quick and full: the denoising model at
   * d = 32 scored by MSE + code distance, the published recipe of the autoencoder detectors in
   * OCGAN's Table 2 (OCGAN's own autoencoder trains denoising; LSA adds the code's likelihood to
   * the reconstruction error) at the code size of Ruff et al.'s MNIST networks (32).
   */
  strict: { model: number; score: string };
  epochs: number;
  learningRate: number;
  /** One model per seed of each digit and candidate. */
  seeds: readonly number[];
  /** Training images of the digit used (all of them when absent). */
  subset?: Pick<SubsetOptions, 'first'>;
}

/** The environment variable that chooses the preset. */
export const PRESET_ENV = 'AE_PRESET';

/**
 * The presets. `quick` was chosen by measurement (`npm run bench:preset`, table in README):
 * notebook 02 must fit in 10 minutes on a 2-core machine, where two models train at a time on
 * wasm. 3 epochs on all 55,000 training images took about a minute per model and reached a lower
 * validation MSE than any option on 15,000 images (10 epochs on 15,000: 0.0426 at d = 2 and
 * 0.0188 at d = 10, against 0.0419 and 0.0182); 5 epochs would not fit. With this project's own
 * training kernels a model takes half that, and 5 epochs would fit (README, on the preset).
 * `full` is the original tutorial's protocol (50 epochs per model; its models ship in `data/pretrained/`);
 * `smoke` only proves that every cell runs.
 */
export const PRESETS: Readonly<Record<PresetName, Preset>> = Object.freeze({
  smoke: {
    name: 'smoke',
    description: 'a seconds-long check that every cell runs (2 dims, 1 epoch, 512 images): the pictures are not meant to be good',
    dims: [1, 2],
    singleDim: 4,
    epochs: 1,
    subset: { first: 512 },
    pretrained: false,
    spread: { dims: [1, 2], seeds: [1, 2] },
    oneClass: { digits: ALL_DIGITS, models: ONE_CLASS_MODELS, strict: ONE_CLASS_STRICT, epochs: 1, learningRate: ONE_CLASS_LEARNING_RATE, seeds: ONE_CLASS_SEEDS, subset: { first: 256 } },
  },
  quick: {
    name: 'quick',
    description: 'the default: every latent dim 1..10, 3 epochs on the 55,000 training images, one model per core at a time, with seeds 1 and 2 of every dim loaded from data/pretrained',
    dims: ALL_LATENT_DIMS,
    singleDim: 4,
    epochs: 3,
    pretrained: false,
    spread: { dims: ALL_LATENT_DIMS, seeds: [1, 2] },
    oneClass: { digits: ALL_DIGITS, models: ONE_CLASS_MODELS, strict: ONE_CLASS_STRICT, epochs: QUICK_ONE_CLASS_EPOCHS, learningRate: ONE_CLASS_LEARNING_RATE, seeds: ONE_CLASS_SEEDS },
  },
  full: {
    name: 'full',
    description: "the original tutorial's protocol: every latent dim 1..10, 50 epochs on the 55,000 training images (shipped in data/pretrained: loaded, not trained)",
    dims: ALL_LATENT_DIMS,
    singleDim: 4,
    epochs: 50,
    pretrained: true,
    oneClass: { digits: ALL_DIGITS, models: ONE_CLASS_MODELS, strict: ONE_CLASS_STRICT, epochs: 30, learningRate: ONE_CLASS_LEARNING_RATE, seeds: ONE_CLASS_SEEDS },
  },
});

/**
 * The preset `AE_PRESET` names (`smoke`, `quick` or `full`), `quick` when it is unset.
 * An unknown value is a one-line error naming the variable.
 */
export function presetFromEnv(env: NodeJS.ProcessEnv = process.env): Preset {
  return PRESETS[envChoice(PRESET_ENV, Object.keys(PRESETS) as PresetName[], env) ?? 'quick'];
}

/** The environment variable that makes the full preset train its models instead of loading the shipped ones. */
export const RETRAIN_ENV = 'AE_RETRAIN';

/**
 * Where a notebook keeps the preset's models: `data/checkpoints/`, reusing those that match; the
 * shipped `data/pretrained/` is looked in first (the full preset's models, the quick preset's extra
 * seeds), unless `AE_RETRAIN=1`. A run never writes into the shipped folder.
 *
 * @throws Error (one line) when `AE_RETRAIN` is neither 0 nor 1.
 */
export function presetCheckpoints(env: NodeJS.ProcessEnv = process.env): { dir: string; reuse: true; pretrained?: string } {
  const shipped = envChoice(RETRAIN_ENV, ['0', '1'], env) !== '1';
  return { dir: defaultCheckpointRoot(), reuse: true, ...(shipped ? { pretrained: pretrainedCheckpointRoot() } : {}) };
}
