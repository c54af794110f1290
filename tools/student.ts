#!/usr/bin/env node
/**
 * `npm run student [-- --check]`: the student edition, `notebooks/student/`, written from the
 * notebooks: every cell kept but those tagged `solution` (the instructor's answers), outputs and
 * execution counts cleared, links to the glossary and to other notebooks pointed one folder up.
 * `--check` (CI) writes nothing and fails when the committed edition differs from what it would write.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliCommand } from '../src/cli/parse';
import { writeFileAtomic } from '../src/util/files';
import { findProjectRoot } from '../src/util/paths';
import { CliError, count, relative, runMain } from './cli';
import { type JsonObject, cellsOf, isObject, joinLines, normalizeNotebook, serializeNotebook } from './notebook-json';
import { checkNotebookKernel, listNotebooks } from './notebooks';

/** The cell tag that marks an answer: kept in the notebooks, left out of the student edition. */
export const SOLUTION_TAG = 'solution';

/** The student edition's folder. */
export function studentDir(root: string): string {
  return path.join(root, 'notebooks', 'student');
}

function isSolution(cell: JsonObject): boolean {
  const tags = isObject(cell['metadata']) ? cell['metadata']['tags'] : undefined;
  return Array.isArray(tags) && tags.includes(SOLUTION_TAG);
}

/** Relative Markdown links to siblings (`glossary.md#…`, `02-….ipynb`) made to work from `student/`. */
export function linkFromStudentDir(markdown: string): string {
  return markdown.replace(/\]\((?!\.\.\/)([\w.-]+\.(?:md|ipynb)(?:#[^)\s]*)?)\)/g, '](../$1)');
}

/** The student edition of one notebook: solutions out, outputs cleared, links adjusted. */
export function studentNotebook(nb: object, root: string): object {
  const copy = JSON.parse(JSON.stringify(nb)) as JsonObject;
  copy['cells'] = cellsOf(copy).filter((cell) => !isSolution(cell)).map((cell) => {
    if (cell['cell_type'] === 'code') return { ...cell, outputs: [], execution_count: null };
    if (cell['cell_type'] === 'markdown') return { ...cell, source: linkFromStudentDir(joinLines(cell['source'])) };
    return cell;
  });
  // Normalized as every committed notebook is (lines split as nbformat writes them), counts cleared again.
  const normalized = normalizeNotebook(copy, root) as JsonObject;
  for (const cell of cellsOf(normalized)) if (cell['cell_type'] === 'code') cell['execution_count'] = null;
  return normalized;
}

async function main(argv: string[]): Promise<void> {
  const program = cliCommand('student', "Write notebooks/student/: the notebooks without their solution-tagged cells, outputs cleared.")
    .option('--check', 'write nothing; fail when notebooks/student/ differs from what it would write', false)
    .parse(argv);
  const { check } = program.opts<{ check: boolean }>();
  const root = findProjectRoot();
  const dir = studentDir(root);
  const wanted = new Map(listNotebooks(root).map((file) => [path.join(dir, path.basename(file)), serializeNotebook(studentNotebook(checkNotebookKernel(root, file) as object, root))]));
  const present = fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.endsWith('.ipynb')).map((name) => path.join(dir, name)) : [];
  const stale = present.filter((file) => !wanted.has(file));
  const differing = [...wanted].filter(([file, text]) => !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text).map(([file]) => file);
  if (check) {
    const wrong = [...differing, ...stale].map((file) => relative(root, file));
    if (wrong.length > 0) throw new CliError(`the student edition is out of date (${wrong.join(', ')}): run 'npm run student' and commit notebooks/student/`);
    console.log(`notebooks/student/: ${count(wanted.size, 'notebook')}, up to date`);
    return;
  }
  fs.mkdirSync(dir, { recursive: true });
  for (const file of differing) writeFileAtomic(file, wanted.get(file)!);
  for (const file of stale) fs.rmSync(file);
  console.log(`notebooks/student/: ${count(wanted.size, 'notebook')} (${differing.length} written, ${stale.length} removed)`);
}

if (require.main === module) runMain('student', main);
