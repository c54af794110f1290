import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LiveProgress, markdownTable, showPng, showSvg } from '../../src/notebook/index.js';
import { setDisplaySink } from '../../src/notebook/display.js';
import { trainingJob } from '../../src/train/job.js';

/** Records what would reach the notebook: plain display calls and each updatable display's last content. */
function recordingSink() {
  const shown: { kind: string; content: string }[] = [];
  const live: string[][] = [];
  const sink = (history: { kind: string; content: string }[]) => ({
    html: (html: string) => history.push({ kind: 'html', content: html }),
    png: (png: Uint8Array) => history.push({ kind: 'png', content: `${png.length} bytes` }),
    svg: (svg: string) => history.push({ kind: 'svg', content: svg }),
    markdown: (markdown: string) => history.push({ kind: 'markdown', content: markdown }),
    text: (text: string) => history.push({ kind: 'text', content: text }),
  });
  return {
    shown,
    live,
    display: sink(shown),
    newDisplay: () => {
      const history: { kind: string; content: string }[] = [];
      live.push([]);
      const index = live.length - 1;
      const inner = sink(history);
      return { ...inner, html: (html: string) => { inner.html(html); live[index]!.push(html); } };
    },
  };
}

const figures = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-figures-'));

describe('notebook display', () => {
  before(() => { process.env['AE_FIGURES_DIR'] = figures; });
  after(() => {
    setDisplaySink(undefined);
    delete process.env['AE_FIGURES_DIR'];
    fs.rmSync(figures, { recursive: true, force: true });
  });

  it('shows figures inline and writes them to figures/ under their name', () => {
    const sink = recordingSink();
    setDisplaySink(sink);
    showPng('grid.png', Buffer.from([1, 2, 3]));
    showSvg('chart.svg', '<svg xmlns="http://www.w3.org/2000/svg"></svg>');
    assert.deepEqual(sink.shown.map((s) => s.kind), ['png', 'html']);
    assert.deepEqual(fs.readdirSync(figures).sort(), ['chart.svg', 'grid.png']);
    assert.throws(() => showPng('../escape.png', Buffer.alloc(1)), /plain file name/);
  });

  it('LiveProgress redraws one display: throttled per batch, always per epoch, ending with the table', () => {
    const sink = recordingSink();
    setDisplaySink(sink);
    let clock = 0;
    const progress = new LiveProgress({ title: 'Training <d = 4>', minIntervalMs: 100, now: () => clock });
    const { onBatch, onEpoch } = progress.forFit(2);
    for (let batch = 0; batch < 10; batch++) {
      clock += 30; // batches at 30..300 ms; the first draw was at 0, so redraws at 120 and 240 ms
      onBatch({ epoch: 0, batch, numBatches: 10, loss: 0.5, imagesSeen: (batch + 1) * 128 });
    }
    onEpoch({ epoch: 0, epochs: 2, trainLoss: 0.05, valLoss: 0.04, isBest: true, trainSeconds: 1.5, imagesPerSecond: 853.3 });
    assert.equal(sink.live.length, 1, 'one display only');
    const draws = sink.live[0]!;
    assert.equal(draws.length, 1 + 2 + 1);
    assert.match(draws[2]!, /epoch 1\/2 <progress value="\d+" max="10">/);
    const last = draws.at(-1)!;
    assert.match(last, /Training &lt;d = 4&gt;/);
    assert.match(last, /<td>1\/2<\/td><td>0\.05000<\/td><td>0\.04000 ★<\/td><td>853<\/td><td>1\.5<\/td>/);
    assert.doesNotMatch(last, /<progress/);
    progress.note('d = 3 loaded from its checkpoint');
    assert.match(sink.live[0]!.at(-1)!, /d = 3 loaded from its checkpoint/);
  });

  it('LiveProgress shows one bar per model training at once, and the table by model then epoch', () => {
    const sink = recordingSink();
    setDisplaySink(sink);
    const progress = new LiveProgress({ title: 'Sweep', minIntervalMs: 0, now: () => 0 });
    const { onBatch, onEpoch } = progress.forJobs();
    // Jobs in list order: d = 4 first, then d = 2 with seed 1; the second one reports first.
    const jobs = [trainingJob({ latentDim: 4, epochs: 1 }), trainingJob({ latentDim: 2, epochs: 1, seed: 1 })];
    onBatch(jobs[1]!, { epoch: 0, batch: 0, numBatches: 4, loss: 0.5, imagesSeen: 128 }, 1);
    onBatch(jobs[0]!, { epoch: 0, batch: 2, numBatches: 4, loss: 0.4, imagesSeen: 384 }, 0);
    const both = sink.live[0]!.at(-1)!;
    assert.match(both, /latent dim 4, epoch 1\/1 <progress value="3" max="4">.*latent dim 2, seed 1, epoch 1\/1 <progress value="1" max="4">/);
    const epoch = { epoch: 0, epochs: 1, trainLoss: 0.05, isBest: true, trainSeconds: 1, imagesPerSecond: 100 };
    onEpoch(jobs[1]!, { ...epoch, valLoss: 0.02 }, 1);
    const one = sink.live[0]!.at(-1)!;
    assert.match(one, /latent dim 4, epoch/);
    assert.doesNotMatch(one, /latent dim 2, seed 1, epoch/);
    onEpoch(jobs[0]!, { ...epoch, valLoss: 0.01 }, 0);
    const last = sink.live[0]!.at(-1)!;
    assert.doesNotMatch(last, /<progress/);
    assert.match(last, /<th>model<\/th>/);
    assert.match(last, /<td>latent dim 4<\/td><td>1\/1<\/td><td>0\.05000<\/td><td>0\.01000 ★.*<td>latent dim 2, seed 1<\/td><td>1\/1<\/td>/);
  });

  it('LiveProgress with rowPerModel: one row per model, its latest epoch, best validation MSE and seconds in all', () => {
    const sink = recordingSink();
    setDisplaySink(sink);
    const progress = new LiveProgress({ title: 'Per-digit', minIntervalMs: 0, now: () => 0, rowPerModel: true });
    const { onEpoch } = progress.forJobs();
    const jobs = [trainingJob({ latentDim: 4, epochs: 3 }), trainingJob({ latentDim: 2, epochs: 3 })];
    const epoch = (k: number, valLoss: number, isBest: boolean) => ({ epoch: k, epochs: 3, trainLoss: 0.1 / (k + 1), valLoss, isBest, trainSeconds: 1.5, imagesPerSecond: 100 });
    onEpoch(jobs[1]!, epoch(0, 0.05, true), 1);
    onEpoch(jobs[0]!, epoch(0, 0.04, true), 0);
    onEpoch(jobs[0]!, epoch(1, 0.03, true), 0);
    onEpoch(jobs[0]!, epoch(2, 0.035, false), 0);
    const last = sink.live[0]!.at(-1)!;
    assert.equal((last.match(/<tr><td>/g) ?? []).length, 2, 'one row per model');
    assert.match(last, /<td>latent dim 4<\/td><td>3\/3<\/td><td>0\.03333<\/td><td>0\.03500<\/td><td>0\.03000 \(epoch 2\)<\/td><td>100<\/td><td>4\.5<\/td>.*<td>latent dim 2<\/td><td>1\/3<\/td>/);
  });

  it('markdownTable', () => {
    assert.equal(markdownTable(['a', 'b'], [[1, 'x']]), '| a | b |\n| --- | --- |\n| 1 | x |');
  });
});
