/**
 * ROC curves of anomaly detectors, one per normal class, on one square chart with the chance
 * diagonal: a static SVG (Observable Plot) and its interactive Plotly twin, same colors.
 */
// Plot is ESM-only; Node ≥ 20.19 require()s it (see observable.ts).
import * as Plot from '@observablehq/plot';
import type { PlotlyFigure } from './plotly';
import { type SvgChartOptions, renderSvg } from './render';
import { seriesColor } from './scales';
import type { LegendEntry } from './svg-header';

/** One point of a ROC curve (the shape of analysis' `rocCurve` points; plot imports nothing from analysis). */
export interface RocPoint {
  /** The score at or above which an image is flagged (Infinity at the (0, 0) corner). */
  threshold: number;
  falsePositiveRate: number;
  truePositiveRate: number;
}

/** One detector's curve: its name in the legend (with its AUROC, say) and its points from (0, 0) to (1, 1). */
export interface RocSeries {
  label: string;
  points: readonly RocPoint[];
}

function checkSeries(series: readonly RocSeries[], what: string): void {
  if (series.length === 0) throw new Error(`${what}: no curves to draw`);
  const labels = series.map(({ label }) => label);
  const repeated = labels.find((label, index) => labels.indexOf(label) !== index);
  if (repeated !== undefined) throw new Error(`${what}: two curves are labelled "${repeated}" (a label names one curve)`);
  for (const { label, points } of series) {
    if (points.length < 2) throw new Error(`${what}: the curve "${label}" has ${points.length} point(s), needs at least 2`);
  }
}

const AXES = { x: 'share of normal images flagged (false-positive rate)', y: 'share of anomalies flagged (true-positive rate)' };

/** The curves as lines on the unit square, a dashed diagonal for chance, one color per curve (the legend on top). */
export function rocCurvesSvg(series: readonly RocSeries[], options: SvgChartOptions = {}): string {
  checkSeries(series, 'rocCurvesSvg');
  const points = series.flatMap(({ label, points: curve }) => curve.map((point) => ({ label, x: point.falsePositiveRate, y: point.truePositiveRate })));
  const legend: LegendEntry[] = series.map(({ label }, index) => ({ label, color: seriesColor(index), symbol: 'line' }));
  return renderSvg({
    x: { label: AXES.x, domain: [0, 1], grid: true },
    y: { label: AXES.y, domain: [0, 1], grid: true },
    color: { domain: series.map(({ label }) => label), range: series.map((_, index) => seriesColor(index)) },
    marks: [
      Plot.line([[0, 0], [1, 1]], { stroke: '#888', strokeDasharray: '4,4' }),
      // Named in the figure itself, as the Plotly twin names it in its legend. The plot area is
      // 580 px wide and, below a title and legend of a few lines, about 510–540 px tall, so the
      // diagonal climbs at 41–43° on screen: -41 follows it to within a couple of degrees.
      Plot.text([[0.75, 0.75]], { text: () => 'chance (AUROC 0.5)', rotate: -41, dy: 12, fill: '#666', fontSize: 11 }),
      Plot.line(points, { x: 'x', y: 'y', z: 'label', stroke: 'label', strokeWidth: 1.5 }),
    ],
  }, legend, { width: 640, height: 640, ...options });
}

/**
 * The same curves in Plotly: hovering shows the rates and the threshold (an image scoring at or
 * above it is flagged); clicking a curve in the legend hides it. `legendTitle` names what the
 * curves are (e.g. "normal digit").
 */
export function rocCurvesPlotly(series: readonly RocSeries[], options: { legendTitle?: string } = {}): PlotlyFigure {
  checkSeries(series, 'rocCurvesPlotly');
  return {
    data: [
      { type: 'scatter', mode: 'lines', name: 'chance', x: [0, 1], y: [0, 1], line: { color: '#888', dash: 'dash', width: 1 }, hoverinfo: 'skip' },
      ...series.map(({ label, points }, index) => ({
        type: 'scatter', mode: 'lines', name: label,
        x: points.map((point) => point.falsePositiveRate),
        y: points.map((point) => point.truePositiveRate),
        customdata: points.map((point) => (Number.isFinite(point.threshold) ? point.threshold.toPrecision(4) : 'none')),
        line: { color: seriesColor(index), width: 2 },
        hovertemplate: `false positives %{x:.3f}<br>true positives %{y:.3f}<br>flagged at score ≥ %{customdata}<extra>${label}</extra>`,
      })),
    ],
    layout: {
      font: { family: 'system-ui, sans-serif', size: 12 },
      margin: { l: 60, r: 20, t: 30, b: 50 },
      hovermode: 'closest',
      height: 560,
      xaxis: { title: { text: AXES.x }, range: [0, 1], constrain: 'domain' },
      yaxis: { title: { text: AXES.y }, range: [0, 1], scaleanchor: 'x' },
      ...(options.legendTitle !== undefined ? { legend: { title: { text: options.legendTitle } } } : {}),
    },
  };
}
