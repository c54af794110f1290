import { escapeHtml } from '../plot/escape-html';
import type { BatchProgress, EpochProgress } from '../train/fit';
import { type TrainJob, describeJob } from '../train/job';
import { type UpdatableDisplay, newUpdatableDisplay } from './display';

/** Options of {@link LiveProgress}. */
export interface LiveProgressOptions {
  /** Heading of the progress block, e.g. "Training d = 4". */
  title: string;
  /** At most one redraw per this many milliseconds while batches run; default 250. */
  minIntervalMs?: number;
  /** Clock, for tests; default `performance.now`. */
  now?: () => number;
}

/** Which model a row is about: its place in the job list and its name; none for a single model. */
interface ModelKey {
  index: number;
  label: string;
}

interface EpochRow {
  model: ModelKey | undefined;
  progress: EpochProgress;
}

/**
 * Training progress as ONE output that redraws in place (tslab's updatable display): a
 * progress bar for the running epoch and a table of finished epochs, instead of a wall of
 * printed lines. What stays in the saved notebook is the last drawing: the table.
 */
export class LiveProgress {
  private readonly display: UpdatableDisplay;
  private readonly rows: EpochRow[] = [];
  private readonly minIntervalMs: number;
  private readonly now: () => number;
  private lastDraw = -Infinity;
  /** The epoch each model is in (several when the job runner trains in worker threads), by job index. */
  private readonly running = new Map<number | undefined, { model: ModelKey | undefined; progress: BatchProgress; epochs?: number }>();
  private readonly notes: string[] = [];

  constructor(private readonly options: LiveProgressOptions) {
    this.display = newUpdatableDisplay();
    this.minIntervalMs = options.minIntervalMs ?? 250;
    this.now = options.now ?? (() => performance.now());
    this.draw();
  }

  /** Callbacks for {@link fit} (one model). */
  forFit(epochs: number): { onBatch: (p: BatchProgress) => void; onEpoch: (p: EpochProgress) => void } {
    return { onBatch: (p) => this.batch(undefined, p, epochs), onEpoch: (p) => this.epoch(undefined, p) };
  }

  /** Callbacks for the job runner and the plans on it ({@link runJobs}, {@link sweepLatentDims}): one row group per job. */
  forJobs(): {
    onBatch: (job: TrainJob, p: BatchProgress, index: number) => void;
    onEpoch: (job: TrainJob, p: EpochProgress, index: number) => void;
  } {
    const key = (job: TrainJob, index: number): ModelKey => ({ index, label: describeJob(job) });
    return {
      onBatch: (job, p, index) => this.batch(key(job, index), p, job.training.epochs),
      onEpoch: (job, p, index) => this.epoch(key(job, index), p),
    };
  }

  /** A batch finished: redraw if enough time has passed. */
  batch(model: ModelKey | undefined, progress: BatchProgress, epochs?: number): void {
    this.running.set(model?.index, { model, progress, ...(epochs !== undefined ? { epochs } : {}) });
    if (this.now() - this.lastDraw >= this.minIntervalMs) this.draw();
  }

  /** An epoch finished: add its row and redraw. */
  epoch(model: ModelKey | undefined, progress: EpochProgress): void {
    this.rows.push({ model, progress });
    this.running.delete(model?.index);
    this.draw();
  }

  /** Adds a line under the table (e.g. "d = 3 loaded from its checkpoint") and redraws. */
  note(line: string): void {
    this.notes.push(escapeHtml(line));
    this.draw();
  }

  /** The HTML currently shown. */
  html(): string {
    const showModel = this.rows.some((row) => row.model !== undefined) || [...this.running.keys()].some((index) => index !== undefined);
    const head = ['epoch', 'train MSE', 'validation MSE', 'images/s', 'seconds'];
    const header = (showModel ? ['model', ...head] : head).map((h) => `<th>${h}</th>`).join('');
    // By model, then epoch: parallel models finish epochs interleaved.
    const order = (model: ModelKey | undefined): number => model?.index ?? 0;
    const rows = [...this.rows].sort((a, b) => order(a.model) - order(b.model) || a.progress.epoch - b.progress.epoch);
    const body = rows.map(({ model, progress: p }) => {
      const cells = [
        `${p.epoch + 1}/${p.epochs}`,
        p.trainLoss.toFixed(5),
        `${p.valLoss.toFixed(5)}${p.isBest ? ' ★' : ''}`,
        Math.round(p.imagesPerSecond).toLocaleString('en-US'),
        p.trainSeconds.toFixed(1),
      ];
      return `<tr>${(showModel ? [escapeHtml(model?.label ?? ''), ...cells] : cells).map((c) => `<td>${c}</td>`).join('')}</tr>`;
    }).join('');
    const running = [...this.running.values()].sort((a, b) => order(a.model) - order(b.model)).map(({ model, progress: p, epochs }) => {
      const where = `${model !== undefined ? `${escapeHtml(model.label)}, ` : ''}epoch ${p.epoch + 1}${epochs !== undefined ? `/${epochs}` : ''}`;
      return `<div>${where} <progress value="${p.batch + 1}" max="${p.numBatches}"></progress> ` +
        `${p.batch + 1}/${p.numBatches} batches · batch MSE ${p.loss.toFixed(5)}</div>`;
    }).join('');
    const notes = this.notes.length === 0 ? '' : `<div>${this.notes.join('<br>')}</div>`;
    return `<div class="ae-progress"><b>${escapeHtml(this.options.title)}</b>${running}` +
      `<table><thead><tr>${header}</tr></thead><tbody>${body}</tbody></table>` +
      `${this.rows.length > 0 ? '<small>MSE per pixel on the [0, 1] scale; ★ = best validation MSE so far (the kept weights).</small>' : ''}${notes}</div>`;
  }

  private draw(): void {
    this.lastDraw = this.now();
    this.display.html(this.html());
  }
}
