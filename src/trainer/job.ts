/**
 * The browser trainer's job (notebook 06): one autoencoder, trained with the tutorial's settings on
 * a small, fixed, stratified subset of MNIST that the page carries. This module runs in the page's
 * Worker and in Node alike (no Node, no DOM), so the page and Node train with the same code; only
 * where the images come from differs (see ./node.ts).
 */
import { BatchLoader, fixedExamplesPerClass, imagesAt } from '../data/batching';
import type { MnistSplit } from '../data/mnist';
import { type Autoencoder, codeRanges, createAutoencoder, decoderProgram, encodeImages, reconstructPixels } from '../model';
import type { ExplorerView } from '../plot/explorer-data';
import { TRAINING_DEFAULTS } from '../train/defaults';
import { type BatchProgress, type EpochProgress, type FitResult, fit, testEpoch } from '../train/fit';

/** What the reader picks: the code size, how long to train, and the seed of the weights and the shuffling. */
export interface TrainerJob {
  latentDim: number;
  epochs: number;
  seed: number;
}

/** "latent dim 2, 20 epochs, seed 0". */
export function describeTrainerJob(job: TrainerJob): string {
  return `latent dim ${job.latentDim}, ${job.epochs} epoch${job.epochs === 1 ? '' : 's'}, seed ${job.seed}`;
}

