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
  /**
   * One row per model instead of one per epoch: its latest epoch, its best validation MSE so far
   * and its seconds in all. For plans of many models, whose full table would run to hundreds of
   * rows (each checkpoint keeps the whole history).
   */
  rowPerModel?: boolean;
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
    const order = (model: ModelKey | undefined): number => model?.index ?? 0;
    const running = [...this.running.values()].sort((a, b) => order(a.model) - order(b.model)).map(({ model, progress: p, epochs }) => {
      const where = `${model !== undefined ? `${escapeHtml(model.label)}, ` : ''}epoch ${p.epoch + 1}${epochs !== undefined ? `/${epochs}` : ''}`;
      return `<div>${where} <progress value="${p.batch + 1}" max="${p.numBatches}"></progress> ` +
        `${p.batch + 1}/${p.numBatches} batches · batch MSE ${p.loss.toFixed(5)}</div>`;
    }).join('');
    const table = this.options.rowPerModel ? this.modelTable(order) : this.epochTable(showModel, order);
    const notes = this.notes.length === 0 ? '' : `<div>${this.notes.join('<br>')}</div>`;
    return `<div class="ae-progress"><b>${escapeHtml(this.options.title)}</b>${running}${table}` +
      `${this.rows.length > 0 ? '<small>MSE per pixel on the [0, 1] scale; ★ = best validation MSE so far (the kept weights).</small>' : ''}${notes}</div>`;
  }

  /** One row per finished epoch, by model then epoch (parallel models finish epochs interleaved). */
  private epochTable(showModel: boolean, order: (model: ModelKey | undefined) => number): string {
    const head = ['epoch', 'train MSE', 'validation MSE', 'images/s', 'seconds'];
    const rows = [...this.rows].sort((a, b) => order(a.model) - order(b.model) || a.progress.epoch - b.progress.epoch);
    const body = rows.map(({ model, progress: p }) => {
      const cells = [
        `${p.epoch + 1}/${p.epochs}`,
        p.trainLoss.toFixed(5),
        `${p.valLoss.toFixed(5)}${p.isBest ? ' ★' : ''}`,
        Math.round(p.imagesPerSecond).toLocaleString('en-US'),
        p.trainSeconds.toFixed(1),
      ];
      return tableRow(showModel ? [escapeHtml(model?.label ?? ''), ...cells] : cells);
    }).join('');
    return table(showModel ? ['model', ...head] : head, body);
  }

  /** One row per model: its latest epoch, its best validation MSE so far, its seconds in all. */
  private modelTable(order: (model: ModelKey | undefined) => number): string {
    const byModel = new Map<number | undefined, EpochRow[]>();
    for (const row of this.rows) byModel.set(row.model?.index, [...(byModel.get(row.model?.index) ?? []), row]);
    const groups = [...byModel.values()].sort((a, b) => order(a[0]!.model) - order(b[0]!.model));
    const body = groups.map((rows) => {
      const latest = rows.reduce((a, b) => (b.progress.epoch > a.progress.epoch ? b : a)).progress;
      const best = rows.reduce((a, b) => (b.progress.valLoss < a.progress.valLoss ? b : a)).progress;
      return tableRow([
        escapeHtml(rows[0]!.model?.label ?? ''),
        `${latest.epoch + 1}/${latest.epochs}`,
        latest.trainLoss.toFixed(5),
        `${latest.valLoss.toFixed(5)}${latest.isBest ? ' ★' : ''}`,
        `${best.valLoss.toFixed(5)} (epoch ${best.epoch + 1})`,
        Math.round(latest.imagesPerSecond).toLocaleString('en-US'),
        rows.reduce((sum, row) => sum + row.progress.trainSeconds, 0).toFixed(1),
      ]);
    }).join('');
    return table(['model', 'epochs', 'train MSE', 'validation MSE', 'best validation MSE', 'images/s', 'seconds in all'], body);
  }

  private draw(): void {
    this.lastDraw = this.now();
    this.display.html(this.html());
  }
}

function tableRow(cells: readonly (string | number)[]): string {
  return `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;
}

function table(head: readonly string[], body: string): string {
  return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table>`;
}
