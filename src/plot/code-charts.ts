/**
 * Pictures of the latent code itself: where the test images land on a 2-D code plane, and along
 * a 1-D code axis, coloured by digit (Observable Plot, one standalone SVG each).
 */
// Plot is ESM-only; Node ≥ 20.19 require()s it (see observable.ts).
import * as Plot from '@observablehq/plot';
import { type SvgChartOptions, renderSvg } from './render';
import { SERIES_COLORS } from './scales';
import type { LegendEntry } from './svg-header';

/** One image's code: one or two numbers, and its digit. */
export interface CodePoint {
  x: number;
  /** The second code number (2-D codes only). */
  y?: number;
  digit: number;
}

const DIGITS = Array.from({ length: 10 }, (_, digit) => digit);

function digitLegend(): LegendEntry[] {
  return DIGITS.map((digit) => ({ label: String(digit), color: SERIES_COLORS[digit]!, symbol: 'dot' }));
}

function checkPoints(points: readonly CodePoint[], what: string): void {
  if (points.length === 0) throw new Error(`${what}: no points to draw`);
  for (const point of points) {
    if (!Number.isInteger(point.digit) || point.digit < 0 || point.digit > 9) throw new Error(`${what}: digit ${point.digit} is not 0..9`);
  }
}

/**
 * 2-D codes, one small dot per image coloured by its digit (a legend of the ten colours on top);
 * `highlight`, if given, is circled in black.
 */
export function codePlaneSvg(points: readonly CodePoint[], options: SvgChartOptions & { highlight?: { x: number; y: number } } = {}): string {
  checkPoints(points, 'codePlaneSvg');
  if (points.some((point) => point.y === undefined)) throw new Error('codePlaneSvg: every point needs a second code number y');
  const { highlight, ...chart } = options;
  return renderSvg({
    x: { label: 'code number 1', grid: true },
    y: { label: 'code number 2', grid: true },
    color: { domain: DIGITS, range: SERIES_COLORS },
    marks: [
      Plot.dot(points, { x: 'x', y: 'y', fill: 'digit', r: 1.6, fillOpacity: 0.7 }),
      ...(highlight === undefined ? [] : [Plot.dot([highlight], { x: 'x', y: 'y', r: 7, stroke: 'black', strokeWidth: 2, fill: 'none' })]),
    ],
  }, digitLegend(), { height: 560, ...chart });
}

/** 1-D codes: one row per digit, a thin tick per image at its code, so each digit's stretch of the axis shows. */
export function codeAxisSvg(points: readonly CodePoint[], options: SvgChartOptions = {}): string {
  checkPoints(points, 'codeAxisSvg');
  return renderSvg({
    x: { label: 'the code (one number)', grid: true },
    y: { label: 'digit', domain: DIGITS, type: 'band' },
    color: { domain: DIGITS, range: SERIES_COLORS },
    marks: [Plot.tickX(points, { x: 'x', y: 'digit', stroke: 'digit', strokeOpacity: 0.35 })],
  }, [], { height: 320, ...options });
}
