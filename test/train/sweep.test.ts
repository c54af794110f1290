import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { loadMnist } from '../../src/data/mnist.js';
import { type SweepEntry, type SweepOptions, sweepLatentDims } from '../../src/train/index.js';
import { useBackend } from '../helpers.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-sweep-'));

describe('sweepLatentDims', () => {
  before(() => useBackend('wasm'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const options: SweepOptions = { dims: [1, 3], epochs: 1, subset: { first: 256 }, checkpoints: { dir: root, reuse: true } };

  it('trains one model per dim, saves each, and reuses a checkpoint only when the settings match', async () => {
    const start = tf.memory().numTensors;
    const seen: string[] = [];
    const first = await sweepLatentDims(loadMnist(), {
      ...options,
      onModel: (entry, model) => {
        seen.push(`${entry.dim}:${entry.source}:${(model.encoder.outputs[0]!.shape as number[])[1]}`);
      },
    });
    assert.deepEqual(seen, ['1:trained:1', '3:trained:3']);
    assert.deepEqual(fs.readdirSync(root).sort(), ['latent-1', 'latent-3']);

    const again = await sweepLatentDims(loadMnist(), options);
    assert.deepEqual(again.map((entry) => entry.source), ['checkpoint', 'checkpoint']);
    assert.deepEqual(again.map((entry) => entry.result.valLoss), first.map((entry) => entry.result.valLoss));

    const otherSeed = await sweepLatentDims(loadMnist(), { ...options, dims: [1], seed: 1 });
    assert.deepEqual(otherSeed.map((entry) => entry.source), ['trained']);
    assert.equal(tf.memory().numTensors, start, 'models leaked');
  });

  it("keeps a model when onModel asks for it", async () => {
    const [entry] = await sweepLatentDims(loadMnist(), { ...options, dims: [3], onModel: () => 'keep' });
    assert.equal(entry?.source, 'checkpoint');
    assert.ok(entry?.model);
    entry.model.autoencoder.dispose();
  });

  it('trains in worker threads with the same histories and weights as in this thread, delivering models in dims order', async () => {
    const start = tf.memory().numTensors;
    const run = async (workers: number) => {
      const epochsSeen = new Set<number>();
      const delivered: number[] = [];
      const entries = await sweepLatentDims(loadMnist(), {
        dims: [3, 1, 2], epochs: 2, subset: { first: 256 }, workers,
        onEpoch: (dim) => epochsSeen.add(dim),
        onModel: (entry) => {
          delivered.push(entry.dim);
          return 'keep';
        },
      });
      assert.deepEqual(delivered, [3, 1, 2]);
      assert.deepEqual([...epochsSeen].sort(), [1, 2, 3], 'progress of every model reaches the caller');
      return entries;
    };
    const weightsOf = (entry: SweepEntry) => entry.model!.autoencoder.getWeights().map((w) => Array.from(w.dataSync()));
    const sequential = await run(1);
    const parallel = await run(2);
    for (const [i, entry] of sequential.entries()) {
      const other = parallel[i]!;
      assert.equal(other.dim, entry.dim);
      assert.deepEqual(other.result.trainLoss, entry.result.trainLoss, `d=${entry.dim} train history`);
      assert.deepEqual(other.result.valLoss, entry.result.valLoss, `d=${entry.dim} test history`);
      assert.deepEqual(weightsOf(other), weightsOf(entry), `d=${entry.dim} weights`);
    }
    for (const entry of [...sequential, ...parallel]) entry.model!.autoencoder.dispose();
    assert.equal(tf.memory().numTensors, start, 'models leaked');
  });

  it('rejects a repeated dim and a bad worker count before training', async () => {
    await assert.rejects(sweepLatentDims(loadMnist(), { dims: [2, 3, 2], epochs: 1 }), /^Error: dims must not repeat a latent dimension, got 2, 3, 2$/);
    await assert.rejects(sweepLatentDims(loadMnist(), { dims: [2], epochs: 1, workers: 0 }), /^Error: workers must be a positive integer, got 0$/);
  });

  it('stops every worker and rejects naming the dim when a worker fails', async () => {
    const notADirectory = path.join(root, 'a-file');
    fs.writeFileSync(notADirectory, '');
    await assert.rejects(
      sweepLatentDims(loadMnist(), { dims: [1, 2], epochs: 1, subset: { first: 128 }, workers: 2, checkpoints: { dir: notADirectory } }),
      /^Error: latent dim [12]: .*a-file/,
    );
  });
});
