/**
 * The shipped 50-epoch checkpoints must keep matching the full preset's reuse key: a refactor that
 * changed the key would silently turn `AE_PRESET=full`'s "load in seconds" into "train for hours".
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { loadMnist } from '../../src/data/mnist.js';
import { VALIDATION_SPLIT } from '../../src/data/split.js';
import {
  PRESETS, checkpointStatus, jobFolderName, loadFinishedJobs, planLatentSweep, pretrainedCheckpointRoot, readCheckpointMetadata,
} from '../../src/train/index.js';
import { useBackend } from '../helpers.js';

describe('the shipped 50-epoch checkpoints (data/pretrained)', () => {
  const full = PRESETS.full;
  const jobs = planLatentSweep({ dims: full.dims, epochs: full.epochs, subset: full.subset });
  const root = pretrainedCheckpointRoot();
  before(() => useBackend('wasm'));

  it('are ten finished checkpoints, one per dim, each matching the full preset\'s reuse key', () => {
    assert.deepEqual(fs.readdirSync(root).sort(), jobs.map(jobFolderName).sort());
    for (const job of jobs) {
      const dir = path.join(root, jobFolderName(job));
      assert.equal(checkpointStatus(dir, job, loadMnist()), 'finished', `${dir} does not match the full preset's job`);
      const metadata = readCheckpointMetadata(dir);
      assert.deepEqual(metadata.training.validation, VALIDATION_SPLIT);
      assert.equal(metadata.valLoss.length, 50);
      assert.ok(metadata.testLoss !== undefined && metadata.testLoss > 0);
      assert.deepEqual(fs.readdirSync(dir).sort(), ['model.json', 'training.json', 'weights.bin']);
    }
  });

  it('load without training anything', async () => {
    const loaded = await loadFinishedJobs(loadMnist(), [jobs[0]!, jobs[9]!], root);
    assert.deepEqual(loaded.map((entry) => [entry.index, entry.source, entry.job.model.latentDim]), [[0, 'checkpoint', 1], [1, 'checkpoint', 10]]);
    for (const entry of loaded) entry.model.autoencoder.dispose();
    const other = planLatentSweep({ dims: [1], epochs: 3 });
    assert.deepEqual(await loadFinishedJobs(loadMnist(), other, root), [], 'a 3-epoch job does not match a 50-epoch checkpoint');
  });
});
