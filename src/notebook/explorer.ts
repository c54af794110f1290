/** The decoder explorer in a notebook cell, and its files in figures/ (src/plot/decoder-explorer.ts). */
import type { ExplorerPart } from '../analysis/explorer-views';
import { type ExplorerView, decoderExplorerHtml, decoderExplorerPage } from '../plot/decoder-explorer';
import { escapeHtml } from '../plot/escape-html';
import { currentDisplay, saveFigure } from './display';

/**
 * Shows the decoder explorer of `parts` in the cell (one output: the tfjs bundle once for all
 * views) and writes it as `figures/<name>.html`, a page that works from disk, and each view's
 * still as `figures/<name>-<k>.png`, the fallback where scripts don't run (GitHub's view).
 * Returns the bytes the explorer adds to the notebook's page.
 */
export function showDecoderExplorer(name: string, parts: readonly ExplorerPart<ExplorerView>[]): number {
  const fallback = parts.map((part, k) => {
    saveFigure(`${name}-${k + 1}.png`, part.still);
    return `<figure style="margin: 0 0 1em"><img alt="${escapeHtml(part.stillCaption)}" src="data:image/png;base64,${part.still.toString('base64')}" style="max-width: 100%"></figure>`;
  }).join('\n');
  const views = parts.map((part) => part.view);
  const options = { id: `ae-explorer-${name.replace(/[^\w-]/g, '-')}`, fallback };
  // Built once: the page file wraps the very fragment the cell shows.
  const html = decoderExplorerHtml(views, options);
  saveFigure(`${name}.html`, decoderExplorerPage(html, name));
  currentDisplay().html(html);
  return Buffer.byteLength(html);
}
