/**
 * The shipped checkpoints must keep matching their presets' reuse keys: a refactor that changed the
 * key would silently turn `AE_PRESET=full`'s "load in seconds" into "train for hours", and the quick
 * preset's extra seeds into minutes of training in every run.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { loadMnist } from '../../src/data/mnist.js';
import { VALIDATION_SPLIT } from '../../src/data/split.js';
import { keptDigit } from '../../src/analysis/index.js';
import { imagesAt } from '../../src/data/batching.js';
import { toUnitRange } from '../../src/data/transforms.js';
import { readDigits } from '../../src/model/index.js';
import { PRESETS, checkpointStatus, planOneClassJobs, loadDigitReader, jobFolderName, loadFinishedJobs, planLatentSweep, pretrainedCheckpointRoot, readCheckpointMetadata, trainingJob } from '../../src/train/index.js';
import { pretrainedReaderDir } from '../../src/train/digit-reader.js';
import { useBackend } from '../helpers.js';

describe('the shipped 50-epoch checkpoints (data/pretrained)', () => {
  const full = PRESETS.full;
  const jobs = planLatentSweep({ dims: full.dims, epochs: full.epochs, subset: full.subset });
  const root = pretrainedCheckpointRoot();
  before(() => useBackend('wasm'));

  // The quick preset's seeds 1 and 2 of every dim, of notebook 02's unpooling decoder at d = 2, and of notebook 03's denoising autoencoder at d = 10,
  // and notebook 04's denoising per-digit models (every digit and seed).
  const quick = PRESETS.quick;
  const quickJobs = [
    ...planLatentSweep({ dims: quick.spread!.dims, seeds: quick.spread!.seeds, epochs: quick.epochs }),
    ...quick.spread!.seeds.map((seed) => trainingJob({ latentDim: 2, seed: seed, epochs: quick.epochs, decoder: 'unpooling' })),
    ...quick.spread!.seeds.map((seed) => trainingJob({ latentDim: 10, seed: seed, epochs: quick.epochs, corruption: { kind: 'gaussian', sigma: 0.3 } })),
    // Notebook 04's denoising per-digit models, its costliest third to train (issue 25).
    ...planOneClassJobs(quick).filter((entry) => quick.oneClass.models[entry.model]!.corruption !== undefined).map((entry) => entry.job),
  ];

  it('are the full preset\'s ten models, the quick preset\'s extra seeds and the digit reader, each matching its reuse key', () => {
    assert.deepEqual(fs.readdirSync(root).sort(), [...jobs, ...quickJobs].map(jobFolderName).concat('digit-reader').sort());
    for (const job of quickJobs) {
      const dir = path.join(root, jobFolderName(job));
      assert.equal(checkpointStatus(dir, job, loadMnist()), 'finished', `${dir} does not match the quick preset's job`);
      assert.deepEqual(fs.readdirSync(dir).sort(), ['model.json', 'training.json', 'weights.bin']);
    }
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

/** Every file under `dir`, its bytes summed. */
function folderBytes(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true })
    .reduce((sum, entry) => sum + (entry.isDirectory() ? folderBytes(path.join(dir, entry.name)) : fs.statSync(path.join(dir, entry.name)).size), 0);
}

describe('data/pretrained as a whole', () => {
  it('stays within its budget: the ten 50-epoch autoencoders (3,672,429 bytes) plus at most 13 MB for what issue 23 ships and 12 MB for issue 25\'s', () => {
    const budget = 3_672_429 + 13 * 1024 * 1024 + 12 * 1024 * 1024;
    const bytes = folderBytes(pretrainedCheckpointRoot());
    assert.ok(bytes <= budget, `data/pretrained holds ${bytes} bytes, over its budget of ${budget}`);
  });
});

describe('the shipped digit reader (data/pretrained/digit-reader)', () => {
  before(() => useBackend('wasm'));

  it('was chosen on validation, read ≥ 99 % of the test split, and reads real test digits now', async () => {
    const { reader, metadata } = await loadDigitReader(pretrainedReaderDir());
    assert.deepEqual(metadata.training.validation, VALIDATION_SPLIT);
    assert.equal(metadata.valAccuracy[metadata.bestEpoch], Math.max(...metadata.valAccuracy));
    assert.ok(metadata.testAccuracy >= 0.99, `test accuracy ${metadata.testAccuracy}`);
    assert.deepEqual(metadata.dataChecksums, loadMnist().checksums);
    const { test } = loadMnist();
    const first = Array.from({ length: 1000 }, (_, i) => i);
    const kept = keptDigit(readDigits(reader, toUnitRange(imagesAt(test, first))).digits, first.map((i) => test.labels[i]!));
    assert.ok(kept.rate >= 0.98, `read ${kept.rate} of the first 1,000 test digits`);
    // The same check fails on a broken input: labels swapped.
    const swapped = keptDigit(readDigits(reader, toUnitRange(imagesAt(test, first))).digits, first.map((i) => (test.labels[i]! + 1) % 10));
    assert.ok(swapped.rate < 0.05, `against swapped labels it still read ${swapped.rate}`);
    reader.dispose();
  });
});
