/**
 * The one notebook serializer of the tools (nbformat 4), pure functions, no Jupyter needed:
 *
 * - {@link normalizeNotebook}: makes an executed notebook fit to commit (stable execution counts,
 *   no machine paths, no timestamps);
 * - {@link serializeNotebook}: writes it the way Jupyter itself does (nbformat's `writes`), so that
 *   saving the notebook again from the Jupyter UI changes nothing;
 * - the small readers the other tools share (cells, outputs, multi-line text).
 */

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | JsonObject;
/** A JSON object. */
export interface JsonObject {
  [key: string]: Json;
}

/** Cell metadata written by execution tools: timestamps and timings, never content. */
const VOLATILE_CELL_METADATA = [
  'execution', // nbclient/nbconvert: iopub.status.busy/idle, shell.execute_reply timestamps
  'ExecuteTime', // jupyter_contrib_nbextensions' ExecuteTime
  'papermill', // papermill: start_time, end_time, duration, status, exception
  'trusted', // Jupyter's transient trust flag (nbformat strips it too)
];

/** Notebook metadata written by execution tools or transient (nbformat's strip_transient). */
const VOLATILE_NOTEBOOK_METADATA = ['papermill', 'signature', 'orig_nbformat', 'orig_nbformat_minor'];

/** MIME types whose string values nbformat stores as lists of lines (besides `text/*`). */
const SPLIT_NON_TEXT_MIMES = new Set(['application/javascript', 'image/svg+xml']);

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function cellsOf(nb: JsonObject): JsonObject[] {
  return Array.isArray(nb['cells']) ? nb['cells'].filter(isObject) : [];
}

export function outputsOf(cell: JsonObject): JsonObject[] {
  return Array.isArray(cell['outputs']) ? cell['outputs'].filter(isObject) : [];
}

/** A multi-line field as one string, whether stored as a string or as a list of lines. */
export function joinLines(value: Json | undefined): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((line) => typeof line === 'string')) return value.join('');
  return '';
}

