/**
 * A run that stops partway — a fault after batch k, or between writing a checkpoint and swapping
 * it in — goes on from its last saved epoch, to the same history and weights as a run that never
 * stopped. Faults are injected at fixed points, never by timed kills.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { loadMnist } from '../../src/data/mnist.js';
import { type FitResult, checkpointStatus, readCheckpointMetadata, runJobs, trainingJob } from '../../src/train/index.js';
import { executeJob } from '../../src/train/job.js';
import { checkpointWeights, useBackend } from '../helpers.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-resume-'));
const job = trainingJob({ latentDim: 3, epochs: 3, seed: 2, subset: { first: 384 }, validation: { size: 500, seed: 0 } });

/** Thrown by the injected faults. */
class InjectedFault extends Error {}

describe('resuming a stopped run', () => {
  let uninterrupted: FitResult;
  let uninterruptedWeights: Float32Array[];
  before(async () => {
    await useBackend('wasm');
    const dir = path.join(root, 'uninterrupted');
    uninterrupted = await executeJob(loadMnist(), job, dir, 'wasm');
    uninterruptedWeights = await checkpointWeights(dir);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('after a fault at batch 2 of epoch 3: goes on from epoch 2 to the same history and weights', async () => {
    const dir = path.join(root, 'after-batch');
    const start = tf.memory().numTensors;
    await assert.rejects(executeJob(loadMnist(), job, dir, 'wasm', {
      onBatch: ({ epoch, batch }) => {
        if (epoch === 2 && batch === 1) throw new InjectedFault('stopped after batch 2 of epoch 3');
      },
    }), InjectedFault);
    assert.equal(tf.memory().numTensors, start, 'tensors leaked by the stopped run');
    assert.equal(checkpointStatus(dir, job, loadMnist()), 'unfinished');
    assert.equal(readCheckpointMetadata(dir).resume?.epochsDone, 2);

    const epochsRun: number[] = [];
    const resumed = await executeJob(loadMnist(), job, dir, 'wasm', { onEpoch: ({ epoch }) => epochsRun.push(epoch) }, { resume: true });
    assert.deepEqual(epochsRun, [2], 'only the missing epoch is trained');
    assert.deepEqual(resumed.trainLoss, uninterrupted.trainLoss);
    assert.deepEqual(resumed.valLoss, uninterrupted.valLoss);
    assert.equal(resumed.bestEpoch, uninterrupted.bestEpoch);
    assert.equal(resumed.testLoss, uninterrupted.testLoss);
    assert.deepEqual(await checkpointWeights(dir), uninterruptedWeights);
    assert.equal(checkpointStatus(dir, job, loadMnist()), 'finished');
    assert.equal(tf.memory().numTensors, start, 'tensors leaked by the resumed run');
  });

  it('after a fault between writing the epoch-2 checkpoint and swapping it in: goes on from epoch 1', async () => {
    const dir = path.join(root, 'before-swap');
    await assert.rejects(executeJob(loadMnist(), job, dir, 'wasm', {
      onSaveStep: (epochsDone, step) => {
        if (epochsDone === 2 && step.name === 'rename target to old' && step.phase === 'before') throw new InjectedFault('stopped between write and rename');
      },
    }), /could not save checkpoint .*stopped between write and rename/);
    assert.equal(readCheckpointMetadata(dir).resume?.epochsDone, 1, 'the epoch-1 checkpoint is intact');
    assert.deepEqual(fs.readdirSync(root).filter((name) => name.startsWith('before-swap.')), [], 'no half-written folder is left');

    const resumed = await executeJob(loadMnist(), job, dir, 'wasm', {}, { resume: true });
    assert.deepEqual(resumed.trainLoss, uninterrupted.trainLoss);
    assert.deepEqual(resumed.valLoss, uninterrupted.valLoss);
    assert.deepEqual(await checkpointWeights(dir), uninterruptedWeights);
  });

  it('the job runner resumes an unfinished checkpoint when reusing, and reuses a finished one', async () => {
    const dir = path.join(root, 'runner');
    const options = { workers: 1, checkpoints: { dir, reuse: true } };
    await assert.rejects(runJobs(loadMnist(), [job], {
      ...options,
      onBatch: (_job, { epoch }) => {
        if (epoch === 1) throw new InjectedFault('stopped in epoch 2');
      },
    }), /^Error: latent dim 3, seed 2: stopped in epoch 2$/);
    const epochsRun: number[] = [];
    const [resumed] = await runJobs(loadMnist(), [job], { ...options, onEpoch: (_job, { epoch }) => epochsRun.push(epoch) });
    assert.deepEqual(epochsRun, [1, 2]);
    assert.equal(resumed!.source, 'trained');
    assert.deepEqual(resumed!.result.valLoss, uninterrupted.valLoss);
    const [reused] = await runJobs(loadMnist(), [job], options);
    assert.equal(reused!.source, 'checkpoint');
    assert.equal(reused!.result.testLoss, uninterrupted.testLoss);
  });

  it('worker threads resume too: two jobs stopped in epoch 2 end as if never stopped', async () => {
    const dir = path.join(root, 'workers');
    const other = trainingJob({ latentDim: 2, epochs: 3, seed: 2, subset: { first: 384 }, validation: { size: 500, seed: 0 } });
    const options = { workers: 2, checkpoints: { dir, reuse: true } };
    await assert.rejects(runJobs(loadMnist(), [job, other], {
      ...options,
      onBatch: (_job, { epoch }) => {
        if (epoch === 1) throw new InjectedFault('stopped in epoch 2');
      },
    }), /stopped in epoch 2$/);
    const [resumed] = await runJobs(loadMnist(), [job, other], options);
    assert.deepEqual(resumed!.result.trainLoss, uninterrupted.trainLoss);
    assert.deepEqual(resumed!.result.valLoss, uninterrupted.valLoss);
    assert.deepEqual(await checkpointWeights(resumed!.checkpoint!), uninterruptedWeights);
  });

  it('without reuse, an unfinished checkpoint is trained over from scratch', async () => {
    const dir = path.join(root, 'after-batch');
    fs.rmSync(dir, { recursive: true, force: true });
    await assert.rejects(executeJob(loadMnist(), job, dir, 'wasm', {
      onBatch: ({ epoch }) => {
        if (epoch === 1) throw new InjectedFault('stop');
      },
    }));
    const epochsRun: number[] = [];
    await executeJob(loadMnist(), job, dir, 'wasm', { onEpoch: ({ epoch }) => epochsRun.push(epoch) });
    assert.deepEqual(epochsRun, [0, 1, 2]);
  });
});
