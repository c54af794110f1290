/**
 * One worker thread of the job runner ({@link runJobs} with `workers` > 1). It owns one tfjs
 * instance (the same backend as the parent), receives the MNIST arrays once (shared memory, not
 * copied), then runs {@link executeJob} for each job it is sent, exactly as the runner does in
 * its own thread, and reports progress and the result.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from './backend';
import { oneLine } from '../util/text';
import { DivergedError } from './fit';
import { executeJob } from './job';
import type { JobRequest, JobWorkerData, JobWorkerMessage } from './runner';

function post(message: JobWorkerMessage): void {
  parentPort!.postMessage(message);
}

function postError(error: unknown): void {
  post({ type: 'error', message: oneLine(error), diverged: error instanceof DivergedError });
}

async function main(): Promise<void> {
  if (parentPort === null) throw new Error('job-worker must run in a worker thread');
  const data = workerData as JobWorkerData;
  await selectBackend({ backend: data.backend, log: () => {} });
  // One job at a time: the parent sends the next one after 'done'.
  parentPort.on('message', ({ job, dir, resume, saveProgress }: JobRequest) => {
    executeJob(data.mnist, job, dir, data.backend, {
      onBatch: (progress) => post({ type: 'batch', progress }),
      onEpoch: (progress) => post({ type: 'epoch', progress }),
    }, { resume, saveProgress }).then((result) => post({ type: 'done', result }), postError);
  });
  post({ type: 'ready' });
}

main().catch(postError);
