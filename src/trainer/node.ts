/**
 * The browser trainer's job in Node: the page's images cut from MNIST, and the same job trained on
 * the tutorial's own loaders over all of MNIST ({@link createLoaders} with the page's subsets), the
 * reference the page's history is compared with.
 */
import { imagesAt } from '../data/batching';
import { type LoaderOptions, createLoaders, loaderIndices } from '../data/loaders';
import type { Mnist, MnistSplit } from '../data/mnist';
import { TRAINING_DEFAULTS } from '../train/defaults';
import { type TrainerCallbacks, type TrainerData, type TrainerJob, type TrainerResult, TRAINER_SUBSETS, runTrainerJob } from './job';

/** {@link createLoaders}' options for a job of the trainer: the page's three subsets, the job's shuffling seed. */
export function trainerLoaderOptions(seed: number): LoaderOptions {
  return {
    batchSize: TRAINING_DEFAULTS.batchSize,
    seed,
    subset: { ...TRAINER_SUBSETS.train },
    validationSubset: { ...TRAINER_SUBSETS.validation },
    testSubset: { ...TRAINER_SUBSETS.test },
  };
}

function compactSplit(split: MnistSplit, indices: Int32Array): MnistSplit {
  return { images: imagesAt(split, indices), labels: Uint8Array.from(indices, (index) => split.labels[index]!), count: indices.length, rows: split.rows, cols: split.cols };
}

/** The page's images: the images {@link createLoaders} serves for the trainer's subsets, copied out in the same (file) order. */
export function trainerData(mnist: Pick<Mnist, 'train' | 'test'>): TrainerData {
  const indices = loaderIndices(mnist, trainerLoaderOptions(0));
  return { train: compactSplit(mnist.train, indices.train), validation: compactSplit(mnist.train, indices.validation), test: compactSplit(mnist.test, indices.test) };
}

/**
 * Trains `job` in Node as the tutorial trains any model: {@link createLoaders} over all of MNIST
 * with the trainer's subsets. The page trains on its compact copy of the same images (./job.ts);
 * the two histories are compared in test/trainer/page-run.test.ts.
 */
export async function trainInNode(mnist: Mnist, job: TrainerJob, callbacks: TrainerCallbacks = {}): Promise<TrainerResult> {
  const loaders = createLoaders(mnist, trainerLoaderOptions(job.seed));
  const { result, model } = await runTrainerJob(loaders, trainerData(mnist).test, job, callbacks);
  model.autoencoder.dispose();
  return result;
}
