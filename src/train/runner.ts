/**
 * The job runner: trains a list of {@link TrainJob}s — any mix of latent dims, seeds, digit
 * subsets, decoders and epochs — reusing matching checkpoints, several at once in worker
 * threads or one after another in this thread, and hands the models back in job order.
 *
 * Both ways run the same code: an executor (this thread, or a worker thread with its own tfjs)
 * runs {@link executeJob}, which trains and saves a checkpoint (into a temporary folder when
 * checkpoints are off), and the runner loads the model from it. So the same jobs give the same
 * histories and bit-identical weights whatever the number of workers.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { type BackendName, backendInfo } from './backend';
import { selectTrainingIndices } from '../data/loaders';
import type { Mnist, MnistSplit } from '../data/mnist';
import type { Autoencoder } from '../model';
import { oneLine } from '../util/text';
import { type FolderLock, lockFolder } from '../util/folder-lock';
import { recoverFolder } from '../util/folder-swap';
import { isInsidePretrained, loadCheckpoint, refuseShippedFolder } from './checkpoint';
import { type BatchProgress, DivergedError, type EpochProgress, type FitResult } from './fit';
import { type CheckpointState, type JobCallbacks, type TrainJob, checkpointStatus, describeJob, executeJob, inspectCheckpoint, jobFolderName } from './job';

/** Options of {@link runJobs}. */
export interface RunOptions {
  /**
   * Where checkpoints go: one folder per job under `dir`, named by {@link jobFolderName}. Every
   * model is saved there after each epoch, and when it is done. With `reuse`, a job whose
   * finished checkpoint was written for the very same job and data is loaded instead of trained,
   * and one whose run stopped partway (killed, crashed) goes on from its last saved epoch.
   * With `pretrained`, a folder of finished checkpoints (the shipped `data/pretrained/`) is looked
   * in first, and never written to. Each job's folder is locked while the runner works in it, and
   * an interrupted save is recovered first. A folder that holds another job's checkpoint (other
   * settings or data; folder names carry every setting, so only a true collision) or a damaged
   * one stops the run before any training, unless `overwrite` is set.
   */
  checkpoints?: { dir: string; reuse?: boolean; pretrained?: string; overwrite?: boolean };
  /**
   * How many models train at once, each in its own worker thread with its own tfjs; default the
   * number of cores (`os.availableParallelism()`) on wasm and cpu, which use one core per model,
   * and 1 on tfjs-node, which uses them all; at most one per job to train. 1 trains in this thread.
   */
  workers?: number;
  /** Per-batch progress of a job in training (with workers, several interleave); `index` is its place in the list. */
  onBatch?: (job: TrainJob, progress: BatchProgress, index: number) => void;
  /** Per-epoch progress of a job in training. */
  onEpoch?: (job: TrainJob, progress: EpochProgress, index: number) => void;
  /**
   * Called with each model (holding its best epoch's weights), in job order, as soon as it and
   * every job before it are ready: plot it, keep it. The model is disposed after the callback
   * unless it returns `'keep'`.
   */
  onModel?: (entry: JobEntry, model: Autoencoder) => Promise<'keep' | void> | 'keep' | void;
}

/** One job's outcome. */
export interface JobEntry {
  /** Its place in the job list. */
  index: number;
  job: TrainJob;
  /** Loss history and best epoch (read back from the checkpoint when loaded). */
  result: FitResult;
  /** Whether the model was trained now or loaded from an earlier run's checkpoint. */
  source: 'trained' | 'checkpoint';
  /** Its checkpoint folder, when checkpoints are on. */
  checkpoint?: string;
  /** Set when it was loaded from `checkpoints.pretrained` (the shipped models), not trained or saved by a run here. */
  pretrained?: true;
  /** Present when `onModel` asked to keep it. */
  model?: Autoencoder;
}

/** What a job worker receives when it starts. */
export interface JobWorkerData {
  backend: BackendName;
  /** The parent's MNIST, its arrays on shared memory. */
  mnist: Mnist;
}

/** A job sent to a worker. */
export interface JobRequest {
  job: TrainJob;
  /** The checkpoint folder to save into. */
  dir: string;
  /** Continue an unfinished checkpoint of this job in `dir`, if there is one. */
  resume: boolean;
  /** Save an unfinished checkpoint after every epoch, to resume from (not into a temporary folder). */
  saveProgress: boolean;
}

/** Messages from a job worker to the parent. */
export type JobWorkerMessage =
  | { type: 'ready' }
  | { type: 'batch'; progress: BatchProgress }
  | { type: 'epoch'; progress: EpochProgress }
  | { type: 'done'; result: FitResult }
  | { type: 'error'; message: string; diverged: boolean };

