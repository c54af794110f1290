import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Worker } from 'node:worker_threads';
import { type BackendName, backendInfo } from '../backend';
import { BatchLoader, type SubsetOptions, selectIndices } from '../data/batching';
import type { Mnist, MnistSplit } from '../data/mnist';
import { type Normalization, SEED_NORMALIZATION } from '../data/transforms';
import { type Autoencoder, type AutoencoderOptions, type DecoderVariant, createAutoencoder, resolveOptions } from '../model';
import {
  CHECKPOINT_FILES, type CheckpointMetadata, checkpointDir, loadCheckpoint, readCheckpointMetadata, saveCheckpoint,
} from './checkpoint';
import { type BatchProgress, DivergedError, type EpochProgress, type FitResult, fit } from './fit';

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
  /**
   * How many models train at once, each in its own worker thread with its own tfjs; default
   * the number of cores (`os.availableParallelism()`) on wasm and cpu, which use one core
   * per model, and 1 on tfjs-node, which uses them all; at most one per model to train.
   * 1 trains in this thread. Same seeds ⇒ the same loss histories either way.
   */
  workers?: number;
  /** Per-batch progress of a model being trained (with workers, several interleave). */
  onBatch?: (dim: number, progress: BatchProgress) => void;
  /** Per-epoch progress of a model being trained. */
  onEpoch?: (dim: number, progress: EpochProgress) => void;
  /**
   * Called with each model (holding its best epoch's weights), in the order of `dims`, as soon
   * as it and every model before it are ready: plot it, keep it. The models are disposed
   * after the callback unless it returns `'keep'`.
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

/** One model's training, as plain data (a worker thread receives it as a message). */
export interface TrainJob {
  dim: number;
  model: Required<AutoencoderOptions>;
  loaders: Required<Pick<LoaderOptions, 'batchSize' | 'seed' | 'normalization'>> & Pick<LoaderOptions, 'subset'>;
  epochs: number;
  learningRate?: number;
  weightDecay?: number;
  /** The configuration recorded in (and matched against) its checkpoint. */
  training: Record<string, unknown>;
  /** Where the model is saved. */
  checkpoint: string;
}

/** Trains one model of a sweep from scratch: what both the sequential and the parallel sweep run. */
export async function trainOne(
  mnist: Mnist,
  job: TrainJob,
  callbacks: { onBatch?: (progress: BatchProgress) => void; onEpoch?: (progress: EpochProgress) => void } = {},
): Promise<{ model: Autoencoder; result: FitResult }> {
  const loaders = createLoaders(mnist, job.loaders);
  const model = createAutoencoder(job.model);
  try {
    const result = await fit(model.autoencoder, loaders, {
      epochs: job.epochs,
      normalization: job.loaders.normalization,
      ...(job.learningRate !== undefined ? { learningRate: job.learningRate } : {}),
      ...(job.weightDecay !== undefined ? { weightDecay: job.weightDecay } : {}),
      ...callbacks,
    });
    return { model, result };
  } catch (error) {
    model.autoencoder.dispose();
    throw error;
  }
}

/**
 * The tutorial's experiment: one autoencoder per latent dimension, same data, same seed,
 * trained with {@link fit} on the loaders of {@link createLoaders} — several at once in
 * worker threads when `workers` > 1 (the default on a multi-core machine).
 */
export async function sweepLatentDims(mnist: Mnist, options: SweepOptions): Promise<SweepEntry[]> {
  const { dims, epochs, batchSize = 128, decoder = 'transposed', seed = 0, normalization = SEED_NORMALIZATION } = options;
  if (dims.length === 0) throw new Error('dims must name at least one latent dimension');
  if (new Set(dims).size !== dims.length) throw new Error(`dims must not repeat a latent dimension, got ${dims.join(', ')}`);
  // tfjs-node already spreads one model over every core; wasm and cpu use one core per model.
  const workers = options.workers ?? (backendInfo().name === 'tensorflow' ? 1 : os.availableParallelism());
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`workers must be a positive integer, got ${String(workers)}`);
  const training = trainingConfig(options);
  const loaders = { batchSize, seed, normalization, ...(options.subset ? { subset: options.subset } : {}) };
  selectIndices(mnist.train.labels, options.subset); // a bad subset fails here, before any work starts

  // Models already trained with these settings are loaded; the rest become jobs.
  const ready = new Map<number, { entry: SweepEntry; model: Autoencoder }>();
  const jobs: TrainJob[] = [];
  for (const dim of dims) {
    const dir = options.checkpoints && checkpointDir(options.checkpoints.dir, dim, options.subset?.classes);
    const modelOptions = resolveOptions({ latentDim: dim, decoder, seed, normalization });
    const reused = dir && options.checkpoints?.reuse ? await matchingCheckpoint(dir, modelOptions, training, mnist) : undefined;
    if (reused) {
      const { trainLoss, valLoss, bestEpoch, bestValLoss, imagesPerSecond } = reused.metadata;
      ready.set(dim, { model: reused, entry: { dim, source: 'checkpoint', checkpoint: dir, result: { trainLoss, valLoss, bestEpoch, bestValLoss, imagesPerSecond } } });
      continue;
    }
    jobs.push({
      dim, model: modelOptions, loaders, epochs, training, checkpoint: dir ?? '',
      ...(options.learningRate !== undefined ? { learningRate: options.learningRate } : {}),
      ...(options.weightDecay !== undefined ? { weightDecay: options.weightDecay } : {}),
    });
  }

  const entries: SweepEntry[] = [];
  let next = 0;
  // Hands models to onModel in the order of dims, each as soon as all before it are ready.
  const deliver = async (): Promise<void> => {
    for (let item = ready.get(dims[next]!); item !== undefined; item = ready.get(dims[next]!)) {
      ready.delete(dims[next]!);
      next += 1;
      let keep = false;
      try {
        keep = (await options.onModel?.(item.entry, item.model)) === 'keep';
      } finally {
        if (!keep) item.model.autoencoder.dispose();
      }
      entries.push(keep ? { ...item.entry, model: item.model } : item.entry);
    }
  };
  try {
    const poolSize = Math.min(workers, jobs.length);
    if (poolSize <= 1) {
      for (const job of jobs) {
        await deliver();
        const { model, result } = await trainOne(mnist, job, {
          ...(options.onBatch ? { onBatch: (progress: BatchProgress) => options.onBatch?.(job.dim, progress) } : {}),
          ...(options.onEpoch ? { onEpoch: (progress: EpochProgress) => options.onEpoch?.(job.dim, progress) } : {}),
        });
        try {
          if (job.checkpoint) await saveCheckpoint(job.checkpoint, model.autoencoder, checkpointMetadata(model, training, result, mnist, backendInfo().name));
        } catch (error) {
          model.autoencoder.dispose();
          throw error;
        }
        ready.set(job.dim, { model, entry: { dim: job.dim, source: 'trained', result, ...(job.checkpoint ? { checkpoint: job.checkpoint } : {}) } });
      }
    } else {
      await trainInWorkers(mnist, jobs, poolSize, options, async (job, result) => {
        const loaded = await loadCheckpoint(job.checkpoint);
        ready.set(job.dim, { model: loaded, entry: { dim: job.dim, source: 'trained', result, ...(options.checkpoints ? { checkpoint: job.checkpoint } : {}) } });
        await deliver();
      });
    }
    await deliver();
  } finally {
    for (const { model } of ready.values()) model.autoencoder.dispose();
  }
  return entries;
}

