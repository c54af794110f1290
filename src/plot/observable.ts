/**
 * Static charts of training results drawn by Observable Plot in Node. Each returns one standalone `<svg>`
 * string (with `xmlns`, title and legend inside it) that works as inline HTML in a notebook, in an exported
 * HTML page, and as a `figures/*.svg` file. Same input, same bytes: Plot's class name is a constant of its
 * version, and no mark used here draws markers, clip paths or patterns (whose ids come from global counters).
 */
// Plot is ESM-only; Node ≥ 20.19 require()s it and TypeScript ≥ 5.8 compiles this import to require().
// (`npm run build` calls the project's TypeScript 5.9 by path: node_modules/.bin/tsc is tslab's 5.0.)
import * as Plot from '@observablehq/plot';
import { bestEpoch, describeMsePoint, type LatentDimMse, type LossHistory, mseAxisLabel, mseSeries } from './results';
import { historyColors, integerTicks, seriesColor, spansMoreThanADecade } from './scales';
import { type SvgChartOptions, renderSvg } from './render';
import { DASH_ARRAY, type LegendEntry } from './svg-header';

export type { SvgChartOptions } from './render';

/**
 * Reconstruction error against latent dimension: one line with dots per split (a legend when there are
 * several), integer ticks on x, and y from 0 so differences between dimensions are not exaggerated.
 * Where a dim has several runs (seeds), the dot is their mean and a vertical bar spans their range.
 * Each dot has a <title>, a hover tooltip wherever the SVG is inline, naming the value `valueName`
 * (default `MSE`; the same chart draws accuracies and shares too, with their own `yLabel`).
 */
export function mseByLatentDimSvg(rows: readonly LatentDimMse[], options: SvgChartOptions & { xLabel?: string; yLabel?: string; valueName?: string } = {}): string {
  if (rows.length === 0) throw new Error('mseByLatentDimSvg: no rows to draw');
  const series = mseSeries(rows);
  const points = series.flatMap(({ split, rows: splitRows }) => splitRows.map((row) => ({ ...row, split })));
  const dims = points.map((point) => point.latentDim);
  const legend: LegendEntry[] =
    series.length > 1 ? series.map(({ split }, index) => ({ label: split, color: seriesColor(index), symbol: 'line with dots' })) : [];
  return renderSvg(
    {
      x: { label: options.xLabel ?? 'latent dimension', ticks: integerTicks(Math.min(...dims), Math.max(...dims)), tickFormat: 'd', inset: 12 },
      y: { label: options.yLabel ?? mseAxisLabel(series), zero: true, nice: true, grid: true },
      color: { domain: series.map(({ split }) => split), range: series.map((_, index) => seriesColor(index)) },
      marks: [
        Plot.ruleY([0]),
        Plot.ruleX(points.filter((point) => point.runs > 1), { x: 'latentDim', y1: 'min', y2: 'max', stroke: 'split', strokeWidth: 2 }),
        Plot.lineY(points, { x: 'latentDim', y: 'mse', z: 'split', stroke: 'split', strokeWidth: 1.5 }),
        Plot.dot(points, {
          x: 'latentDim',
          y: 'mse',
          fill: 'split',
          r: 3.5,
          title: (point: (typeof points)[number]) => `latent dimension ${point.latentDim}\n${point.split} ${options.valueName ?? 'MSE'} ${describeMsePoint(point)}`,
        }),
      ],
    },
    legend,
    options,
  );
}

/** One loss value of one run, the row shape Plot draws the loss curves from. */
interface LossPoint {
  label: string;
  epoch: number;
  loss: number;
}

/** Every (epoch, loss) of the chosen split, epochs counted from 1. */
function lossPoints(histories: readonly LossHistory[], split: 'trainLoss' | 'valLoss'): LossPoint[] {
  return histories.flatMap(({ label, [split]: losses }) => losses.map((loss, index) => ({ label, epoch: index + 1, loss })));
}

/**
 * Train (dashed) and validation (solid) loss per epoch, one color per run (on an ordered scale of latent dim
 * when every run has one, see historyColors), with a dot at each run's best
 * validation epoch (the one a best-epoch snapshot keeps, and the only mark left visible after a single epoch).
 * The y axis is logarithmic when the losses span more than a decade.
 */
export function lossCurvesSvg(histories: readonly LossHistory[], options: SvgChartOptions = {}): string {
  const train = lossPoints(histories, 'trainLoss');
  const validation = lossPoints(histories, 'valLoss');
  if (train.length + validation.length === 0) throw new Error('lossCurvesSvg: no losses to draw');
  const best = histories.flatMap(({ label, valLoss }) => {
    const epoch = bestEpoch(valLoss);
    return epoch === undefined ? [] : [{ label, epoch, loss: valLoss[epoch - 1]! }];
  });
  const labels = histories.map(({ label }) => label);
  const colors = historyColors(histories);
  const lastEpoch = Math.max(...histories.map(({ trainLoss, valLoss }) => Math.max(trainLoss.length, valLoss.length)));
  const legend: LegendEntry[] = [
    ...labels.map((label, index): LegendEntry => ({ label, color: colors[index]!, symbol: 'square' })),
    { label: 'train', color: 'currentColor', symbol: 'dashed line' },
    { label: 'validation', color: 'currentColor', symbol: 'line' },
    { label: 'best validation epoch', color: 'currentColor', symbol: 'dot' },
  ];
  const line = { x: 'epoch', y: 'loss', z: 'label', stroke: 'label', strokeWidth: 1.5 };
  return renderSvg(
    {
      x: { label: 'epoch', ticks: integerTicks(1, lastEpoch), tickFormat: 'd' },
      // '~g' rather than Plot's SI default for log ticks, which would print a loss of 0.04 as "40m".
      y: spansMoreThanADecade([...train, ...validation].map(({ loss }) => loss))
        ? { type: 'log', label: 'loss', grid: true, tickFormat: '~g' }
        : { label: 'loss', grid: true },
      color: { domain: labels, range: colors },
      marks: [
        Plot.lineY(train, { ...line, strokeDasharray: DASH_ARRAY, strokeOpacity: 0.8 }),
        Plot.lineY(validation, line),
        Plot.dot(best, {
          x: 'epoch',
          y: 'loss',
          fill: 'label',
          r: 3.5,
          title: (point: LossPoint) => `${point.label}\nbest validation loss ${point.loss.toFixed(5)} at epoch ${point.epoch}`,
        }),
      ],
    },
    legend,
    options,
  );
}
