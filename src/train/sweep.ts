/**
 * The tutorial's experiment as a plan for the job runner: one autoencoder per latent
 * dimension, everything else equal.
 */
import type { Corruption } from '../data/corruptions';
import type { SubsetOptions } from '../data/batching';
import type { Mnist } from '../data/mnist';
import type { Normalization } from '../data/transforms';
import type { Autoencoder, DecoderVariant } from '../model';
import { type TrainJob, trainingJob } from './job';
import type { Preset } from './presets';
import { type JobEntry, type RunOptions, runJobs } from './runner';

/** Options of {@link sweepLatentDims}: what every model shares, and how the runner runs them. */
export interface SweepOptions extends Omit<RunOptions, 'onModel'> {
  /** Latent dimensions to train, one model each, in this order. */
  dims: readonly number[];
  epochs: number;
  /** Default 128. */
  batchSize?: number;
  /** Default `transposed`. */
  decoder?: DecoderVariant;
  /** Seeds both the weights and the shuffling; default 0. */
  seed?: number;
  /** Several seeds: one model per dim and seed (dims outer), to see the spread between runs. Not with `seed`. */
  seeds?: readonly number[];
  /** Which training images to use (first N, N per class, chosen digits); default all. */
  subset?: SubsetOptions;
  /** Default (0.5, 1.0), the tutorial's. */
  normalization?: Normalization;
  /** Default 1e-3. */
  learningRate?: number;
  /** Default 1e-5. */
  weightDecay?: number;
  /** Denoising autoencoders: inputs corrupted this way (a fresh draw each batch), targets clean. */
  corruption?: Corruption;
  /** As {@link RunOptions.onModel}, with the entry's latent dim at hand. */
  onModel?: (entry: SweepEntry, model: Autoencoder) => Promise<'keep' | void> | 'keep' | void;
}

/** One model of a sweep: its job's outcome, its latent dim and seed. */
export interface SweepEntry extends JobEntry {
  dim: number;
  seed: number;
}

/**
 * The jobs of a latent sweep, one per dim (and per seed, with `seeds`), in the order of `dims`
 * (then of `seeds`).
 *
 * @throws Error (one line) for no dims, a repeated dim or seed, `seed` with `seeds`, or an invalid setting.
 */
export function planLatentSweep(options: Omit<SweepOptions, keyof RunOptions>): TrainJob[] {
  const { dims, seeds, seed, ...shared } = options;
  if (dims.length === 0) throw new Error('dims must name at least one latent dimension');
  if (new Set(dims).size !== dims.length) throw new Error(`dims must not repeat a latent dimension, got ${dims.join(', ')}`);
  if (seeds !== undefined && seed !== undefined) throw new Error('give seed or seeds, not both');
  if (seeds !== undefined && (seeds.length === 0 || new Set(seeds).size !== seeds.length)) {
    throw new Error(`seeds must list distinct seeds, got [${seeds.join(', ')}]`);
  }
  const seedList = seeds ?? [seed];
  return dims.flatMap((latentDim) => seedList.map((oneSeed) => trainingJob({ ...shared, latentDim, ...(oneSeed !== undefined ? { seed: oneSeed } : {}) })));
}


/**
 * A preset's sweep as notebook 02 trains it: one model per dim (seed 0), then its extra seeds at
 * the dims of `preset.spread`. Notebook 03 and `npm run baseline` load the same models.
 */
export function planPresetSweep(preset: Pick<Preset, 'dims' | 'epochs' | 'subset' | 'spread'>): TrainJob[] {
  const shared = { epochs: preset.epochs, ...(preset.subset ? { subset: preset.subset } : {}) };
  return [
    ...planLatentSweep({ dims: preset.dims, ...shared }),
    ...(preset.spread ? planLatentSweep({ dims: preset.spread.dims, seeds: preset.spread.seeds, ...shared }) : []),
  ];
}
/** One job of notebook 04's plan, with what it stands for: a candidate model (index into the preset's), a normal digit and a seed. */
export interface OneClassJob {
  job: TrainJob;
  model: number;
  digit: number;
  seed: number;
}

/**
 * Notebook 04's models: one per normal digit of `preset.oneClass` (trained on that digit's
 * images only, the best epoch chosen on that digit's validation images), per candidate model and
 * seed: candidates outer (in the preset's order), then seeds, then digits.
 *
 * @throws Error (one line) when the strict configuration names no candidate model.
 */
export function planOneClassJobs(preset: Pick<Preset, 'oneClass'>): OneClassJob[] {
  const { digits, models, strict, epochs, learningRate, seeds, subset } = preset.oneClass;
  if (models[strict.model] === undefined) throw new Error(`oneClass.strict.model ${strict.model} is not an index of its ${models.length} candidate models`);
  return models.flatMap(({ latentDim, corruption }, model) => seeds.flatMap((seed) => digits.map((digit) => ({
    job: trainingJob({ latentDim, seed, epochs, learningRate, subset: { ...subset, classes: [digit] }, ...(corruption ? { corruption } : {}) }),
    model, digit, seed,
  }))));
}

/** The jobs of {@link planOneClassJobs}, in its order. */
export function planOneClassSweep(preset: Pick<Preset, 'oneClass'>): TrainJob[] {
  return planOneClassJobs(preset).map((entry) => entry.job);
}

/**
 * The tutorial's experiment: one autoencoder per latent dimension (per dim and seed with `seeds`), same data, run by
 * {@link runJobs} — several at once in worker threads when `workers` > 1 (the default on a
 * multi-core machine), matching checkpoints reused with `checkpoints.reuse`.
 */
export async function sweepLatentDims(mnist: Mnist, options: SweepOptions): Promise<SweepEntry[]> {
  const { checkpoints, workers, onBatch, onEpoch, onModel, ...plan } = options;
  const withDim = (entry: JobEntry): SweepEntry => ({ ...entry, dim: entry.job.model.latentDim, seed: entry.job.model.seed });
  const entries = await runJobs(mnist, planLatentSweep(plan), {
    ...(checkpoints ? { checkpoints } : {}),
    ...(workers !== undefined ? { workers } : {}),
    ...(onBatch ? { onBatch } : {}),
    ...(onEpoch ? { onEpoch } : {}),
    ...(onModel ? { onModel: (entry: JobEntry, model: Autoencoder) => onModel(withDim(entry), model) } : {}),
  });
  return entries.map(withDim);
}
