/** The plain data the charts draw: results of the latent-dimension sweep and of training runs. */
import { runSpread } from '../util/spread';

/**
 * Reconstruction error of the model with `latentDim` latent units, measured on one split. Several
 * rows for the same dim and split are runs with different seeds: the charts draw their mean and
 * their range.
 */
export interface LatentDimMse {
  latentDim: number;
  /** Mean squared error per pixel, pixels in [0, 1]. */
  mse: number;
  /** Which data the error was measured on, e.g. 'test' or 'train'; absent means test. */
  split?: string;
}

/** Per-epoch losses of one training run; index 0 is epoch 1. */
export interface LossHistory {
  label: string;
  /**
   * The run's latent dim. When every run of a chart has one, the runs are coloured on an
   * ordered scale of it, so that neighbouring dims get neighbouring colours.
   */
  latentDim?: number;
  trainLoss: readonly number[];
  valLoss: readonly number[];
}

/** One latent dim of one split: the mean over its runs (seeds), and their range. */
export interface MsePoint {
  latentDim: number;
  /** Mean over the runs. */
  mse: number;
  min: number;
  max: number;
  /** How many runs (seeds). */
  runs: number;
}

/** The points of one split, in latent-dimension order so a line through them reads left to right. */
export interface MseSeries {
  split: string;
  rows: MsePoint[];
}

/**
 * Splits the rows by `split`, in order of first appearance so colors don't depend on the
 * spelling of split names, and gathers the runs of each latent dim into their mean and range.
 *
 * One line is means of several seeds at every point, or single runs at every point, never both:
 * a line that mixed them would draw a step between a mean and one run as if it were a trend.
 *
 * @throws Error (one line) when a split has one run at some dims and several at others.
 */
export function mseSeries(rows: readonly LatentDimMse[]): MseSeries[] {
  const bySplit = new Map<string, Map<number, number[]>>();
  for (const row of rows) {
    const split = row.split ?? 'test';
    const byDim = bySplit.get(split) ?? new Map<number, number[]>();
    byDim.set(row.latentDim, [...(byDim.get(row.latentDim) ?? []), row.mse]);
    bySplit.set(split, byDim);
  }
  for (const [split, byDim] of bySplit) {
    const single = [...byDim].filter(([, values]) => values.length === 1).map(([dim]) => dim);
    if (single.length > 0 && single.length < byDim.size) {
      const several = [...byDim].filter(([, values]) => values.length > 1).map(([dim]) => dim);
      throw new Error(`the ${split} rows mix several seeds (d = ${several.join(', ')}) with single runs (d = ${single.join(', ')}): one line must be means at every point or single runs at every point`);
    }
  }
  return [...bySplit].map(([split, byDim]) => ({
    split,
    rows: [...byDim].sort(([a], [b]) => a - b).map(([latentDim, values]) => {
      const { mean, min, max, runs } = runSpread(values);
      return { latentDim, mse: mean, min, max, runs };
    }),
  }));
}

/** A point's value for a tooltip: the MSE, and with several runs their count and range. */
export function describeMsePoint(point: MsePoint): string {
  return point.runs === 1
    ? point.mse.toFixed(5)
    : `${point.mse.toFixed(5)} (mean of ${point.runs} seeds, ${point.min.toFixed(5)}–${point.max.toFixed(5)})`;
}

/** The y-axis label of an MSE chart: it names the split only when the chart shows test error alone. */
export function mseAxisLabel(series: readonly MseSeries[]): string {
  return series.length === 1 && series[0]!.split === 'test' ? 'test MSE per pixel' : 'MSE per pixel';
}

/** The 1-based epoch with the lowest loss (the one a best-epoch snapshot keeps), or undefined if no loss is finite. */
export function bestEpoch(losses: readonly number[]): number | undefined {
  let best: number | undefined;
  losses.forEach((loss, index) => {
    if (Number.isFinite(loss) && (best === undefined || loss < losses[best - 1]!)) best = index + 1;
  });
  return best;
}