/** What a sweep worker receives when it starts. */
export interface SweepWorkerData {
  backend: BackendName;
  /** The parent's MNIST, its arrays on shared memory. */
  mnist: Mnist;
}

/** Messages from a sweep worker to the parent. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'batch'; dim: number; progress: BatchProgress }
  | { type: 'epoch'; dim: number; progress: EpochProgress }
  | { type: 'done'; dim: number; result: FitResult }
  | { type: 'error'; dim?: number; message: string; diverged: boolean };

function sharedCopy(array: Uint8Array): Uint8Array {
  const shared = new Uint8Array(new SharedArrayBuffer(array.byteLength));
  shared.set(array);
  return shared;
}

function sharedSplit(split: MnistSplit): MnistSplit {
  return { ...split, images: sharedCopy(split.images), labels: sharedCopy(split.labels) };
}

/**
 * Runs `jobs` on `poolSize` worker threads, at most one job per worker at a time, forwarding
 * their progress. Jobs without a checkpoint folder get a temporary one, removed after
 * `onDone` (which loads the model from it). The first failure stops every worker and rejects.
 */
async function trainInWorkers(
  mnist: Mnist,
  jobs: TrainJob[],
  poolSize: number,
  options: SweepOptions,
  onDone: (job: TrainJob, result: FitResult) => Promise<void>,
): Promise<void> {
  const temporary = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-sweep-'));
  const queue = jobs.map((job) => (job.checkpoint ? job : { ...job, checkpoint: path.join(temporary, `latent-${job.dim}`) }));
  const data: SweepWorkerData = {
    backend: backendInfo().name as BackendName,
    mnist: { ...mnist, train: sharedSplit(mnist.train), test: sharedSplit(mnist.test) },
  };
  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let running = 0;
      let failed = false;
      const fail = (error: Error): void => {
        if (failed) return;
        failed = true;
        reject(error);
      };
      const inFlight = new Map<Worker, TrainJob>();
      const startNext = (worker: Worker): void => {
        const job = queue.shift();
        if (job === undefined) {
          if (running === 0) resolve();
          return;
        }
        running += 1;
        inFlight.set(worker, job);
        worker.postMessage(job);
      };
      for (let i = 0; i < poolSize; i++) {
        const worker = new Worker(path.join(__dirname, 'sweep-worker.js'), { workerData: data });
        pool.push(worker);
        worker.on('message', (message: WorkerMessage) => {
          if (failed) return;
          switch (message.type) {
            case 'ready':
              startNext(worker);
              break;
            case 'batch':
              options.onBatch?.(message.dim, message.progress);
              break;
            case 'epoch':
              options.onEpoch?.(message.dim, message.progress);
              break;
            case 'done': {
              const job = inFlight.get(worker)!;
              inFlight.delete(worker);
              // Counted as running until onDone has loaded it: the pool (and its temporary
              // folder) must outlive the last load.
              onDone(job, message.result).then(() => {
                running -= 1;
                startNext(worker);
              }, (error: unknown) => fail(error as Error));
              break;
            }
            case 'error': {
              const where = message.dim === undefined ? 'sweep worker' : `latent dim ${message.dim}`;
              fail(message.diverged ? new DivergedError(`${where}: ${message.message}`) : new Error(`${where}: ${message.message}`));
              break;
            }
          }
        });
        worker.on('error', (error) => fail(error));
        worker.on('exit', (code) => {
          if (code !== 0) fail(new Error(`sweep worker stopped with exit code ${code}`));
        });
      }
    });
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()));
    fs.rmSync(temporary, { recursive: true, force: true });
  }
}

/** The metadata saved beside a sweep's model. */
export function checkpointMetadata(model: Autoencoder, training: Record<string, unknown>, result: FitResult, mnist: Mnist, backend: string): CheckpointMetadata {
  return {
    model: model.options,
    training,
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
