import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadMnist } from '../../src/data/mnist.js';
import { PRESETS, jobFolderName, planLatentSweep, planOneClassJobs, planOneClassSweep, planPresetSweep, sweepLatentDims } from '../../src/train/index.js';
import { useBackend } from '../helpers.js';

describe('sweepLatentDims', () => {
  before(() => useBackend('wasm'));

  it('plans one job per dim, in order, everything else shared', () => {
    const jobs = planLatentSweep({ dims: [3, 1], epochs: 2, seed: 5, subset: { first: 256 } });
    assert.deepEqual(jobs.map((job) => job.model.latentDim), [3, 1]);
    for (const job of jobs) {
      assert.equal(job.model.seed, 5);
      assert.deepEqual(job.training, { epochs: 2, batchSize: 128, seed: 5, subset: { first: 256 }, learningRate: 1e-3, weightDecay: 1e-5, validation: { size: 5000, seed: 0 } });
    }
  });

  it('with seeds, plans one job per dim and seed, dims outer', () => {
    const jobs = planLatentSweep({ dims: [3, 1], epochs: 1, seeds: [0, 4] });
    assert.deepEqual(jobs.map((job) => [job.model.latentDim, job.model.seed, job.training.seed]), [[3, 0, 0], [3, 4, 4], [1, 0, 0], [1, 4, 4]]);
    assert.throws(() => planLatentSweep({ dims: [1], epochs: 1, seeds: [1, 1] }), /^Error: seeds must list distinct seeds, got \[1, 1\]$/);
    assert.throws(() => planLatentSweep({ dims: [1], epochs: 1, seeds: [1], seed: 2 }), /^Error: give seed or seeds, not both$/);
  });

  it("plans a preset's sweep: seed 0 for every dim, then the extra seeds where the preset spreads them", () => {
    const describe = (jobs: ReturnType<typeof planLatentSweep>) => jobs.map((job) => [job.model.latentDim, job.model.seed, job.training.epochs, job.training.subset]);
    assert.deepEqual(describe(planPresetSweep(PRESETS.smoke)), [
      [1, 0, 1, { first: 512 }], [2, 0, 1, { first: 512 }], [1, 1, 1, { first: 512 }], [1, 2, 1, { first: 512 }], [2, 1, 1, { first: 512 }], [2, 2, 1, { first: 512 }],
    ]);
    assert.deepEqual(describe(planPresetSweep(PRESETS.quick)).map(([dim, seed]) => `${dim}/${seed}`),
      ['1/0', '2/0', '3/0', '4/0', '5/0', '6/0', '7/0', '8/0', '9/0', '10/0', ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].flatMap((dim) => [`${dim}/1`, `${dim}/2`])]);
    assert.equal(planPresetSweep(PRESETS.full).length, 10, 'the full preset has no extra seeds');
  });

  it("plans a preset's one-class models: one per digit, candidate model and seed, candidates outer, each trained on its digit only", () => {
    const planned = planOneClassJobs(PRESETS.quick);
    const { digits, models, epochs, seeds, learningRate } = PRESETS.quick.oneClass;
    assert.ok(seeds.length >= 3, 'three seeds at least: the spread every comparison is measured against');
    assert.equal(planned.length, digits.length * models.length * seeds.length);
    assert.deepEqual(planOneClassSweep(PRESETS.quick), planned.map((entry) => entry.job));
    for (const { job, model, digit, seed } of planned) {
      assert.deepEqual([job.model.latentDim, job.model.seed, job.training.subset.classes, job.training.corruption], [models[model]!.latentDim, seed, [digit], models[model]!.corruption]);
      assert.deepEqual([job.training.epochs, job.training.learningRate], [epochs, learningRate]);
    }
    assert.deepEqual(planned.slice(0, 10 * seeds.length).map((entry) => [entry.model, entry.seed]), seeds.flatMap((seed) => digits.map(() => [0, seed])));
    assert.equal(new Set(planned.map((entry) => jobFolderName(entry.job))).size, planned.length, 'every job its own folder');
    assert.deepEqual(planOneClassSweep(PRESETS.smoke).map((job) => job.training.subset).slice(0, 2), [{ first: 256, classes: [0] }, { first: 256, classes: [1] }]);
    assert.throws(() => planOneClassSweep({ oneClass: { ...PRESETS.quick.oneClass, strict: { model: 3, score: 'MSE' } } }),
      /^Error: oneClass.strict.model 3 is not an index of its 3 candidate models$/);
  });

  it('trains one model per dim and hands each over with its dim, in the order of dims', async () => {
    const seen: string[] = [];
    const entries = await sweepLatentDims(loadMnist(), {
      dims: [2, 1], epochs: 1, subset: { first: 128 }, workers: 1,
      onModel: (entry, model) => {
        seen.push(`${entry.dim}:${entry.source}:${(model.encoder.outputs[0]!.shape as number[])[1]}`);
      },
    });
    assert.deepEqual(seen, ['2:trained:2', '1:trained:1']);
    assert.deepEqual(entries.map((entry) => entry.dim), [2, 1]);
  });

  it('rejects no dims and a repeated dim before training', async () => {
    await assert.rejects(sweepLatentDims(loadMnist(), { dims: [], epochs: 1 }), /^Error: dims must name at least one latent dimension$/);
    await assert.rejects(sweepLatentDims(loadMnist(), { dims: [2, 3, 2], epochs: 1 }), /^Error: dims must not repeat a latent dimension, got 2, 3, 2$/);
  });
});
