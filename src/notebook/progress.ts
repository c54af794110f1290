import { escapeHtml } from '../plot/escape-html';
import type { BatchProgress, EpochProgress } from '../train/fit';
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

interface EpochRow {
  dim: number | undefined;
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
  /** The epoch each model is in (several when a sweep trains in worker threads). */
  private readonly running = new Map<number | undefined, { dim: number | undefined; progress: BatchProgress; epochs?: number }>();
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

  /** Callbacks for {@link sweepLatentDims} (one model per latent dim). */
  forSweep(epochs: number): { onBatch: (dim: number, p: BatchProgress) => void; onEpoch: (dim: number, p: EpochProgress) => void } {
    return { onBatch: (dim, p) => this.batch(dim, p, epochs), onEpoch: (dim, p) => this.epoch(dim, p) };
  }

  /** A batch finished: redraw if enough time has passed. */
  batch(dim: number | undefined, progress: BatchProgress, epochs?: number): void {
    this.running.set(dim, { dim, progress, ...(epochs !== undefined ? { epochs } : {}) });
    if (this.now() - this.lastDraw >= this.minIntervalMs) this.draw();
  }

  /** An epoch finished: add its row and redraw. */
  epoch(dim: number | undefined, progress: EpochProgress): void {
    this.rows.push({ dim, progress });
    this.running.delete(dim);
    this.draw();
  }

  /** Adds a line under the table (e.g. "d = 3 loaded from its checkpoint") and redraws. */
  note(line: string): void {
    this.notes.push(escapeHtml(line));
    this.draw();
  }

  /** The HTML currently shown. */
  html(): string {
    const showDim = this.rows.some((row) => row.dim !== undefined) || [...this.running.keys()].some((dim) => dim !== undefined);
    const head = ['epoch', 'train MSE', 'test MSE', 'images/s', 'seconds'];
    const header = (showDim ? ['latent dim', ...head] : head).map((h) => `<th>${h}</th>`).join('');
    // By model, then epoch: parallel models finish epochs interleaved.
    const rows = [...this.rows].sort((a, b) => (a.dim ?? 0) - (b.dim ?? 0) || a.progress.epoch - b.progress.epoch);
    const body = rows.map(({ dim, progress: p }) => {
      const cells = [
        `${p.epoch + 1}/${p.epochs}`,
        p.trainLoss.toFixed(5),
        `${p.valLoss.toFixed(5)}${p.isBest ? ' ★' : ''}`,
        Math.round(p.imagesPerSecond).toLocaleString('en-US'),
        p.trainSeconds.toFixed(1),
      ];
      return `<tr>${(showDim ? [String(dim), ...cells] : cells).map((c) => `<td>${c}</td>`).join('')}</tr>`;
    }).join('');
    const running = [...this.running.values()].sort((a, b) => (a.dim ?? 0) - (b.dim ?? 0)).map(({ dim, progress: p, epochs }) => {
      const where = `${dim !== undefined ? `latent dim ${dim}, ` : ''}epoch ${p.epoch + 1}${epochs !== undefined ? `/${epochs}` : ''}`;
      return `<div>${where} <progress value="${p.batch + 1}" max="${p.numBatches}"></progress> ` +
        `${p.batch + 1}/${p.numBatches} batches · batch MSE ${p.loss.toFixed(5)}</div>`;
    }).join('');
    const notes = this.notes.length === 0 ? '' : `<div>${this.notes.join('<br>')}</div>`;
    return `<div class="ae-progress"><b>${escapeHtml(this.options.title)}</b>${running}` +
      `<table><thead><tr>${header}</tr></thead><tbody>${body}</tbody></table>` +
      `${this.rows.length > 0 ? '<small>MSE per pixel on the [0, 1] scale; ★ = best test MSE so far (the kept weights).</small>' : ''}${notes}</div>`;
  }

  private draw(): void {
    this.lastDraw = this.now();
    this.display.html(this.html());
  }
}
