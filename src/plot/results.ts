/** The plain data the charts draw: results of the latent-dimension sweep and of training runs. */

/** Reconstruction error of the model with `latentDim` latent units, measured on one split. */
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
  trainLoss: readonly number[];
  valLoss: readonly number[];
}

/** The rows of one split, in latent-dimension order so a line through them reads left to right. */
export interface MseSeries {
  split: string;
  rows: LatentDimMse[];
}

/** Splits the rows by `split`, in order of first appearance so colors don't depend on the spelling of split names. */
export function mseSeries(rows: readonly LatentDimMse[]): MseSeries[] {
  const bySplit = new Map<string, LatentDimMse[]>();
  for (const row of rows) {
    const split = row.split ?? 'test';
    const splitRows = bySplit.get(split) ?? [];
    splitRows.push(row);
    bySplit.set(split, splitRows);
  }
  return [...bySplit].map(([split, splitRows]) => ({ split, rows: splitRows.sort((a, b) => a.latentDim - b.latentDim) }));
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
