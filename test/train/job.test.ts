import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { CheckpointMetadata } from '../../src/train/checkpoint.js';
import { type TrainJob, describeJob, jobFolderName, trainingJob } from '../../src/train/job.js';
import { PRESETS } from '../../src/train/presets.js';
import { planLatentSweep } from '../../src/train/sweep.js';

const fixtures = path.join(__dirname, '..', '..', '..', 'test', 'train', 'fixtures');

describe('training jobs', () => {
  it('fill every default in, so that the job is the checkpoint-reuse key', () => {
    assert.deepEqual(trainingJob({ latentDim: 3, epochs: 2 }), {
      model: { latentDim: 3, decoder: 'transposed', seed: 0, normalization: { mean: 0.5, std: 1 } },
      training: { epochs: 2, batchSize: 128, seed: 0, subset: {}, learningRate: 1e-3, weightDecay: 1e-5, validation: { size: 5000, seed: 0 } },
    });
    const job = trainingJob({ latentDim: 2, epochs: 1, seed: 7, decoder: 'unpooling', subset: { classes: [3] }, learningRate: 0.01 });
    assert.equal(job.model.seed, 7);
    assert.equal(job.training.seed, 7, 'one seed for the weights and the shuffling');
    assert.deepEqual(job.training.subset, { classes: [3] });
  });

  it('reject a bad field by name', () => {
    assert.throws(() => trainingJob({ latentDim: 0, epochs: 1 }), /^Error: latentDim must be a positive integer, got 0$/);
    assert.throws(() => trainingJob({ latentDim: 2, epochs: 1.5 }), /^Error: epochs must be a positive integer, got 1\.5$/);
    assert.throws(() => trainingJob({ latentDim: 2, epochs: 1, batchSize: 0 }), /^Error: batchSize must be a positive integer, got 0$/);
    assert.throws(() => trainingJob({ latentDim: 2, epochs: 1, learningRate: 0 }), /^Error: learningRate must be a positive number, got 0$/);
    assert.throws(() => trainingJob({ latentDim: 2, epochs: 1, weightDecay: -1 }), /^Error: weightDecay must be a number ≥ 0, got -1$/);
  });

  it('name their checkpoint folder by every setting of the reuse key, so that two different jobs never share one', () => {
    assert.equal(jobFolderName(trainingJob({ latentDim: 4, epochs: 3 })), 'latent-4-transposed-seed-0-epochs-3');
    assert.equal(jobFolderName(trainingJob({ latentDim: 4, epochs: 50 })), 'latent-4-transposed-seed-0-epochs-50');
    assert.equal(jobFolderName(trainingJob({ latentDim: 10, epochs: 1, seed: 2, decoder: 'unpooling', subset: { classes: [7, 3] } })),
      'latent-10-unpooling-seed-2-digits-37-epochs-1');
    assert.equal(jobFolderName(trainingJob({ latentDim: 2, epochs: 1, subset: { first: 512 } })), 'latent-2-transposed-seed-0-first-512-epochs-1');
    assert.equal(jobFolderName(trainingJob({ latentDim: 2, epochs: 1, subset: { perClass: 50 } })), 'latent-2-transposed-seed-0-per-class-50-epochs-1');
    assert.equal(jobFolderName(trainingJob({ latentDim: 2, epochs: 1, learningRate: 5e-4, batchSize: 64, weightDecay: 0 })),
      'latent-2-transposed-seed-0-epochs-1-batch-64-lr-0.0005-wd-0');

    // Every field of the key, changed alone, changes the name; a field added to the key without a
    // change here fails the coverage check below.
    const base = trainingJob({ latentDim: 2, epochs: 3 });
    const changes: Record<string, (job: TrainJob) => void> = {
      'model.latentDim': (job) => { job.model.latentDim = 3; },
      'model.decoder': (job) => { job.model.decoder = 'unpooling'; },
      'model.seed': (job) => { job.model.seed = 1; },
      'model.normalization.mean': (job) => { job.model.normalization = { ...job.model.normalization, mean: 0.1307 }; },
      'model.normalization.std': (job) => { job.model.normalization = { ...job.model.normalization, std: 0.3081 }; },
      'training.epochs': (job) => { job.training.epochs = 4; },
      'training.batchSize': (job) => { job.training.batchSize = 64; },
      'training.seed': (job) => { job.training.seed = 5; },
      'training.subset.first': (job) => { job.training.subset = { first: 100 }; },
      'training.subset.perClass': (job) => { job.training.subset = { perClass: 10 }; },
      'training.subset.classes': (job) => { job.training.subset = { classes: [3] }; },
      'training.validation.size': (job) => { job.training.validation = { ...job.training.validation, size: 1000 }; },
      'training.validation.seed': (job) => { job.training.validation = { ...job.training.validation, seed: 1 }; },
      'training.learningRate': (job) => { job.training.learningRate = 0.01; },
      'training.weightDecay': (job) => { job.training.weightDecay = 0; },
      'training.corruption': (job) => { job.training.corruption = { kind: 'blot', size: 10 }; },
    };
    const leaves = (value: unknown, at: string): string[] => (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0
      ? Object.entries(value).flatMap(([key, inner]) => leaves(inner, `${at}.${key}`)) : [at]);
    const keyFields = [...leaves(base.model, 'model'), ...leaves(base.training, 'training').map((field) => (field === 'training.subset' ? 'training.subset.first' : field))];
    for (const field of keyFields) assert.ok(field in changes, `${field} of the reuse key has no case here`);
    const names = new Set([jobFolderName(base)]);
    for (const [field, change] of Object.entries(changes)) {
      const changed = structuredClone(base);
      change(changed);
      const name = jobFolderName(changed);
      assert.ok(!names.has(name), `changing ${field} gives a name already taken: ${name}`);
      names.add(name);
    }
  });

  it('a denoising job carries its corruption in the key, the folder name and its description; a plain one does not', () => {
    const denoising = trainingJob({ latentDim: 4, epochs: 3, corruption: { kind: 'gaussian', sigma: 0.3 } });
    assert.deepEqual(denoising.training.corruption, { kind: 'gaussian', sigma: 0.3 });
    assert.equal(jobFolderName(denoising), 'latent-4-transposed-seed-0-denoising-gaussian-0.3-epochs-3');
    assert.equal(describeJob(denoising), 'latent dim 4, denoising noise σ 0.3');
    assert.equal('corruption' in trainingJob({ latentDim: 4, epochs: 3 }).training, false);
    assert.throws(() => trainingJob({ latentDim: 4, epochs: 3, corruption: { kind: 'blot', size: 30 } }), /^Error: size must be in 1\.\.20, got 30$/);
  });

  it('are described for readers by what differs from the defaults', () => {
    assert.equal(describeJob(trainingJob({ latentDim: 4, epochs: 3 })), 'latent dim 4');
    assert.equal(describeJob(trainingJob({ latentDim: 4, epochs: 3, seed: 2, subset: { classes: [3] } })), 'latent dim 4, seed 2, digit 3');
    assert.equal(describeJob(trainingJob({ latentDim: 1, epochs: 3, decoder: 'unpooling', subset: { classes: [0, 1] } })), 'latent dim 1, digits 0,1, unpooling decoder');
  });

  const fixture = (file: string) => JSON.parse(fs.readFileSync(path.join(fixtures, file), 'utf8')) as CheckpointMetadata;
  /** The smoke preset's job for `dim`, planned as notebook 02 plans its sweep. */
  const smokeJob = (dim: number) => {
    const preset = PRESETS.smoke;
    return planLatentSweep({ dims: preset.dims, epochs: preset.epochs, subset: preset.subset }).find((job) => job.model.latentDim === dim)!;
  };

  it("a preset's plan still matches the key of a checkpoint it wrote (smoke, d = 2), or it would silently retrain", () => {
    const metadata = fixture('smoke-latent-2.training.json');
    assert.deepEqual(smokeJob(2).model, metadata.model);
    assert.deepEqual(smokeJob(2).training, metadata.training);
  });

  // Written by the sweep before the validation split: their best epoch was chosen on the test
  // split, so they must never stand in for a model chosen on validation.
  for (const [file, dim] of [['quick-latent-1', 1], ['smoke-latent-2', 2]] as const) {
    it(`a checkpoint from before the validation split never matches (${file})`, () => {
      const old = fixture(`before-validation-split/${file}.training.json`);
      assert.equal(old.training.validation, undefined);
      const job = trainingJob({ latentDim: dim, epochs: old.training.epochs, subset: old.training.subset });
      assert.deepEqual(job.model, old.model, 'same model');
      assert.notDeepEqual(job.training, old.training);
    });
  }
});
