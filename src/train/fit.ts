import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { BatchLoader } from '../data/batching';
import { batchTensors } from '../data/tensors';
import { AdamWithL2, type AdamOptions, type AdamState } from './optimizer';
import { type WeightSnapshot, restoreSnapshot, snapshotOf, takeSnapshot } from './snapshot';

/** Reported after every training batch. */
export interface BatchProgress {
  /** 0-based epoch. */
  epoch: number;
  /** 0-based batch within the epoch. */
  batch: number;
  numBatches: number;
  /** MSE of this batch, in pixel units ([0, 1] scale). */
  loss: number;
  /** Images trained on so far in this epoch. */
  imagesSeen: number;
}

/** Reported after every epoch. */
export interface EpochProgress {
  /** 0-based epoch. */
  epoch: number;
  epochs: number;
  trainLoss: number;
  valLoss: number;
  /** Whether this epoch has the lowest validation loss so far (and is the snapshot now). */
  isBest: boolean;
  /** Wall time of the training pass. */
  trainSeconds: number;
  /** Training throughput of this epoch. */
  imagesPerSecond: number;
}

/**
 * Where a run stands after some epochs: what {@link fit} needs to go on from there exactly as if
 * it had never stopped (the model itself holds the weights of that moment).
 */
export interface FitProgress {
  /** Epochs finished. */
  epochsDone: number;
  trainLoss: number[];
  valLoss: number[];
  bestEpoch: number;
  bestValLoss: number;
  /** Training time so far (for the images/s of the whole run). */
  trainSeconds: number;
  /** The best epoch's weights (the model's weight order). */
  bestWeights: tf.Tensor[];
  /** The optimizer's state. */
  optimizer: AdamState;
}

/** Options of {@link fit}. */
export interface FitOptions extends AdamOptions {
  /** Epochs of the whole run (a resumed run counts the epochs it did before). */
  epochs: number;
  onBatch?: (progress: BatchProgress) => void;
  onEpoch?: (progress: EpochProgress) => void;
  /**
   * Called after every epoch except the last, with what a resumed run needs (save it to be able
   * to resume). Awaited; its tensors are fit's and only valid during the call.
   */
  onProgress?: (progress: FitProgress) => Promise<void> | void;
  /** Go on from here: the state `onProgress` received, with the model holding that moment's weights. */
  resume?: FitProgress;
}

/** The loaders of {@link fit}: trained on, chosen on, and (optionally) scored once at the end. */
export interface FitData {
  train: BatchLoader;
  /** Scored after every epoch; the epoch with the lowest validation MSE is kept. */
  validation: BatchLoader;
  /** Scored once, with the kept weights, after training: `testLoss`. Never used to choose. */
  test?: BatchLoader;
}

/** What {@link fit} returns: the loss history, the best epoch, and the test MSE of its weights. */
export interface FitResult {
  /** Mean training MSE per epoch (pixel units), measured while the weights were changing. */
  trainLoss: number[];
  /** Validation MSE per pixel after each epoch (pixel units). */
  valLoss: number[];
  /** 0-based epoch with the lowest `valLoss`: its weights are the ones kept. */
  bestEpoch: number;
  bestValLoss: number;
  /** Test MSE per pixel of the kept weights, scored once at the end (when a test loader was given). */
  testLoss?: number;
  /** Mean training images per second over all epochs. */
  imagesPerSecond: number;
}

/** Raised when the loss stops being a finite number; training cannot recover from it. */
export class DivergedError extends Error {}

/**
 * Mean squared error per element between the reconstruction `a` and the target `b`, with its
 * gradient in closed form, 2·(a − b)/N. (tfjs differentiates `mean` by building a tensor of ones
 * the size of the batch in JavaScript, then four more full-size kernels.)
 */
export const mseLoss = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [a, b, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  const difference = tf.sub(a, b);
  save([difference]);
  return {
    value: tf.mean(tf.square(difference)) as tf.Scalar,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const da = tf.mul(saved[0]!, tf.mul(dy, 2 / saved[0]!.size));
      return [da, tf.neg(da)];
    },
  };
}) as (a: tf.Tensor, b: tf.Tensor) => tf.Scalar;

