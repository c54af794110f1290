import type { SubsetOptions } from '../data/batching';
import { envChoice } from '../util/env';
import { defaultCheckpointRoot, pretrainedCheckpointRoot } from './checkpoint';
import { ALL_LATENT_DIMS } from './defaults';

const ALL_DIGITS = Object.freeze([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
/**
 * Epochs of the quick preset's per-digit models, set by time: notebook 04 trains 60 of them (10
 * digits × 2 latent dims × 3 seeds). One digit is ~5,400 training images, 43 batches an epoch; two
 * models train at a time at about 0.5 s per model-epoch in all (480 model-epochs took 4.0 min on
 * 2026-12-04), so 12 epochs are ~6 min of training. 8 epochs were tried first and are too few:
 * every model's validation MSE was still falling fast at its last epoch, and one seed's models
 * had barely started (d = 32: 0.044 to 0.049 against the other seeds' 0.019 to 0.029), so the
 * AUROCs spread by ±13 points. The full preset trains 30.
 */
const QUICK_ONE_CLASS_EPOCHS = 12;
/** Seeds of every per-digit model: the spread that a difference between digits, sizes or scores is measured against. */
const ONE_CLASS_SEEDS = Object.freeze([0, 1, 2]);

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

/**
 * The per-digit ("one-class") models of a preset: each trained on the training images of one
 * digit only, its best epoch chosen on that digit's share of the validation split.
 */
export interface OneClassPreset {
  /** The normal digits: one model each (per latent dim). */
  digits: readonly number[];
  /** Latent dimensions to compare (the headline one among them). */
  dims: readonly number[];
  /**
   * The latent dimension of the headline result, fixed before any test AUROC is seen: 32 for
   * quick and full, the size of the code in Ruff et al.'s (2018) networks for MNIST (their
   * autoencoder baseline and Deep SVDD); 8 for smoke, which only proves the cells run.
   */
  headlineDim: number;
  epochs: number;
  /** One model per seed of each digit and dim. */
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
    oneClass: { digits: ALL_DIGITS, dims: [2, 8], headlineDim: 8, epochs: 1, seeds: ONE_CLASS_SEEDS, subset: { first: 256 } },
  },
  quick: {
    name: 'quick',
    description: 'the default: every latent dim 1..10, 3 epochs on the 55,000 training images, one model per core at a time, with seeds 1 and 2 of every dim loaded from data/pretrained',
    dims: ALL_LATENT_DIMS,
    singleDim: 4,
    epochs: 3,
    pretrained: false,
    spread: { dims: ALL_LATENT_DIMS, seeds: [1, 2] },
    oneClass: { digits: ALL_DIGITS, dims: [8, 32], headlineDim: 32, epochs: QUICK_ONE_CLASS_EPOCHS, seeds: ONE_CLASS_SEEDS },
  },
  full: {
    name: 'full',
    description: "the original tutorial's protocol: every latent dim 1..10, 50 epochs on the 55,000 training images (shipped in data/pretrained: loaded, not trained)",
    dims: ALL_LATENT_DIMS,
    singleDim: 4,
    epochs: 50,
    pretrained: true,
    oneClass: { digits: ALL_DIGITS, dims: [8, 32], headlineDim: 32, epochs: 30, seeds: ONE_CLASS_SEEDS },
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
