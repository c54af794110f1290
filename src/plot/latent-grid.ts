import { PNG } from 'pngjs';
import { escapeHtml } from './escape-html';
import { imageGridPng } from './image-grid';
import { FIGURE_FONT, rasterizeSvg } from './raster';

/** One row of {@link stackedRowsPng} and {@link labeledRowsHtml}: a label and its images ([0, 1] values, 28×28 each). */
export interface LabeledRow {
  label: string;
  images: Float32Array;
  /**
   * A few words under each image (e.g. the digit the reader reads in it and how sure it is), one
   * per image; drawn in a band below the row.
   */
  captions?: readonly string[];
}

/** Words around a {@link stackedRowsPng} grid. */
export interface StackedRowsOptions {
  /** A line above everything, saying what the figure shows. */
  title?: string;
  /** One label above each column (e.g. the digit each column shows). */
  columnLabels?: readonly string[];
}

const FONT_SIZE = 14;
const TITLE_HEIGHT = 28;
const COLUMN_LABEL_HEIGHT = 20;
const CAPTION_HEIGHT = 16;
const CAPTION_FONT_SIZE = 12;

/** Throws unless `row` has no captions or one per image. */
function checkCaptions(row: LabeledRow, where: string): void {
  if (row.captions === undefined) return;
  const images = row.images.length / (28 * 28);
  if (row.captions.length !== images) throw new Error(`${where}: row "${row.label}" has ${row.captions.length} captions for ${images} images`);
}
/** Wide enough for Noto Sans at 14 px, with room to spare (about 7.6 px per character there). */
const PIXELS_PER_CHARACTER = 8.5;

/**
 * All rows as one PNG, top to bottom (e.g. the originals, then the reconstructions at latent dims
 * 1..10), `columns` images per row, each row's label at its left and the optional title and
 * column labels above: a figure that reads on its own, outside the notebook. The file version of
 * {@link labeledRowsHtml}.
 */
export function stackedRowsPng(rows: readonly LabeledRow[], columns: number, options: StackedRowsOptions = {}): Buffer {
  if (rows.length === 0) throw new Error('stackedRowsPng: no rows to draw');
  const { title, columnLabels } = options;
  if (columnLabels && columnLabels.length !== columns) {
    throw new Error(`stackedRowsPng: ${columnLabels.length} column labels for ${columns} columns`);
  }
  for (const row of rows) checkCaptions(row, 'stackedRowsPng');
  const grids = rows.map((row) => PNG.sync.read(imageGridPng(row.images, { columns })));
  const gridWidth = Math.max(...grids.map((grid) => grid.width));
  const labelWidth = Math.ceil(16 + PIXELS_PER_CHARACTER * Math.max(...rows.map((row) => row.label.length)));
  const top = (title ? TITLE_HEIGHT : 0) + (columnLabels ? COLUMN_LABEL_HEIGHT : 0);
  const width = Math.max(labelWidth + gridWidth, title ? Math.ceil(16 + PIXELS_PER_CHARACTER * title.length) : 0);
  const captionBand = (row: LabeledRow) => (row.captions ? CAPTION_HEIGHT : 0);
  // Rows share their 2-pixel border; a row with captions has its band below it.
  const height = top + grids.reduce((sum, grid, index) => sum + grid.height + captionBand(rows[index]!), 0) - (grids.length - 1) * 2;

  // The words, drawn by resvg; the images are then copied in pixel for pixel.
  const text: string[] = [];
  if (title) text.push(`<text x="8" y="${TITLE_HEIGHT - 9}" font-size="${FONT_SIZE + 1}">${escapeHtml(title)}</text>`);
  const tile = (gridWidth - 2) / columns;
  columnLabels?.forEach((label, column) => {
    text.push(`<text x="${labelWidth + 2 + (column + 0.5) * tile}" y="${top - 5}" text-anchor="middle" font-size="${FONT_SIZE}">${escapeHtml(label)}</text>`);
  });
  let y = top;
  const rowTops: number[] = [];
  for (const [index, grid] of grids.entries()) {
    rowTops.push(y);
    text.push(`<text x="${labelWidth - 8}" y="${y + grid.height / 2 + FONT_SIZE * 0.35}" text-anchor="end" font-size="${FONT_SIZE}">${escapeHtml(rows[index]!.label)}</text>`);
    rows[index]!.captions?.forEach((caption, k) => {
      const x = labelWidth + 2 + ((k % columns) + 0.5) * tile;
      text.push(`<text x="${x}" y="${y + grid.height + CAPTION_HEIGHT - 5}" text-anchor="middle" font-size="${CAPTION_FONT_SIZE}">${escapeHtml(caption)}</text>`);
    });
    y += grid.height - 2 + captionBand(rows[index]!);
  }
  const words = rasterizeSvg(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="${FIGURE_FONT.family}">` +
    `<rect width="${width}" height="${height}" fill="white"/>${text.join('')}</svg>`,
  );
  const png = new PNG({ width, height, colorType: 0 });
  for (let k = 0; k < width * height; k++) {
    png.data[k * 4] = png.data[k * 4 + 1] = png.data[k * 4 + 2] = words.pixels[k * 4]!; // black on white: one channel says it all
    png.data[k * 4 + 3] = 255;
  }
  for (const [index, grid] of grids.entries()) {
    for (let row = 0; row < grid.height; row++) {
      const from = row * grid.width * 4;
      png.data.set(grid.data.subarray(from, from + grid.width * 4), ((rowTops[index]! + row) * width + labelWidth) * 4);
    }
  }
  return PNG.sync.write(png, { colorType: 0 });
}

/**
 * The same rows as HTML, each with its label at the left: one inline PNG per row (data URI),
 * so it needs no files and survives export to standalone HTML.
 */
export function labeledRowsHtml(rows: readonly LabeledRow[], columns: number, caption?: string): string {
  const body = rows.map((row) => {
    checkCaptions(row, 'labeledRowsHtml');
    const png = imageGridPng(row.images, { columns }).toString('base64');
    // One cell per tile (3 px per image pixel, 2 px gaps: imageGridPng's defaults).
    const captions = row.captions
      ? `<div style="display:grid;grid-template-columns:repeat(${columns},86px);padding-left:2px;font-size:12px;text-align:center">` +
        `${row.captions.map((text) => `<span>${escapeHtml(text)}</span>`).join('')}</div>`
      : '';
    return `<tr><th style="text-align:right;padding-right:8px;white-space:nowrap">${escapeHtml(row.label)}</th>` +
      `<td style="padding:0"><img alt="${escapeHtml(row.label)}" src="data:image/png;base64,${png}">${captions}</td></tr>`;
  }).join('');
  const figcaption = caption ? `<figcaption>${escapeHtml(caption)}</figcaption>` : '';
  return `<figure style="margin:0"><table style="border-collapse:collapse">${body}</table>${figcaption}</figure>`;
}
