/**
 * Showing things in a notebook cell. This folder is the only code that knows tslab: the rest
 * of the library returns PNG buffers, SVG and HTML strings, and these functions put them in
 * the cell's output (and, for figures, into `figures/` under a stable name).
 */
import * as path from 'node:path';
import { envFolder } from '../util/env';
import { writeFileAtomic } from '../util/files';
import { findProjectRoot } from '../util/paths';
import { serializeSends } from './kernel-sends';

/** The part of tslab's `Display` this library uses; tests pass a recording fake. */
export interface DisplaySink {
  html(html: string): void;
  png(png: Uint8Array): void;
  svg(svg: string): void;
  markdown(markdown: string): void;
  text(text: string): void;
}

/** A display that can be overwritten in place: tslab's `newDisplay()`. */
export type UpdatableDisplay = DisplaySink;

interface TslabModule {
  display: DisplaySink;
  newDisplay(): UpdatableDisplay;
}

let tslab: TslabModule | undefined;

/** tslab's display API, loaded on first use (it pulls in a TypeScript compiler; only the kernel needs it). */
function tslabModule(): TslabModule {
  if (!tslab) {
    tslab = require('tslab') as TslabModule;
    // The zeromq that tslab's kernel sends with (see kernel-sends.ts).
    const zeromq = require(require.resolve('zeromq', { paths: [path.dirname(require.resolve('tslab/package.json'))] })) as { Publisher: { prototype: object } };
    serializeSends(zeromq.Publisher);
  }
  return tslab;
}

let sinkOverride: { display: DisplaySink; newDisplay: () => UpdatableDisplay } | undefined;

/** Routes all display calls to `sink` (tests, or a non-tslab front end); `undefined` restores tslab. */
export function setDisplaySink(sink: { display: DisplaySink; newDisplay: () => UpdatableDisplay } | undefined): void {
  sinkOverride = sink;
}

/** Where output goes now: the override, else tslab's display. */
export function currentDisplay(): DisplaySink {
  return sinkOverride?.display ?? tslabModule().display;
}

/** A fresh display that later calls overwrite in place (live progress). */
export function newUpdatableDisplay(): UpdatableDisplay {
  return sinkOverride?.newDisplay() ?? tslabModule().newDisplay();
}

/** The environment variable that sends figures elsewhere (the tests use it). */
export const FIGURES_DIR_ENV = 'AE_FIGURES_DIR';

/**
 * The folder figures are written to: `<project>/figures`, or `AE_FIGURES_DIR`.
 *
 * @throws Error (one line) naming the variable when it names a file.
 */
export function figuresDir(env: NodeJS.ProcessEnv = process.env): string {
  return envFolder(FIGURES_DIR_ENV, { mustExist: false }, env) ?? path.join(findProjectRoot(), 'figures');
}

/** Writes `contents` to `figures/<name>` (atomically) and returns the path. */
export function saveFigure(name: string, contents: Buffer | string): string {
  if (name !== path.basename(name) || name.startsWith('.')) throw new Error(`figure name must be a plain file name, got ${name}`);
  const file = path.join(figuresDir(), name);
  writeFileAtomic(file, contents);
  return file;
}

/** Shows a PNG in the cell and saves it as `figures/<name>` (a `.png` name). */
export function showPng(name: string, png: Buffer): void {
  saveFigure(name, png);
  currentDisplay().png(png);
}

/**
 * Shows an SVG in the cell and saves it as `figures/<name>` (a `.svg` name). It is shown as
 * inline HTML, not as an `image/svg+xml` output: nbconvert's HTML export sanitizes those and
 * strips the attributes (fill, viewBox, path data) a chart is drawn with.
 */
export function showSvg(name: string, svg: string): void {
  saveFigure(name, svg);
  currentDisplay().html(svg);
}

/** Shows an HTML fragment in the cell. */
export function showHtml(html: string): void {
  currentDisplay().html(html);
}

/** Shows Markdown in the cell (tables read better than console output). */
export function showMarkdown(markdown: string): void {
  currentDisplay().markdown(markdown);
}

/** A Markdown table from a header row and data rows. */
export function markdownTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