/** The model's trainable variables, the ones the optimizer updates. */
export function trainableVariables(model: LayersModel): tf.Variable[] {
  return model.trainableWeights.map((weight) => weight.read() as tf.Variable);
}

/**
 * One optimizer step on the batch `x` in training mode: reconstruction MSE against `target`
 * (default `x` itself; the clean images when `x` is corrupted), gradients, L2 term, Adam update.
 * Returns the batch loss in the model's (normalized) units, read back from the backend.
 */
export function trainStep(model: LayersModel, x: tf.Tensor4D, optimizer: AdamWithL2, variables: tf.Variable[], target: tf.Tensor4D = x): number {
  const lossTensor = optimizer.step(() => mseLoss(model.apply(x, { training: true }) as tf.Tensor, target), variables);
  const loss = lossTensor.dataSync()[0]!;
  lossTensor.dispose();
  return loss;
}

/** Node's setImmediate where there is one (a browser's Worker has none). */
const setImmediateIfAny = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;

/**
 * Lets the event loop run (timers, I/O: a notebook's display messages) between batches. In a
 * browser, a message to itself: setTimeout(0) would wait 4 ms once nested.
 */
function yieldToEventLoop(): Promise<void> {
  if (setImmediateIfAny) return new Promise((resolve) => setImmediateIfAny(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * One pass over `loader` with the model in training mode (BatchNorm uses batch statistics
 * and updates its moving averages). Returns the mean training MSE (pixel units: the loader's
 * normalization is undone, MSE × std², weighted by batch size). Throws {@link DivergedError} as soon as a batch loss is not finite.
 * Asynchronous only to let progress displays reach the screen between batches.
 */
export async function trainEpoch(
  model: LayersModel,
  loader: BatchLoader,
  optimizer: AdamWithL2,
  options: { epoch: number; onBatch?: (progress: BatchProgress) => void },
): Promise<number> {
  const variables = trainableVariables(model);
  const pixelScale = loader.normalization.std ** 2;
  let sum = 0;
  let seen = 0;
  let batchIndex = 0;
  for (const batch of loader.batches(options.epoch)) {
    const { input, target } = batchTensors(batch);
    const loss = trainStep(model, input, optimizer, variables, target) * pixelScale;
    tf.dispose(input === target ? [target] : [input, target]);
    if (!Number.isFinite(loss)) {
      throw new DivergedError(
        `training diverged: loss is ${loss} at epoch ${options.epoch + 1}, batch ${batchIndex + 1} (learning rate ${optimizer.learningRate})`,
      );
    }
    sum += loss * batch.size;
    seen += batch.size;
    options.onBatch?.({ epoch: options.epoch, batch: batchIndex, numBatches: loader.numBatches, loss, imagesSeen: seen });
    batchIndex += 1;
    await yieldToEventLoop();
  }
  return sum / seen;
}

/**
 * Mean squared error per pixel over the whole of `loader`'s split (of the clean images, from the
 * corrupted ones when the loader corrupts its inputs), with the model in inference mode (BatchNorm uses its moving averages), in [0, 1] pixel units (the loader's
 * normalization undone). Every pixel counts once, whatever the batch sizes.
 */
export function testEpoch(model: LayersModel, loader: BatchLoader): number {
  let sumSquares = 0;
  let count = 0;
  for (const batch of loader.batches(0)) {
    sumSquares += tf.tidy(() => {
      const { input, target } = batchTensors(batch);
      const reconstruction = model.apply(input, { training: false }) as tf.Tensor;
      return tf.sum(tf.squaredDifference(reconstruction, target)).dataSync()[0]!;
    });
    count += batch.x.length;
  }
  return (sumSquares / count) * loader.normalization.std ** 2;
}

/**
 * Trains `model` for `options.epochs` epochs with Adam + L2 (see {@link AdamWithL2}), scoring the
 * validation loader after each epoch, and keeps a true copy of the weights of the epoch with the
 * lowest validation loss; the model ends with those weights in it. Then, and only then, the
 * test loader (if any) is scored once, with those weights. Losses are in [0, 1] pixel units,
 * from the normalization the loaders carry.
 *
 * With `resume` it goes on from a stopped run and gives the same history and weights as the run
 * that never stopped: the shuffle of epoch k depends only on (seed, k), and the optimizer's state
 * comes back exactly.
 *
 * @throws Error when the loaders normalize differently, epochs is not a positive integer, or
 *   `resume` does not fit; {@link DivergedError} when a loss stops being finite.
 */
export async function fit(model: LayersModel, data: FitData, options: FitOptions): Promise<FitResult> {
  if (!Number.isInteger(options.epochs) || options.epochs < 1) {
    throw new Error(`epochs must be a positive integer, got ${String(options.epochs)}`);
  }
  const loaders = [data.train, data.validation, ...(data.test ? [data.test] : [])];
  const norms = loaders.map((loader) => `(${loader.normalization.mean}, ${loader.normalization.std})`);
  if (new Set(norms).size > 1) throw new Error(`the loaders normalize differently: ${norms.join(', ')}`);
  const { resume } = options;
  if (resume && !(resume.epochsDone >= 1 && resume.epochsDone < options.epochs)) {
    throw new Error(`cannot resume after ${resume.epochsDone} epochs of a run of ${options.epochs}`);
  }
  const variables = trainableVariables(model);
  const optimizer = new AdamWithL2(options);
  const trainLoss: number[] = [...(resume?.trainLoss ?? [])];
  const valLoss: number[] = [...(resume?.valLoss ?? [])];
  let best: WeightSnapshot | undefined = resume && snapshotOf(resume.bestWeights);
  let bestEpoch = resume?.bestEpoch ?? -1;
  let bestValLoss = resume?.bestValLoss ?? Infinity;
  let trainSeconds = resume?.trainSeconds ?? 0;
  try {
    if (resume) optimizer.restore(resume.optimizer, variables);
    for (let epoch = resume?.epochsDone ?? 0; epoch < options.epochs; epoch++) {
      const started = performance.now();
      const epochTrainLoss = await trainEpoch(model, data.train, optimizer, {
        epoch, ...(options.onBatch ? { onBatch: options.onBatch } : {}),
      });
      const seconds = (performance.now() - started) / 1000;
      trainSeconds += seconds;
      const epochValLoss = testEpoch(model, data.validation);
      if (!Number.isFinite(epochValLoss)) {
        throw new DivergedError(`training diverged: validation loss is ${epochValLoss} after epoch ${epoch + 1}`);
      }
      trainLoss.push(epochTrainLoss);
      valLoss.push(epochValLoss);
      const isBest = epochValLoss < bestValLoss;
      if (isBest) {
        bestValLoss = epochValLoss;
        bestEpoch = epoch;
        best?.dispose();
        best = takeSnapshot(model);
      }
      options.onEpoch?.({
        epoch, epochs: options.epochs, trainLoss: epochTrainLoss, valLoss: epochValLoss, isBest,
        trainSeconds: seconds, imagesPerSecond: data.train.size / seconds,
      });
      if (epoch + 1 < options.epochs) {
        await options.onProgress?.({
          epochsDone: epoch + 1, trainLoss: [...trainLoss], valLoss: [...valLoss], bestEpoch, bestValLoss, trainSeconds,
          bestWeights: best!.tensors, optimizer: optimizer.state(),
        });
      }
    }
    restoreSnapshot(model, best!);
  } finally {
    best?.dispose();
    optimizer.dispose();
  }
  return {
    trainLoss, valLoss, bestEpoch, bestValLoss,
    ...(data.test ? { testLoss: testEpoch(model, data.test) } : {}),
    imagesPerSecond: (data.train.size * options.epochs) / trainSeconds,
  };
}
