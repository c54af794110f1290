/** The browser trainer in a notebook cell (src/trainer/page-html.ts), with its still where scripts don't run. */
import { escapeHtml } from '../plot/escape-html';
import type { TrainerData } from '../trainer/job';
import { type TrainerSizes, trainerHtml } from '../trainer/page-html';
import { currentDisplay } from './display';

/** Options of {@link showTrainer}. */
export interface ShowTrainerOptions {
  /** The still shown where scripts don't run (a PNG, labels inside). */
  still: Buffer;
  /** One line saying what the still shows (its alt text and caption). */
  stillCaption: string;
  /** Where the reader finds the page that trains (said under the still). */
  pagePath: string;
}

/**
 * Shows the trainer `name` in the cell, over `data`. Where scripts don't run (GitHub's view of the
 * notebook), its still shows instead, with a line saying how to open the page that trains.
 * Returns the fragment's size budget.
 */
export function showTrainer(name: string, data: TrainerData, options: ShowTrainerOptions): TrainerSizes {
  const fallback = [
    `<figure style="margin: 0 0 1em"><img alt="${escapeHtml(options.stillCaption)}" src="data:image/png;base64,${options.still.toString('base64')}" style="max-width: 100%">`,
    `<figcaption>${escapeHtml(options.stillCaption)}</figcaption></figure>`,
    `<p><strong>This is a still: scripts do not run here.</strong> To train in your browser, open <code>${escapeHtml(options.pagePath)}</code> `
      + 'from a copy of this repository (or from the site it is published on) in a current browser: it needs no install and no network.</p>',
  ].join('\n');
  const { html, sizes } = trainerHtml(data, { id: `ae-trainer-${name.replace(/[^\w-]/g, '-')}`, fallback });
  currentDisplay().html(html);
  return sizes;
}
