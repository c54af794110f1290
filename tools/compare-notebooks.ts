#!/usr/bin/env node
/**
 * `node dist/tools/compare-notebooks.js a.ipynb b.ipynb`: whether two executions of one notebook
 * (say, by `npm start` and by `jupyter nbconvert --execute`) wrote the same thing: the same cells,
 * execution counts, outputs and notebook metadata, except timing text. Prints the first
 * difference and exits 1, or says they match.
 */
import * as fs from 'node:fs';

/** Whether a table column holds timings, by its header: images/s, seconds, minutes. */
const TIMING_HEADER = /images\/s|seconds|\bmin\b|\(s\)/;

/**
 * Text with its timings masked: durations (`4.2 s`, `3 min`, `120 ms`); in training-progress
 * tables (`class="ae-progress"`) the images/s and seconds cells, which end every row; in Markdown
 * tables, the columns whose header names a timing (images/s, seconds).
 */
export function maskTimings(text: string): string {
  let masked = text.replace(/\d[\d,.]*(\s*)(ms|s|min)\b/g, '#$1$2');
  if (masked.includes('ae-progress')) masked = masked.replace(/<td>[\d,.]+<\/td><td>[\d,.]+<\/td><\/tr>/g, '<td>#</td><td>#</td></tr>');
  let timingColumns: number[] = [];
  return masked.split('\n').map((line) => {
    if (!line.startsWith('|')) {
      timingColumns = [];
      return line;
    }
    const cells = line.split('|');
    if (timingColumns.length === 0 && !/^\|[\s|:-]+\|?$/.test(line)) {
      timingColumns = cells.flatMap((cell, index) => (TIMING_HEADER.test(cell) ? [index] : []));
      if (timingColumns.length === 0) timingColumns = [-1];
      return line;
    }
    return cells.map((cell, index) => (timingColumns.includes(index) && /\d/.test(cell) ? ' # ' : cell)).join('|');
  }).join('\n');
}

/** A cell's outputs with every text joined and its timings masked. */
function maskedOutputs(outputs: unknown): unknown {
  if (!Array.isArray(outputs)) return null;
  const join = (value: unknown) => (Array.isArray(value) ? value.join('') : value);
  return outputs.map((output: Record<string, unknown>) => {
    const data = output['data'] as Record<string, unknown> | undefined;
    return {
      ...output,
      ...(output['text'] !== undefined ? { text: maskTimings(String(join(output['text']))) } : {}),
      ...(data ? { data: Object.fromEntries(Object.entries(data).map(([mime, value]) => [mime, typeof join(value) === 'string' ? maskTimings(join(value) as string) : value])) } : {}),
    };
  });
}

function comparable(notebook: unknown): string[] {
  const nb = notebook as { cells: { cell_type: string; source: unknown; outputs?: unknown; execution_count?: unknown }[]; metadata: unknown };
  return [
    JSON.stringify(nb.metadata),
    ...nb.cells.map((cell, index) => `cell ${index + 1}: ${JSON.stringify({ source: cell.source, count: cell.execution_count ?? null, outputs: maskedOutputs(cell.outputs) })}`),
  ];
}

/** The first difference between two executed notebooks (timings masked), or undefined when they match. */
export function firstDifference(a: unknown, b: unknown): string | undefined {
  const [left, right] = [comparable(a), comparable(b)];
  for (let k = 0; k < Math.max(left.length, right.length); k++) {
    if (left[k] === right[k]) continue;
    const l = left[k] ?? '(missing)';
    const r = right[k] ?? '(missing)';
    let at = 0;
    while (at < l.length && l[at] === r[at]) at += 1;
    const where = k === 0 ? 'notebook metadata' : l.slice(0, l.indexOf(':'));
    return `${where} differs: …${l.slice(Math.max(0, at - 60), at + 60)}… against …${r.slice(Math.max(0, at - 60), at + 60)}…`;
  }
  return undefined;
}

if (require.main === module) {
  const [a, b] = process.argv.slice(2);
  if (!a || !b) {
    console.error('usage: compare-notebooks <a.ipynb> <b.ipynb>');
    process.exit(2);
  }
  const difference = firstDifference(JSON.parse(fs.readFileSync(a, 'utf8')), JSON.parse(fs.readFileSync(b, 'utf8')));
  if (difference) {
    console.error(`${a} and ${b}: ${difference}`);
    process.exit(1);
  }
  console.log(`${a} and ${b}: the same outputs, timings aside`);
}
