/**
 * Interactive Plotly charts as self-contained HTML: the plotly.js bundle comes from node_modules and is
 * inlined, never fetched, so a figure works in a notebook, in exported HTML and from disk with no network.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { escapeHtml, escapeInlineScript } from './escape-html';

/** A Plotly figure as plain JSON-able data: traces, layout and config, as `Plotly.newPlot` takes them. */
export interface PlotlyFigure {
  data: object[];
  layout?: object;
  config?: object;
}

/** Where and how {@link plotlyFigureHtml} embeds a figure. */
export interface PlotlyFragmentOptions {
  /** Id of the chart's <div>; default derived from a hash of the figure. Give one to show the same figure twice on a page. */
  id?: string;
  /** Inline the plotly.js bundle (≈1.2 MB), loaded only where no earlier output already defined `window.Plotly`. */
  includeBundle: boolean;
  /** Static HTML or SVG shown where scripts don't run (GitHub's notebook view strips them); removed once Plotly has drawn. */
  fallback?: string;
}

/**
 * Config applied under every figure's own: resize with the container; no Plotly logo link; no "Share chart"
 * button (on by default in plotly.js 4, it uploads the figure's data to Plotly Cloud); no MathJax typesetting
 * (Jupyter pages load MathJax, and Plotly would hand any `$…$` in labels to it). The basic bundle has no map
 * traces, so nothing asks for topojson either.
 */
const OFFLINE_CONFIG = { responsive: true, displaylogo: false, showSendToCloud: false, typesetMath: false };

const VALID_ID = /^[A-Za-z][\w-]*$/;

let bundle: string | undefined;

/** The plotly.js basic bundle (scatter, bar, pie) from node_modules, read once. */
export function plotlyBundle(): string {
  return (bundle ??= fs.readFileSync(require.resolve('plotly.js-basic-dist-min'), 'utf8'));
}

/** A stable id for the figure's <div>: the same figure always gets the same id, so outputs don't churn in git. */
function figureId(figure: PlotlyFigure): string {
  return `plotly-${createHash('sha256').update(JSON.stringify(figure)).digest('hex').slice(0, 12)}`;
}

/**
 * An HTML fragment that draws `figure` with Plotly: the chart's <div>, the fallback in a sibling <div>, and
 * a <script> that (with `includeBundle`) defines `window.Plotly` from the inlined bundle unless it exists,
 * calls `Plotly.newPlot`, and then removes the fallback. No script or stylesheet is loaded from the network.
 */
export function plotlyFigureHtml(figure: PlotlyFigure, options: PlotlyFragmentOptions): string {
  const id = options.id ?? figureId(figure);
  if (!VALID_ID.test(id)) throw new Error(`plotlyFigureHtml: id must match ${VALID_ID}, got ${JSON.stringify(id)}`);
  const fallbackId = `${id}-fallback`;
  const plot = {
    data: figure.data,
    layout: figure.layout ?? {},
    config: { ...OFFLINE_CONFIG, ...figure.config },
  };
  const script = [
    ...(options.includeBundle ? ['if (typeof window.Plotly === "undefined") {', plotlyBundle(), '}'] : []),
    '(function () {',
    `  var figure = ${JSON.stringify(plot)};`,
    `  Plotly.newPlot(${JSON.stringify(id)}, figure.data, figure.layout, figure.config).then(function () {`,
    `    var fallback = document.getElementById(${JSON.stringify(fallbackId)});`,
    '    if (fallback) fallback.remove();',
    '  });',
    '})();',
  ].join('\n');
  return [
    '<div class="plotly-figure">',
    `<div id="${id}"></div>`,
    ...(options.fallback === undefined ? [] : [`<div id="${fallbackId}">${options.fallback}</div>`]),
    `<script>${escapeInlineScript(script)}</script>`,
    '</div>',
  ].join('\n');
}

/** A complete HTML page (bundle inlined) showing `figure`, for `figures/*.html` files opened from disk. */
export function plotlyStandaloneHtml(figure: PlotlyFigure, options: { title: string; fallback?: string }): string {
  const fragment = plotlyFigureHtml(figure, { includeBundle: true, ...(options.fallback === undefined ? {} : { fallback: options.fallback }) });
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(options.title)}</title>`,
    '<style>body { margin: 16px; font-family: system-ui, sans-serif; }</style>',
    '</head>',
    '<body>',
    fragment,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
