/**
 * The one line that says which cell failed and why ({@link findCellError}, {@link formatCellError}),
 * from a notebook as executed up to the failure, whichever engine ran it. tslab replies to a failed
 * cell with an empty error message: what went wrong is only in the cell's stderr output.
 */
import { oneLine } from '../src/util/text';
import { type JsonObject, cellsOf, joinLines, outputsOf } from './notebook-json';

/** Strips ANSI colour/cursor escapes (tracebacks of IPython-like kernels carry them). */
export function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '');
}

/** What went wrong in a failed cell. */
export interface CellError {
  /** 0-based index among all cells (markdown included). */
  cellIndex: number;
  /** The first non-blank line of the cell's source, to find it by. */
  firstSourceLine: string;
  /** One line: the error's message. */
  message: string;
}

const MAX_MESSAGE = 400;

/**
 * The message of a failed tslab cell from its stderr: TypeScript diagnostics (`3:7 - Cannot find
 * name 'x'.`, all of them, joined by `; `), else the last line naming an error (`TypeError: …`,
 * the first line of a printed Error), else the last line that is not part of a stack trace.
 */
export function summarizeStderr(stderr: string): string {
  const lines = stripAnsi(stderr).split(/\r?\n/).map((line) => line.trimEnd()).filter((line) => line.trim() !== '');
  const diagnostics = lines.filter((line) => /^(?:\S+ )?\d+:\d+ - /.test(line));
  if (diagnostics.length > 0) return oneLine(diagnostics.reduce((line, next) => `${line}${/[.!?]$/.test(line) ? ' ' : '; '}${next}`), MAX_MESSAGE);
  const errors = lines.filter((line) => /^(?:Uncaught )?\[?(?:[A-Za-z_$][\w$]*)?(?:Error|Exception)\b/.test(line));
  if (errors.length > 0) return oneLine(errors[errors.length - 1]!.replace(/^\[(.*)\]$/, '$1'), MAX_MESSAGE);
  const plain = lines.filter((line) => !/^\s+at\s/.test(line) && !/^\s*\^+\s*$/.test(line) && !/^\s*\.\.\. \d+ more/.test(line));
  return plain.length > 0 ? oneLine(plain[plain.length - 1]!, MAX_MESSAGE) : '';
}

function errorMessageOf(cell: JsonObject): string {
  const outputs = outputsOf(cell);
  const error = outputs.find((output) => output['output_type'] === 'error');
  if (error) {
    const name = typeof error['ename'] === 'string' ? stripAnsi(error['ename']) : '';
    const value = typeof error['evalue'] === 'string' ? stripAnsi(error['evalue']) : '';
    if (value.trim() !== '') return oneLine(name ? `${name}: ${value}` : value, MAX_MESSAGE);
    const traceback = Array.isArray(error['traceback']) ? error['traceback'].filter((line): line is string => typeof line === 'string') : [];
    const fromTraceback = summarizeStderr(traceback.join('\n'));
    if (fromTraceback) return fromTraceback;
    if (name.trim() !== '') return oneLine(name, MAX_MESSAGE);
  }
  const stderr = outputs
    .filter((output) => output['output_type'] === 'stream' && output['name'] === 'stderr')
    .map((output) => joinLines(output['text']))
    .join('');
  return summarizeStderr(stderr) || 'the kernel reported an error but printed no message';
}

/**
 * The failed cell of a notebook executed up to a failure: the cell `failedCell` (0-based, as
 * nbclient reports it) when given, else the first cell with an `error` output. Null when neither
 * identifies a code cell.
 */
export function findCellError(nb: object, failedCell?: number): CellError | null {
  const cells = cellsOf(nb as JsonObject);
  let index = failedCell ?? cells.findIndex((cell) => outputsOf(cell).some((output) => output['output_type'] === 'error'));
  if (index < 0 || index >= cells.length || cells[index]!['cell_type'] !== 'code') return null;
  const cell = cells[index]!;
  const firstSourceLine = joinLines(cell['source']).split('\n').map((line) => line.trim()).find((line) => line !== '') ?? '';
  return { cellIndex: index, firstSourceLine: oneLine(firstSourceLine, 60), message: errorMessageOf(cell) };
}

/** `notebooks/01-x.ipynb, cell 4 (`await train()`): Error: boom` — one line. */
export function formatCellError(notebook: string, error: CellError): string {
  const source = error.firstSourceLine ? ` (\`${error.firstSourceLine}\`)` : '';
  return `${notebook}, cell ${error.cellIndex + 1}${source}: ${error.message}`;
}
