import { type PlotlyFigure, plotlyFigureHtml, plotlyStandaloneHtml } from '../plot/plotly';
import { currentDisplay, saveFigure } from './display';

/**
 * Shows an interactive Plotly chart in the cell and writes it as a standalone page
 * `figures/<name>.html`. Every chart carries the plotly.js bundle (≈1.2 MB, from node_modules,
 * loaded only where no earlier output defined it), so it still works after any other output is
 * cleared or re-run. `fallback` (an SVG) is what readers see where scripts don't run, such as
 * GitHub's static notebook view.
 */
export function showPlotly(name: string, figure: PlotlyFigure, fallback?: string): void {
  const options = fallback === undefined ? {} : { fallback };
  saveFigure(`${name}.html`, plotlyStandaloneHtml(figure, { title: name, ...options }));
  currentDisplay().html(plotlyFigureHtml(figure, { includeBundle: true, ...options }));
}