/** Runs one job at a time, here or in a worker thread. */
interface Executor {
  run(request: JobRequest, callbacks: JobCallbacks): Promise<FitResult>;
  close(): Promise<void>;
}

/** Runs jobs in this thread, on the active backend. */
function inThreadExecutor(mnist: Mnist): Executor {
  const backend = backendInfo().name;
  return {
    run: ({ job, dir, resume, saveProgress }, callbacks) => executeJob(mnist, job, dir, backend, callbacks, { resume, saveProgress }),
    close: async () => {},
  };
}

/** Runs jobs in a worker thread with its own tfjs on `data.backend`. */
function workerExecutor(data: JobWorkerData): Executor {
  const worker = new Worker(path.join(__dirname, 'job-worker.js'), { workerData: data });
  let current: { callbacks: JobCallbacks; resolve: (result: FitResult) => void; reject: (error: Error) => void } | undefined;
  let markReady: () => void = () => {};
  let failure: Error | undefined;
  const ready = new Promise<void>((resolve) => { markReady = resolve; });
  const fail = (error: Error): void => {
    failure ??= error;
    current?.reject(error);
    current = undefined;
    markReady(); // a run waiting for 'ready' sees the failure
  };
  // A progress callback that throws stops the job, as it does in this thread (not the process).
  const relay = (callback: () => void): void => {
    try {
      callback();
    } catch (error) {
      fail(error as Error);
    }
  };
  worker.on('message', (message: JobWorkerMessage) => {
    switch (message.type) {
      case 'ready': markReady(); break;
      case 'batch': relay(() => current?.callbacks.onBatch?.(message.progress)); break;
      case 'epoch': relay(() => current?.callbacks.onEpoch?.(message.progress)); break;
      case 'done': {
        const done = current;
        current = undefined;
        done?.resolve(message.result);
        break;
      }
      case 'error': fail(message.diverged ? new DivergedError(message.message) : new Error(message.message)); break;
    }
  });
  worker.on('error', (error) => fail(error));
  worker.on('exit', (code) => fail(new Error(`worker thread stopped with exit code ${code}`)));
  return {
    async run(request, callbacks) {
      await ready;
      if (failure) throw failure;
      return new Promise<FitResult>((resolve, reject) => {
        current = { callbacks, resolve, reject };
        worker.postMessage(request);
      });
    },
    close: async () => { await worker.terminate(); },
  };
}

function sharedCopy(array: Uint8Array): Uint8Array {
  const shared = new Uint8Array(new SharedArrayBuffer(array.byteLength));
  shared.set(array);
  return shared;
}

function sharedSplit(split: MnistSplit): MnistSplit {
  return { ...split, images: sharedCopy(split.images), labels: sharedCopy(split.labels) };
}

/** A finished checkpoint read back as a job's outcome, with its model. */
async function loadFinished(index: number, job: TrainJob, dir: string, pretrained = false): Promise<{ entry: JobEntry; model: Autoencoder }> {
  const model = await loadCheckpoint(dir);
  const { trainLoss, valLoss, bestEpoch, bestValLoss, testLoss, imagesPerSecond } = model.metadata;
  const result = { trainLoss, valLoss, bestEpoch, bestValLoss, ...(testLoss !== undefined ? { testLoss } : {}), imagesPerSecond };
  return { model, entry: { index, job, result, source: 'checkpoint', checkpoint: dir, ...(pretrained ? { pretrained: true as const } : {}) } };
}

/**
 * Where a job's model came from, in words for a progress note: "trained now and saved" (or
 * "trained now", checkpoints off), "loaded from the shipped checkpoints in data/pretrained", or
 * "loaded from its checkpoint (trained earlier with the same settings)".
 */
export function describeJobSource(entry: JobEntry): string {
  if (entry.source === 'trained') return entry.checkpoint === undefined ? 'trained now' : 'trained now and saved';
  return entry.pretrained ? 'loaded from the shipped checkpoints in data/pretrained' : 'loaded from its checkpoint (trained earlier with the same settings)';
}

/**
 * The models of `jobs` whose finished checkpoints are in `dir` (for example the shipped
 * `data/pretrained/`), loaded without training anything: one entry (with its model) per job
 * that has a matching finished checkpoint; the others are left out. The caller disposes the models.
 */
export async function loadFinishedJobs(mnist: Mnist, jobs: readonly TrainJob[], dir: string): Promise<(JobEntry & { model: Autoencoder })[]> {
  const found: (JobEntry & { model: Autoencoder })[] = [];
  for (const [index, job] of jobs.entries()) {
    const folder = path.join(dir, jobFolderName(job));
    if (checkpointStatus(folder, job, mnist) !== 'finished') continue;
    const { entry, model } = await loadFinished(index, job, folder, isInsidePretrained(folder));
    found.push({ ...entry, model });
  }
  return found;
}

