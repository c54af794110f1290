import { escapeHtml } from './escape-html';
import { imageGridPng } from './image-grid';

/** One row of {@link labeledRowsHtml}: a label and its images ([0, 1] values, 28×28 each). */
export interface LabeledRow {
  label: string;
  images: Float32Array;
}

/**
 * All rows as one PNG grid, top to bottom (e.g. the originals, then the reconstructions at
 * latent dims 1..10), `columns` images per row: the file version of {@link labeledRowsHtml}.
 */
export function stackedRowsPng(rows: readonly LabeledRow[], columns: number): Buffer {
  const length = rows.reduce((sum, row) => sum + row.images.length, 0);
  const all = new Float32Array(length);
  let offset = 0;
  for (const row of rows) {
    all.set(row.images, offset);
    offset += row.images.length;
  }
  return imageGridPng(all, { columns });
}

/**
 * The same rows as HTML, each with its label at the left: one inline PNG per row (data URI),
 * so it needs no files and survives export to standalone HTML.
 */
export function labeledRowsHtml(rows: readonly LabeledRow[], columns: number, caption?: string): string {
  const body = rows.map((row) => {
    const png = imageGridPng(row.images, { columns }).toString('base64');
    return `<tr><th style="text-align:right;padding-right:8px;white-space:nowrap">${escapeHtml(row.label)}</th>` +
      `<td style="padding:0"><img alt="${escapeHtml(row.label)}" src="data:image/png;base64,${png}"></td></tr>`;
  }).join('');
  const figcaption = caption ? `<figcaption>${escapeHtml(caption)}</figcaption>` : '';
  return `<figure style="margin:0"><table style="border-collapse:collapse">${body}</table>${figcaption}</figure>`;
}
