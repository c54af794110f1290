import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { LiveProgress } from '../../src/notebook/index.js';
import { setDisplaySink } from '../../src/notebook/display.js';
import { trainingProgressText } from '../../tools/start.js';
import { trainingJob } from '../../src/train/job.js';

describe("npm start's terminal progress", () => {
  after(() => setDisplaySink(undefined));

  it("reads the training progress off the library's live display, one line for all running models", () => {
    let html = '';
    const display = { html: (value: string) => { html = value; }, png: () => {}, svg: () => {}, markdown: () => {}, text: () => {} };
    setDisplaySink({ display, newDisplay: () => display } as unknown as Parameters<typeof setDisplaySink>[0]);
    const progress = new LiveProgress({ title: 'Per-digit <models>', minIntervalMs: 0, now: () => 0, rowPerModel: true });
    const { onBatch } = progress.forJobs();
    onBatch(trainingJob({ latentDim: 32, epochs: 15, subset: { classes: [3] } }), { epoch: 3, batch: 11, numBatches: 43, loss: 0.01234, imagesSeen: 1536 }, 0);
    onBatch(trainingJob({ latentDim: 32, epochs: 15, subset: { classes: [4] } }), { epoch: 1, batch: 0, numBatches: 43, loss: 0.1, imagesSeen: 128 }, 1);
    assert.equal(trainingProgressText(html),
      'latent dim 32, digit 3, epoch 4/15 12/43 batches · batch MSE 0.01234; latent dim 32, digit 4, epoch 2/15 1/43 batches · batch MSE 0.10000');
    assert.equal(trainingProgressText('<b>another display</b>'), '');
  });
});