/**
 * What the folder `dir` holds for `job`; with `overwrite`, a damaged checkpoint or another job's
 * counts as nothing there.
 *
 * @throws Error (one line, naming the folder and what differs, or the damaged file and field)
 *   for another job's checkpoint or a damaged one, without `overwrite`.
 */
function inspectFolder(dir: string, job: TrainJob, mnist: Mnist, overwrite: boolean): CheckpointState {
  const asked = 'it is replaced only when overwrite is asked for (npm run sweep -- --overwrite)';
  let state: CheckpointState;
  try {
    state = inspectCheckpoint(dir, job, mnist);
  } catch (error) {
    if (overwrite) return { state: 'none' };
    throw new Error(`${oneLine(error)}; ${asked}`);
  }
  if (state.state !== 'other') return state;
  if (overwrite) return { state: 'none' };
  throw new Error(`${dir}: holds ${state.finished ? 'a finished' : 'an unfinished'} checkpoint made with other settings: ${state.differing.join(', ')}; ${asked}`);
}

/**
 * A checkpoint of `job` saved under the folder name earlier versions gave it (without the epochs
 * and the other settings, e.g. `latent-4-transposed-seed-0`) is moved to `dir`, its name now,
 * when `dir` does not exist and the checkpoint is this very job's: a run stopped under an
 * earlier version goes on. Anything else under the old name is left alone.
 */
function adoptLegacyFolder(dir: string, job: TrainJob, mnist: Mnist): void {
  const name = path.basename(dir);
  const legacy = path.join(path.dirname(dir), name.slice(0, name.indexOf('-epochs-')));
  if (fs.existsSync(dir) || !fs.existsSync(legacy)) return;
  recoverFolder(legacy);
  let state: CheckpointState['state'];
  try {
    state = inspectCheckpoint(legacy, job, mnist).state;
  } catch {
    return; // damaged, or not a checkpoint: not ours to move
  }
  if (state === 'finished' || state === 'unfinished') fs.renameSync(legacy, dir);
}

/** `error` with the job named in front, keeping its kind (a {@link DivergedError} stays one). */
function jobError(job: TrainJob, error: unknown): Error {
  const message = `${describeJob(job)}: ${oneLine(error)}`;
  return error instanceof DivergedError ? new DivergedError(message) : new Error(message);
}

/**
 * Trains `jobs` (or loads those with a matching checkpoint, with `checkpoints.reuse`) and hands
 * each model to `onModel` in job order. The first failure stops every worker and rejects, naming
 * the job. Results are identical, history and weights, for any number of workers.
 *
 * @throws Error (one line) before any work for an empty list, two jobs that would share a
 *   checkpoint folder, a subset that does not fit the data, or a bad worker count.
 */
