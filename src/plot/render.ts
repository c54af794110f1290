/** Drawing one Observable Plot chart, below its own title and legend, into one standalone SVG string. */
// Plot is ESM-only; Node ≥ 20.19 require()s it and TypeScript ≥ 5.8 compiles this import to require().
import * as Plot from '@observablehq/plot';
import { chartDocument, serializeSvg } from './svg-document';
import { type ChartHeader, headerHeight, type LegendEntry, prependHeader } from './svg-header';

/** Size and title of a static chart. */
export interface SvgChartOptions {
  /** Drawn above the legend, inside the SVG; also the SVG's aria-label. */
  title?: string;
  /** Total width in pixels; default 640. The SVG scales down to narrower containers. */
  width?: number;
  /** Total height in pixels, title and legend included; default 400. */
  height?: number;
}

/** Renders `plotOptions` below a header in the same SVG, `options.height` tall in all, and serializes it. */
export function renderSvg(plotOptions: Plot.PlotOptions, legend: readonly LegendEntry[], options: SvgChartOptions): string {
  const { title, width = 640, height = 400 } = options;
  const header: ChartHeader = { legend, ...(title === undefined ? {} : { title }) };
  const chart = Plot.plot({
    ...plotOptions,
    document: chartDocument(),
    width,
    height: height - headerHeight(header, width),
    ...(title === undefined ? {} : { ariaLabel: title }),
  });
  // Plot wraps the SVG in a <figure> only for its own title, subtitle, caption or legend, none of which is used.
  if (chart.tagName !== 'svg') throw new Error(`expected Plot to return an <svg>, got <${chart.tagName}>`);
  const svg = chart as SVGSVGElement;
  prependHeader(svg, header);
  return serializeSvg(svg);
}