/** The choices the page offers (and {@link checkTrainerJob} accepts). */
export const TRAINER_CHOICES = Object.freeze({
  latentDims: Object.freeze([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
  maxEpochs: 30,
  maxSeed: 999_999,
  /** What the page starts with. */
  defaults: Object.freeze({ latentDim: 2, epochs: 20, seed: 0 }) as Readonly<TrainerJob>,
});

/**
 * The images the page carries, as seeded class-stratified draws (`perClass` of each digit; the
 * draw's own seed): training images from the training part of the tutorial's validation split,
 * validation images from its held-out part, test images from the test split.
 */
export const TRAINER_SUBSETS = Object.freeze({
  train: Object.freeze({ perClass: 600, seed: 0 }),
  validation: Object.freeze({ perClass: 100, seed: 0 }),
  test: Object.freeze({ perClass: 100, seed: 0 }),
});

/** The page's images: each subset as a split of its own, its images in MNIST's file order. */
export interface TrainerData {
  train: MnistSplit;
  validation: MnistSplit;
  test: MnistSplit;
}

/** The loaders of a job: shuffled training batches, validation (chosen on) and test (scored). */
export interface TrainerLoaders {
  train: BatchLoader;
  validation: BatchLoader;
  test: BatchLoader;
}

/**
 * `job` with every field checked.
 *
 * @throws Error (one line, naming the field) for a latent dim outside 1..10, or epochs or a seed
 *   that is not a whole number in range.
 */
export function checkTrainerJob(job: TrainerJob): TrainerJob {
  const { latentDims, maxEpochs, maxSeed } = TRAINER_CHOICES;
  if (!latentDims.includes(job.latentDim)) throw new Error(`latentDim must be one of ${latentDims.join(', ')} (got ${String(job.latentDim)})`);
  if (!Number.isInteger(job.epochs) || job.epochs < 1 || job.epochs > maxEpochs) throw new Error(`epochs must be a whole number in 1..${maxEpochs} (got ${String(job.epochs)})`);
  if (!Number.isInteger(job.seed) || job.seed < 0 || job.seed > maxSeed) throw new Error(`seed must be a whole number in 0..${maxSeed} (got ${String(job.seed)})`);
  return { latentDim: job.latentDim, epochs: job.epochs, seed: job.seed };
}

/**
 * The job's loaders over the page's images, as {@link createLoaders} makes them over all of MNIST
 * (./node.ts): the tutorial's batch size and normalization, the training images shuffled by the
 * job's seed. The shuffle of epoch k permutes positions in the selection, so a compact copy of the
 * same images in the same order gives the same batches.
 */
export function trainerLoaders(data: TrainerData, seed: number): TrainerLoaders {
  const batchSize = TRAINING_DEFAULTS.batchSize;
  return {
    train: new BatchLoader(data.train, { batchSize, shuffle: true, seed }),
    validation: new BatchLoader(data.validation, { batchSize }),
    test: new BatchLoader(data.test, { batchSize }),
  };
}

/** The fixed test digits whose reconstructions the trainer shows: the first 0, 1, …, 9 of the test images. */
export function showcaseImages(test: MnistSplit): Uint8Array {
  return imagesAt(test, fixedExamplesPerClass(test.labels, 1));
}

/** After every epoch: fit's report and the showcase digits' reconstructions ([0, 1] pixels). */
export interface TrainerEpoch extends EpochProgress {
  reconstructions: Float32Array;
}

/** Progress of {@link runTrainerJob}. */
export interface TrainerCallbacks {
  /** Before training: the untrained model's test MSE and reconstructions. */
  onStart?: (start: { testLossUntrained: number; reconstructions: Float32Array }) => void;
  onBatch?: (progress: BatchProgress) => void;
  onEpoch?: (epoch: TrainerEpoch) => void;
}

/** What a job gives: fit's history and test MSE, the untrained model's test MSE, the showcase digits, and the trained decoder's explorer view. */
export interface TrainerResult extends FitResult {
  testLoss: number;
  testLossUntrained: number;
  /** The showcase digits (uint8 pixels) and their reconstructions ([0, 1]) by the untrained model and after the last epoch. */
  showcase: { images: Uint8Array; untrained: Float32Array; lastEpoch: Float32Array };
  explorer: ExplorerView;
}

/**
 * Trains `job` on `loaders` with the tutorial's optimizer settings ({@link fit}: the epoch with
 * the lowest validation MSE is kept, then the test images are scored once), reporting each epoch
 * with the reconstructions of the showcase digits. `test` holds the test images the explorer
 * encodes: the test loader's images.
 */
export async function runTrainerJob(loaders: TrainerLoaders, test: MnistSplit, job: TrainerJob, callbacks: TrainerCallbacks = {}): Promise<{ result: TrainerResult; model: Autoencoder }> {
  const { latentDim, epochs, seed } = checkTrainerJob(job);
  const model = createAutoencoder({ latentDim, seed });
  const showcase = showcaseImages(test);
  const testLossUntrained = testEpoch(model.autoencoder, loaders.test);
  const untrained = reconstructPixels(model, showcase);
  callbacks.onStart?.({ testLossUntrained, reconstructions: untrained });
  let lastEpoch = untrained;
  const fitted = await fit(model.autoencoder, loaders, {
    epochs,
    learningRate: TRAINING_DEFAULTS.learningRate,
    weightDecay: TRAINING_DEFAULTS.weightDecay,
    ...(callbacks.onBatch ? { onBatch: callbacks.onBatch } : {}),
    onEpoch: (progress) => {
      lastEpoch = reconstructPixels(model, showcase);
      callbacks.onEpoch?.({ ...progress, reconstructions: lastEpoch });
    },
  });
  const result: TrainerResult = {
    ...fitted, testLoss: fitted.testLoss!, testLossUntrained, showcase: { images: showcase, untrained, lastEpoch }, explorer: explorerView(model, test, job),
  };
  return { result, model };
}

/**
 * The trained decoder's explorer view over the test images: their code plane for a 2-number code,
 * else one slider per code number, starting from the showcase digits' codes.
 */
function explorerView(model: Autoencoder, test: MnistSplit, job: TrainerJob): ExplorerView {
  const codes = encodeImages(model, test.images);
  const program = decoderProgram(model);
  const name = describeTrainerJob(job);
  if (job.latentDim === 2) {
    return { kind: 'plane', title: `The code plane of your model (${name}): the ${test.count.toLocaleString('en-US')} test images' codes`, program, codes, labels: test.labels, start: 0 };
  }
  const { latentDim } = job;
  const ranges = codeRanges(codes, latentDim);
  const starts = Array.from(fixedExamplesPerClass(test.labels, 1), (index) => ({
    label: `the first ${test.labels[index]} of the test images`,
    code: codes.slice(index * latentDim, (index + 1) * latentDim),
    image: imagesAt(test, [index]),
  }));
  return { kind: 'sliders', title: `Your model's code (${name}): one slider per code number, over the test images' range`, program, ranges, starts };
}