export async function runJobs(mnist: Mnist, jobs: readonly TrainJob[], options: RunOptions = {}): Promise<JobEntry[]> {
  if (jobs.length === 0) throw new Error('the job list is empty');
  // tfjs-node already spreads one model over every core; wasm and cpu use one core per model.
  const workers = options.workers ?? (backendInfo().name === 'tensorflow' ? 1 : os.availableParallelism());
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`workers must be a positive integer, got ${String(workers)}`);
  const names = jobs.map(jobFolderName);
  names.forEach((name, index) => {
    const first = names.indexOf(name);
    if (first !== index) throw new Error(`jobs ${first + 1} and ${index + 1} (${describeJob(jobs[index]!)}) would share the checkpoint folder ${name}`);
  });
  for (const job of jobs) {
    try {
      selectTrainingIndices(mnist.train.labels, job.training.subset, job.training.validation);
    } catch (error) {
      throw jobError(job, error);
    }
  }

  // The shipped folder is only read: a run into it must find every model there, finished, and
  // then runs as a run without checkpoints that looks there first.
  const shippedOnly = options.checkpoints !== undefined && isInsidePretrained(options.checkpoints.dir);
  if (shippedOnly) {
    const { dir, reuse } = options.checkpoints!;
    const missing = jobs.find((job, index) => !reuse || checkpointStatus(path.join(dir, names[index]!), job, mnist) !== 'finished');
    if (missing !== undefined) {
      refuseShippedFolder(dir, reuse ? `it has no finished checkpoint of ${describeJob(missing)} (${jobFolderName(missing)})` : 'without reuse, a run would train into it');
    }
  }
  /** Where this run writes checkpoints (none: a temporary folder), and the finished ones it looks in first. */
  const checkpoints = shippedOnly ? undefined : options.checkpoints;
  const pretrained = shippedOnly ? options.checkpoints!.dir : checkpoints?.reuse ? checkpoints.pretrained : undefined;

  const temporary = checkpoints ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'ae-jobs-'));
  const root = checkpoints?.dir ?? temporary!;
  const dirs = names.map((name) => path.join(root, name));
  const ready = new Map<number, { entry: JobEntry; model: Autoencoder }>();
  const entries: JobEntry[] = [];
  const executors: Executor[] = [];
  const locks: FolderLock[] = [];
  let failure: { error: Error } | undefined;
  try {
    // Every folder of the plan is locked and recovered, and every existing checkpoint checked, before any work.
    const found: CheckpointState[] = [];
    if (checkpoints) {
      for (const [index, dir] of dirs.entries()) {
        try {
          locks.push(lockFolder(dir));
        } catch (error) {
          throw jobError(jobs[index]!, error);
        }
      }
      for (const [index, dir] of dirs.entries()) {
        try {
          recoverFolder(dir);
          adoptLegacyFolder(dir, jobs[index]!, mnist);
          found.push(inspectFolder(dir, jobs[index]!, mnist, checkpoints.overwrite === true));
        } catch (error) {
          throw jobError(jobs[index]!, error);
        }
      }
    }
    const queue: number[] = [];
    for (const [index, job] of jobs.entries()) {
      const shipped = pretrained === undefined ? undefined : path.join(pretrained, names[index]!);
      if (shipped !== undefined && checkpointStatus(shipped, job, mnist) === 'finished') {
        ready.set(index, await loadFinished(index, job, shipped, true));
      } else if (checkpoints?.reuse && found[index]?.state === 'finished') {
        ready.set(index, await loadFinished(index, job, dirs[index]!));
      } else {
        queue.push(index);
      }
    }

    // Hands models to onModel in job order, each as soon as all before it are ready; one
    // delivery at a time, however many executors finish at once.
    let delivering = Promise.resolve();
    const deliver = (): Promise<void> => {
      delivering = delivering.then(async () => {
        for (let item = ready.get(entries.length); item !== undefined && !failure; item = ready.get(entries.length)) {
          ready.delete(entries.length);
          let keep = false;
          try {
            keep = (await options.onModel?.(item.entry, item.model)) === 'keep';
          } finally {
            if (!keep) item.model.autoencoder.dispose();
          }
          entries.push(keep ? { ...item.entry, model: item.model } : item.entry);
        }
      });
      return delivering;
    };
    await deliver();

    const poolSize = Math.min(workers, queue.length);
    if (poolSize === 1) executors.push(inThreadExecutor(mnist));
    if (poolSize > 1) {
      const data: JobWorkerData = {
        backend: backendInfo().name,
        mnist: { ...mnist, train: sharedSplit(mnist.train), test: sharedSplit(mnist.test) },
      };
      for (let i = 0; i < poolSize; i++) executors.push(workerExecutor(data));
    }
    // The first failure stops the rest: no new job starts, the workers are terminated, and the
    // models that were still being loaded are freed, not delivered. Every lane has ended before
    // the cleanup below runs.
    const stop = async (error: Error): Promise<void> => {
      if (failure) return;
      failure = { error };
      queue.length = 0;
      await Promise.all(executors.map((executor) => executor.close()));
    };
    await Promise.all(executors.map(async (executor) => {
      for (let index = queue.shift(); index !== undefined && !failure; index = queue.shift()) {
        const job = jobs[index]!;
        const at = index;
        try {
          const result = await executor.run({
            job, dir: dirs[index]!, resume: checkpoints?.reuse === true && found[index]?.state === 'unfinished', saveProgress: temporary === undefined,
          }, {
            ...(options.onBatch ? { onBatch: (progress: BatchProgress) => options.onBatch?.(job, progress, at) } : {}),
            ...(options.onEpoch ? { onEpoch: (progress: EpochProgress) => options.onEpoch?.(job, progress, at) } : {}),
          });
          const model = await loadCheckpoint(dirs[index]!);
          if (failure) {
            model.autoencoder.dispose();
            return;
          }
          ready.set(index, { model, entry: { index, job, result, source: 'trained', ...(temporary ? {} : { checkpoint: dirs[index]! }) } });
          await deliver();
        } catch (error) {
          await stop(failure ? (error as Error) : jobError(job, error));
          return;
        }
      }
    }));
    if (failure) throw failure.error;
    return entries;
  } finally {
    await Promise.all(executors.map((executor) => executor.close()));
    for (const { model } of ready.values()) model.autoencoder.dispose();
    if (temporary) fs.rmSync(temporary, { recursive: true, force: true });
    for (const lock of locks) lock.release();
  }
}
