/**
 * A grid of numbers by latent dimension: one row per case (e.g. a corruption level through one
 * model set), one column per latent dim, panels side by side for different measures; each cell
 * coloured by its value and labelled with it, so the file reads without a colour legend.
 */
// Plot is ESM-only; Node ≥ 20.19 require()s it (see observable.ts).
import * as Plot from '@observablehq/plot';
import { type SvgChartOptions, renderSvg } from './render';

/** One cell of {@link levelByDimHeatmapSvg}. */
export interface HeatmapCell {
  /** The panel the cell is in (panels side by side, in order of first appearance), e.g. what is measured. */
  panel: string;
  /** The row (rows top to bottom in order of first appearance), e.g. a corruption level and a model set. */
  row: string;
  latentDim: number;
  value: number;
  /** More about the value for its tooltip, e.g. its range over seeds. */
  note?: string;
}

/** Options of {@link levelByDimHeatmapSvg}. */
export interface HeatmapOptions extends SvgChartOptions {
  /** Values mapped from white to dark blue; beyond it the colour is clamped. Default [0, 1]. */
  domain?: readonly [number, number];
  /** Decimals of the printed values; default 2. */
  decimals?: number;
  xLabel?: string;
}

const ROW_HEIGHT = 22;
/** Wide enough for 11 px sans-serif row labels. */
const PIXELS_PER_CHARACTER = 6.2;

/**
 * The cells as a heatmap: latent dims across, rows down, one panel per measure.
 *
 * @throws Error for no cells, a non-finite value, or two cells in the same place.
 */
export function levelByDimHeatmapSvg(cells: readonly HeatmapCell[], options: HeatmapOptions = {}): string {
  if (cells.length === 0) throw new Error('levelByDimHeatmapSvg: no cells to draw');
  const seen = new Set<string>();
  for (const cell of cells) {
    if (!Number.isFinite(cell.value)) throw new Error(`levelByDimHeatmapSvg: "${cell.panel}", "${cell.row}", d = ${cell.latentDim} has value ${cell.value}`);
    const place = `${cell.panel}\u0000${cell.row}\u0000${cell.latentDim}`;
    if (seen.has(place)) throw new Error(`levelByDimHeatmapSvg: two cells for "${cell.panel}", "${cell.row}", d = ${cell.latentDim}`);
    seen.add(place);
  }
  const { domain = [0, 1], decimals = 2, xLabel = 'code size d', ...chart } = options;
  const unique = (values: readonly (string | number)[]) => [...new Set(values)];
  const panels = unique(cells.map((cell) => cell.panel)) as string[];
  const rows = unique(cells.map((cell) => cell.row)) as string[];
  const dims = (unique(cells.map((cell) => cell.latentDim)) as number[]).sort((a, b) => a - b);
  const dark = (cell: HeatmapCell) => (cell.value - domain[0]) / (domain[1] - domain[0]) > 0.55;
  const text = (cell: HeatmapCell) => cell.value.toFixed(decimals);
  const marginLeft = Math.ceil(12 + PIXELS_PER_CHARACTER * Math.max(...rows.map((row) => row.length)));
  return renderSvg({
    marginLeft,
    marginTop: 24,
    fx: { domain: panels, label: null, padding: 0.06 },
    x: { domain: dims, label: xLabel, tickFormat: (dim: number) => String(dim), padding: 0.04 },
    y: { domain: rows, label: null, padding: 0.06 },
    color: { type: 'linear', scheme: 'blues', domain: [...domain], clamp: true },
    marks: [
      Plot.cell(cells, {
        fx: 'panel', x: 'latentDim', y: 'row', fill: 'value',
        title: (cell: HeatmapCell) => `${cell.panel}\n${cell.row}, d = ${cell.latentDim}: ${text(cell)}${cell.note ? ` ${cell.note}` : ''}`,
      }),
      Plot.text(cells.filter(dark), { fx: 'panel', x: 'latentDim', y: 'row', text, fill: 'white', fontSize: 10 }),
      Plot.text(cells.filter((cell) => !dark(cell)), { fx: 'panel', x: 'latentDim', y: 'row', text, fill: 'black', fontSize: 10 }),
    ],
  }, [], { width: 960, height: 110 + ROW_HEIGHT * rows.length, ...chart });
}
