import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { loadMnist } from '../../src/data/mnist.js';
import { createLoaders } from '../../src/data/loaders.js';
import { type JobEntry, type TrainJob, describeJobSource, jobFolderName, runJobs, testEpoch, trainingJob } from '../../src/train/index.js';
import { useBackend } from '../helpers.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-runner-'));

describe('runJobs', () => {
  before(() => useBackend('wasm'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  // Two dims × two seeds, plus one model of a single digit with another decoder.
  const mixed: TrainJob[] = [
    ...[3, 1].flatMap((latentDim) => [0, 1].map((seed) => trainingJob({ latentDim, seed, epochs: 2, subset: { first: 256 } }))),
    trainingJob({ latentDim: 2, epochs: 1, decoder: 'unpooling', subset: { classes: [7], first: 128 } }),
  ];

  it('trains a mixed job list with the same histories and weights in one thread and in two workers, in job order', async () => {
    const start = tf.memory().numTensors;
    const run = async (workers: number) => {
      const progressOf = new Set<number>();
      const delivered: number[] = [];
      const entries = await runJobs(loadMnist(), mixed, {
        workers,
        onEpoch: (job, _progress, index) => {
          assert.equal(job, mixed[index]);
          progressOf.add(index);
        },
        onModel: (entry) => {
          delivered.push(entry.index);
          return 'keep';
        },
      });
      assert.deepEqual(delivered, [0, 1, 2, 3, 4]);
      assert.deepEqual([...progressOf].sort(), [0, 1, 2, 3, 4], 'progress of every job reaches the caller');
      return entries;
    };
    const weightsOf = (entry: JobEntry) => entry.model!.autoencoder.getWeights().map((w) => Array.from(w.dataSync()));
    const sequential = await run(1);
    const parallel = await run(2);
    for (const [i, entry] of sequential.entries()) {
      const other = parallel[i]!;
      assert.equal(other.job, entry.job);
      assert.equal(entry.source, 'trained');
      assert.equal(entry.checkpoint, undefined, 'no checkpoint folder is reported when checkpoints are off');
      assert.deepEqual(other.result.trainLoss, entry.result.trainLoss, `job ${i}: train history`);
      assert.deepEqual(other.result.valLoss, entry.result.valLoss, `job ${i}: validation history`);
      assert.deepEqual(weightsOf(other), weightsOf(entry), `job ${i}: weights`);
    }
    assert.notDeepEqual(sequential[0]!.result.trainLoss, sequential[1]!.result.trainLoss, 'seeds 0 and 1 train differently');
    assert.equal(sequential[4]!.model!.options.decoder, 'unpooling');
    for (const entry of [...sequential, ...parallel]) entry.model!.autoencoder.dispose();
    assert.equal(tf.memory().numTensors, start, 'models leaked');
  });

  it('trains a denoising job: its test MSE compares its output on corrupted images with the clean ones', async () => {
    const corruption = { kind: 'salt-and-pepper', rate: 0.3 } as const;
    const [plain, denoising] = await runJobs(loadMnist(), [
      trainingJob({ latentDim: 4, epochs: 2, subset: { first: 4096 } }),
      trainingJob({ latentDim: 4, epochs: 2, subset: { first: 4096 }, corruption: corruption }),
    ], { workers: 1, onModel: () => 'keep' });
    const { test } = createLoaders(loadMnist(), { corruption: corruption });
    const noisyTest = testEpoch(plain!.model!.autoencoder, test);
    assert.equal(denoising!.result.testLoss, testEpoch(denoising!.model!.autoencoder, test));
    assert.ok(denoising!.result.testLoss! < noisyTest, `denoising ${denoising!.result.testLoss} against plain ${noisyTest} on corrupted inputs`);
    for (const entry of [plain, denoising]) entry!.model!.autoencoder.dispose();
  });

  it('saves each job in its own folder and reuses a checkpoint only for the very same job', async () => {
    const jobs = mixed.slice(0, 2);
    const dir = path.join(root, 'reuse');
    const first = await runJobs(loadMnist(), jobs, { workers: 1, checkpoints: { dir, reuse: true } });
    assert.deepEqual(fs.readdirSync(dir).sort(), jobs.map(jobFolderName).sort());
    assert.deepEqual(first.map((entry) => entry.checkpoint), jobs.map((job) => path.join(dir, jobFolderName(job))));

    const again = await runJobs(loadMnist(), jobs, { checkpoints: { dir, reuse: true } });
    assert.deepEqual(again.map((entry) => entry.source), ['checkpoint', 'checkpoint']);
    assert.deepEqual(again.map((entry) => entry.result.valLoss), first.map((entry) => entry.result.valLoss));

    const longer = trainingJob({ latentDim: 3, seed: 0, epochs: 1, subset: { first: 256 } }); // other epochs: a folder of its own
    const [retrained] = await runJobs(loadMnist(), [longer], { checkpoints: { dir, reuse: true } });
    assert.equal(retrained!.source, 'trained');
  });

  it('says where each model came from: trained now, an earlier run\'s checkpoint, or the shipped (pretrained) folder', async () => {
    const job = mixed[0]!;
    const shipped = path.join(root, 'as-shipped');
    const [trained] = await runJobs(loadMnist(), [job], { checkpoints: { dir: shipped, reuse: true } });
    assert.equal(describeJobSource(trained!), 'trained now and saved');
    const [reused] = await runJobs(loadMnist(), [job], { checkpoints: { dir: shipped, reuse: true } });
    assert.equal(reused!.pretrained, undefined);
    assert.equal(describeJobSource(reused!), 'loaded from its checkpoint (trained earlier with the same settings)');
    const [fromShipped] = await runJobs(loadMnist(), [job], { checkpoints: { dir: path.join(root, 'beside-shipped'), reuse: true, pretrained: shipped } });
    assert.equal(fromShipped!.pretrained, true);
    assert.equal(fromShipped!.checkpoint, path.join(shipped, jobFolderName(job)));
    assert.equal(describeJobSource(fromShipped!), 'loaded from the shipped checkpoints in data/pretrained');
    const [temporary] = await runJobs(loadMnist(), [job], {});
    assert.equal(describeJobSource(temporary!), 'trained now');
  });

  it('rejects an empty list, two jobs sharing a folder, a subset that does not fit and a bad worker count, before training', async () => {
    const job = trainingJob({ latentDim: 2, epochs: 1 });
    await assert.rejects(runJobs(loadMnist(), []), /^Error: the job list is empty$/);
    await assert.rejects(runJobs(loadMnist(), [job, trainingJob({ latentDim: 2, epochs: 1 })]),
      /^Error: jobs 1 and 2 \(latent dim 2\) would share the checkpoint folder latent-2-transposed-seed-0-epochs-1$/);
    await assert.rejects(runJobs(loadMnist(), [trainingJob({ latentDim: 2, epochs: 1, subset: { first: 70000 } })]),
      /^Error: latent dim 2: first=70000 asks for more examples than exist: only 55000 examples in the training part \(5000 images are held out for validation\)$/);
    await assert.rejects(runJobs(loadMnist(), [job], { workers: 0 }), /^Error: workers must be a positive integer, got 0$/);
  });

  for (const workers of [1, 2]) {
    it(`stops and rejects naming the job when one fails (${workers} worker${workers === 1 ? '' : 's'})`, async () => {
      const start = tf.memory().numTensors;
      await assert.rejects(
        runJobs(loadMnist(), [1, 2].map((seed) => trainingJob({ latentDim: 1, seed, epochs: 1, subset: { first: 128 } })), {
          workers, checkpoints: { dir: path.join(root, `failing-${workers}`) },
          onEpoch: (job) => {
            if (job.model.seed === 2) throw new Error('injected failure after epoch 1');
          },
        }),
        /^Error: latent dim 1, seed 2: injected failure after epoch 1$/,
      );
      assert.equal(tf.memory().numTensors, start, 'models leaked on the error path');
    });
  }

  it('with workers, a failing job stops the one training beside it, and nothing is delivered after', async () => {
    const failing = trainingJob({ latentDim: 1, epochs: 1, subset: { first: 512 } });
    const long = trainingJob({ latentDim: 2, epochs: 8, subset: { first: 2048 } });
    const epochsOfLong: number[] = [];
    let delivered = 0;
    await assert.rejects(runJobs(loadMnist(), [failing, long], {
      workers: 2,
      // Thrown in the worker's progress callback, which runs in this thread: it must stop the run, not the process.
      onBatch: (job, { batch }) => {
        if (job === failing && batch === 2) throw new Error('injected failure at batch 3');
      },
      onEpoch: (job, { epoch }) => {
        if (job === long) epochsOfLong.push(epoch);
      },
      onModel: () => {
        delivered += 1;
      },
    }), /^Error: latent dim 1: injected failure at batch 3$/);
    const seen = epochsOfLong.length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(epochsOfLong.length, seen, 'the other job was stopped');
    assert.ok(seen < 8, `the other job ran to its end (${seen} epochs)`);
    assert.equal(delivered, 0);
  });
});
