/** Interactive versions of the static charts in `observable.ts`: same data, colors, scales and ticks. */
import type { PlotlyFigure } from './plotly';
import { bestEpoch, describeMsePoint, type LatentDimMse, type LossHistory, mseAxisLabel, mseSeries } from './results';
import { historyColors, integerTicks, SERIES_COLORS, seriesColor, spansMoreThanADecade } from './scales';

/** Layout shared by the figures: Plot's font and palette, so a figure looks like its static fallback. */
const BASE_LAYOUT = {
  font: { family: 'system-ui, sans-serif', size: 12 },
  colorway: SERIES_COLORS,
  margin: { l: 60, r: 20, t: 50, b: 50 },
  hovermode: 'closest',
  height: 420,
};

/** Epochs 1, 2, … for a list of per-epoch values. */
function epochs(values: readonly number[]): number[] {
  return values.map((_, index) => index + 1);
}

/**
 * Train (dashed) and validation (solid) loss per epoch, one color per run (on an ordered scale of latent dim
 * when every run has one, see historyColors), with a dot at each run's best
 * validation epoch. Hovering shows the epoch and the loss to 5 decimals; clicking a run in the legend hides
 * all three of its traces. The y axis is logarithmic when the losses span more than a decade.
 */
export function lossCurvesPlotly(histories: readonly LossHistory[]): PlotlyFigure {
  const colors = historyColors(histories);
  const data = histories.flatMap(({ label, trainLoss, valLoss }, index) => {
    const color = colors[index]!;
    const trace = { type: 'scatter', legendgroup: label, hovertemplate: `epoch %{x}<br>loss %{y:.5f}<extra>${label} %{meta}</extra>` };
    const best = bestEpoch(valLoss);
    return [
      { ...trace, meta: 'validation', name: label, x: epochs(valLoss), y: valLoss, mode: 'lines', line: { color, width: 2 } },
      { ...trace, meta: 'train', name: `${label} train`, showlegend: false, x: epochs(trainLoss), y: trainLoss, mode: 'lines', line: { color, width: 1.5, dash: 'dash' } },
      ...(best === undefined
        ? []
        : [{ ...trace, meta: 'best validation', name: `${label} best`, showlegend: false, x: [best], y: [valLoss[best - 1]], mode: 'markers', marker: { color, size: 8 } }]),
    ];
  });
  const losses = histories.flatMap(({ trainLoss, valLoss }) => [...trainLoss, ...valLoss]);
  const lastEpoch = Math.max(0, ...histories.map(({ trainLoss, valLoss }) => Math.max(trainLoss.length, valLoss.length)));
  return {
    data,
    layout: {
      ...BASE_LAYOUT,
      xaxis: { title: { text: 'epoch' }, tickmode: 'array', tickvals: integerTicks(1, lastEpoch) },
      yaxis: { title: { text: 'loss' }, type: spansMoreThanADecade(losses) ? 'log' : 'linear' },
      legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom', title: { text: 'solid: validation, dashed: train  ' } },
    },
  };
}

/**
 * Reconstruction error against latent dimension, one line with markers per split, y from 0. Hovering shows
 * the dimension and the MSE to 5 decimals.
 */
export function mseByLatentDimPlotly(rows: readonly LatentDimMse[]): PlotlyFigure {
  const series = mseSeries(rows);
  const dims = rows.map(({ latentDim }) => latentDim);
  return {
    data: series.map(({ split, rows: splitRows }, index) => ({
      type: 'scatter',
      mode: 'lines+markers',
      name: split,
      x: splitRows.map(({ latentDim }) => latentDim),
      y: splitRows.map(({ mse }) => mse),
      // Several runs (seeds) of a dim: the mean, with a bar over their range.
      ...(splitRows.some(({ runs }) => runs > 1) ? {
        error_y: {
          type: 'data', symmetric: false, color: seriesColor(index),
          array: splitRows.map(({ mse, max }) => max - mse), arrayminus: splitRows.map(({ mse, min }) => mse - min),
        },
      } : {}),
      customdata: splitRows.map(describeMsePoint),
      line: { color: seriesColor(index), width: 2 },
      marker: { size: 7 },
      hovertemplate: `latent dimension %{x}<br>${split} MSE %{customdata}<extra></extra>`,
    })),
    layout: {
      ...BASE_LAYOUT,
      showlegend: series.length > 1,
      xaxis: { title: { text: 'latent dimension' }, tickmode: 'array', tickvals: integerTicks(Math.min(...dims), Math.max(...dims)) },
      yaxis: { title: { text: mseAxisLabel(series) }, rangemode: 'tozero' },
    },
  };
}