/** Python's `str.splitlines(True)`: the line boundaries nbformat splits on, ends kept. */
export function splitLinesKeepEnds(text: string): string[] {
  const lines: string[] = [];
  const boundary = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/g;
  let start = 0;
  for (let match = boundary.exec(text); match !== null; match = boundary.exec(text)) {
    lines.push(text.slice(start, match.index + match[0].length));
    start = match.index + match[0].length;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** JSON MIME types nbformat leaves alone (`application/json`, `application/*+json`). */
function isJsonMime(mime: string): boolean {
  return mime === 'application/json' || (mime.startsWith('application/') && mime.endsWith('+json'));
}

/** Whether a mimebundle value is text nbformat splits into lines (and a path could appear in). */
function isSplitMime(mime: string): boolean {
  return mime.startsWith('text/') || SPLIT_NON_TEXT_MIMES.has(mime);
}

/** Rejoins the multi-line fields nbformat splits (nbformat's `rejoin_lines`). */
function rejoinMimebundle(data: JsonObject): void {
  for (const [mime, value] of Object.entries(data)) {
    if (!isJsonMime(mime) && Array.isArray(value) && value.every((line) => typeof line === 'string')) data[mime] = value.join('');
  }
}

/** Splits multi-line fields into lists of lines, as nbformat writes them (its `split_lines`). */
function splitMimebundle(data: JsonObject): void {
  for (const [mime, value] of Object.entries(data)) {
    if (typeof value === 'string' && isSplitMime(mime)) data[mime] = splitLinesKeepEnds(value);
  }
}

function forEachMimebundle(cell: JsonObject, visit: (data: JsonObject) => void): void {
  if (isObject(cell['attachments'])) for (const attachment of Object.values(cell['attachments'])) if (isObject(attachment)) visit(attachment);
  if (cell['cell_type'] !== 'code') return;
  for (const output of outputsOf(cell)) {
    if ((output['output_type'] === 'execute_result' || output['output_type'] === 'display_data') && isObject(output['data'])) visit(output['data']);
  }
}

function rejoinLines(nb: JsonObject): void {
  for (const cell of cellsOf(nb)) {
    if (Array.isArray(cell['source'])) cell['source'] = joinLines(cell['source']);
    forEachMimebundle(cell, rejoinMimebundle);
    for (const output of outputsOf(cell)) if (output['output_type'] === 'stream' && Array.isArray(output['text'])) output['text'] = joinLines(output['text']);
  }
}

function splitLines(nb: JsonObject): void {
  for (const cell of cellsOf(nb)) {
    if (typeof cell['source'] === 'string') cell['source'] = splitLinesKeepEnds(cell['source']);
    forEachMimebundle(cell, splitMimebundle);
    for (const output of outputsOf(cell)) if (output['output_type'] === 'stream' && typeof output['text'] === 'string') output['text'] = splitLinesKeepEnds(output['text']);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces the absolute project root in `text` with `.`: `/home/me/proj/notebooks` → `./notebooks`,
 * `/home/me/proj` → `.`. A longer name that merely starts the same (`/home/me/project2`) is left alone.
 */
export function scrubProjectRoot(text: string, projectRoot: string): string {
  const root = projectRoot.replace(/[/\\]+$/, '');
  if (root === '' || !text.includes(root)) return text;
  return text.replace(new RegExp(`${escapeRegExp(root)}(?=[/\\\\]|(?!\\.?[\\w-]))`, 'g'), '.');
}

/** Scrubs every string inside a JSON value (for JSON mimebundle values). */
function scrubJson(value: Json, root: string): Json {
  if (typeof value === 'string') return scrubProjectRoot(value, root);
  if (Array.isArray(value)) return value.map((item) => scrubJson(item, root));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubJson(item, root)]));
  return value;
}

function scrubOutput(output: JsonObject, root: string): void {
  switch (output['output_type']) {
    case 'stream':
      output['text'] = scrubProjectRoot(joinLines(output['text']), root);
      break;
    case 'execute_result':
    case 'display_data':
      if (!isObject(output['data'])) break;
      for (const [mime, value] of Object.entries(output['data'])) {
        // Base64 payloads (image/png…) are skipped: '/' is a base64 digit.
        if (isJsonMime(mime)) output['data'][mime] = scrubJson(value, root);
        else if (isSplitMime(mime) && typeof value === 'string') output['data'][mime] = scrubProjectRoot(value, root);
      }
      break;
    case 'error':
      output['evalue'] = scrubProjectRoot(typeof output['evalue'] === 'string' ? output['evalue'] : '', root);
      if (Array.isArray(output['traceback'])) output['traceback'] = output['traceback'].map((line) => scrubJson(line, root));
      break;
    default:
      break;
  }
}

/**
 * An executed notebook made fit to commit; the input is not modified. It
 *
 * - numbers the code cells' execution counts 1..n in cell order (blank code cells, which Jupyter
 *   does not run, get none), and each `execute_result` output its cell's count;
 * - replaces the absolute `projectRoot` in outputs (stream text, text/HTML/SVG/JSON data, error
 *   values and tracebacks) with `.`; sources are left as written;
 * - drops volatile metadata: cells' `execution` timestamps (nbclient), `ExecuteTime`, `papermill`
 *   and `trusted`; the notebook's `papermill`, `signature`, `orig_nbformat*`, and
 *   `language_info.version` (the kernel's TypeScript version, which changes with tslab, not with
 *   the notebook);
 * - stores multi-line text as lists of lines, exactly as nbformat writes it.
 *
 * Idempotent: normalizing a normalized notebook changes nothing.
 */
export function normalizeNotebook(nb: object, projectRoot: string): object {
  const copy = JSON.parse(JSON.stringify(nb)) as Json;
  if (!isObject(copy)) throw new Error('normalizeNotebook: a notebook is a JSON object');
  rejoinLines(copy);

  const metadata = isObject(copy['metadata']) ? copy['metadata'] : (copy['metadata'] = {});
  for (const key of VOLATILE_NOTEBOOK_METADATA) delete metadata[key];
  if (isObject(metadata['language_info'])) delete metadata['language_info']['version'];

  let count = 0;
  for (const cell of cellsOf(copy)) {
    if (isObject(cell['metadata'])) for (const key of VOLATILE_CELL_METADATA) delete cell['metadata'][key];
    if (cell['cell_type'] !== 'code') continue;
    const executionCount = joinLines(cell['source']).trim() === '' ? null : ++count;
    cell['execution_count'] = executionCount;
    for (const output of outputsOf(cell)) {
      if (output['output_type'] === 'execute_result') output['execution_count'] = executionCount;
      scrubOutput(output, projectRoot);
    }
  }
  splitLines(copy);
  return copy;
}

function sortKeysDeep(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (isObject(value)) {
    const sorted: JsonObject = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeysDeep(value[key]!);
    return sorted;
  }
  return value;
}

/**
 * The file text of a notebook as Jupyter writes it (nbformat `write`: keys sorted, indent 1,
 * non-ASCII kept, trailing newline). Expects lines already split ({@link normalizeNotebook}).
 */
export function serializeNotebook(nb: object): string {
  return JSON.stringify(sortKeysDeep(nb as Json), null, 1) + '\n';
}
