/**
 * One worker thread of a parallel latent sweep ({@link sweepLatentDims} with `workers` > 1).
 * It owns one tfjs instance (the same backend as the parent), receives the MNIST arrays once
 * (shared memory, not copied), then trains one model per job message exactly as the
 * sequential sweep would, saves it as a checkpoint and reports progress and the result.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from '../backend';
import { saveCheckpoint } from './checkpoint';
import { DivergedError } from './fit';
import { type SweepWorkerData, type TrainJob, type WorkerMessage, checkpointMetadata, trainOne } from './sweep';

async function run(job: TrainJob, data: SweepWorkerData): Promise<void> {
  const post = (message: WorkerMessage): void => parentPort!.postMessage(message);
  try {
    const { model, result } = await trainOne(data.mnist, job, {
      onBatch: (progress) => post({ type: 'batch', dim: job.dim, progress }),
      onEpoch: (progress) => post({ type: 'epoch', dim: job.dim, progress }),
    });
    try {
      await saveCheckpoint(job.checkpoint, model.autoencoder, checkpointMetadata(model, job.training, result, data.mnist, data.backend));
    } finally {
      model.autoencoder.dispose();
    }
    post({ type: 'done', dim: job.dim, result });
  } catch (error) {
    post({ type: 'error', dim: job.dim, message: error instanceof Error ? error.message : String(error), diverged: error instanceof DivergedError });
  }
}

async function main(): Promise<void> {
  if (parentPort === null) throw new Error('sweep-worker must run in a worker thread');
  const data = workerData as SweepWorkerData;
  await selectBackend({ backend: data.backend, log: () => {} });
  // One job at a time: the parent sends the next one after 'done'.
  parentPort.on('message', (job: TrainJob) => {
    void run(job, data);
  });
  parentPort.postMessage({ type: 'ready' } satisfies WorkerMessage);
}

main().catch((error: unknown) => {
  parentPort?.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error), diverged: false } satisfies WorkerMessage);
});
