#!/usr/bin/env node
/**
 * `npm run translate [-- --check] [notebooks…]`: the Korean edition, `notebooks/ko/`, written from
 * the English notebooks and the committed translations in `notebooks/ko/translations/`.
 *
 * A translation file holds, for each Markdown cell of one notebook (keyed by the cell's nbformat id,
 * which is never renumbered), the English text it was translated from, that text's SHA-256, and the
 * Korean text. The Korean notebook is the English one with every Markdown cell's source replaced by
 * its translation: code cells, outputs and metadata are copied unchanged. Nothing is translated at
 * run time; translations are written, reviewed and committed like code.
 *
 * Drift is an error: an English cell changed since its translation was made (the English change is
 * shown), a Markdown cell without a translation, a translation whose cell is gone, or a recorded
 * hash that does not match its recorded English. `--check` (CI) writes nothing and also fails when
 * a committed Korean notebook differs from what it would write (outputs change on every rerun, so
 * the Korean notebooks are regenerated with them) or has no English notebook any more.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliCommand } from '../src/cli/parse';
import { findProjectRoot } from '../src/util/paths';
import { CliError, count, relative, runMain } from './cli';
import { type JsonObject, cellsOf, isObject, joinLines, serializeNotebook, splitLinesKeepEnds } from './notebook-json';
import { listNotebooks, readJson, syncNotebookFolder } from './notebooks';

/** One Markdown cell's translation. */
export interface CellTranslation {
  /** SHA-256 (hex) of {@link CellTranslation.en}. */
  sha256: string;
  /** The English text the translation was made from. */
  en: string;
  /** The Korean text. */
  ko: string;
}

/** The translations of one notebook's Markdown cells, by cell id. */
export interface TranslationFile {
  /** The English notebook's file name, e.g. `01-dataset-and-model.ipynb`. */
  notebook: string;
  cells: Record<string, CellTranslation>;
}

/** Something that keeps a Korean notebook from matching its English source. */
export interface TranslationProblem {
  kind: 'missing' | 'changed' | 'orphaned' | 'corrupt' | 'no-id';
  /** The cell's id (or its index, for a cell without one). */
  cell: string;
  message: string;
}

/** The Korean edition's folder. */
export function koreanDir(root: string): string {
  return path.join(root, 'notebooks', 'ko');
}

/** Where a notebook's translations live. */
export function translationFileFor(root: string, notebookFile: string): string {
  return path.join(koreanDir(root), 'translations', `${path.basename(notebookFile, '.ipynb')}.json`);
}

/** The hash a translation records of the English text it was made from. */
export function englishHash(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A translation record for `en`, as a translator starts one. */
export function cellTranslation(en: string, ko: string): CellTranslation {
  return { sha256: englishHash(en), en, ko };
}

/**
 * The lines of `before` that `after` lacks (`- `) and the lines `after` adds (`+ `), in order: enough
 * to show a translator what changed in a paragraph.
 */
export function lineChanges(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  // Longest common subsequence of lines, then a walk that emits removals before additions.
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (j >= b.length || (i < a.length && lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      out.push(`- ${a[i++]}`);
    } else {
      out.push(`+ ${b[j++]}`);
    }
  }
  return out;
}

/**
 * The Korean notebook for `english` (parsed notebook JSON) from `translations`, and every problem
 * found. The notebook is returned only when there are no problems.
 */
export function translateNotebook(english: object, translations: TranslationFile, name: string): { notebook?: JsonObject; problems: TranslationProblem[] } {
  const problems: TranslationProblem[] = [];
  const seen = new Set<string>();
  const korean = structuredClone(english) as JsonObject;
  cellsOf(korean).forEach((cell, index) => {
    if (cell['cell_type'] !== 'markdown') return;
    const id = typeof cell['id'] === 'string' ? cell['id'] : undefined;
    if (id === undefined) {
      problems.push({ kind: 'no-id', cell: `#${index + 1}`, message: `${name}: Markdown cell ${index + 1} has no id (nbformat 4.5 ids key the translations)` });
      return;
    }
    seen.add(id);
    const en = joinLines(cell['source']);
    const translation = translations.cells[id];
    if (translation === undefined) {
      problems.push({ kind: 'missing', cell: id, message: `${name} cell ${id}: no Korean translation` });
      return;
    }
    if (englishHash(translation.en) !== translation.sha256) {
      problems.push({ kind: 'corrupt', cell: id, message: `${name} cell ${id}: the recorded hash is not the hash of the recorded English text` });
      return;
    }
    if (translation.sha256 !== englishHash(en)) {
      const changes = lineChanges(translation.en, en).map((line) => `    ${line}`).join('\n');
      problems.push({ kind: 'changed', cell: id, message: `${name} cell ${id}: the English changed since it was translated:\n${changes}` });
      return;
    }
    cell['source'] = splitLinesKeepEnds(translation.ko);
  });
  for (const id of Object.keys(translations.cells)) {
    if (!seen.has(id)) problems.push({ kind: 'orphaned', cell: id, message: `${name} cell ${id}: translated, but the notebook has no Markdown cell with that id` });
  }
  return problems.length === 0 ? { notebook: korean, problems } : { problems };
}

/** A translation file read and checked for shape; an empty one when the file does not exist. */
export function readTranslations(file: string, notebookName: string): TranslationFile {
  if (!fs.existsSync(file)) return { notebook: notebookName, cells: {} };
  const data = readJson(file);
  const bad = (what: string) => new CliError(`${file}: ${what}`);
  if (!isObject(data) || typeof data['notebook'] !== 'string' || !isObject(data['cells'])) throw bad('expected { "notebook": string, "cells": { id: { sha256, en, ko } } }');
  if (data['notebook'] !== notebookName) throw bad(`translates ${data['notebook']}, not ${notebookName}`);
  const cells: Record<string, CellTranslation> = {};
  for (const [id, value] of Object.entries(data['cells'])) {
    if (!isObject(value) || typeof value['sha256'] !== 'string' || typeof value['en'] !== 'string' || typeof value['ko'] !== 'string') throw bad(`cell ${id}: expected { sha256, en, ko } strings`);
    cells[id] = { sha256: value['sha256'], en: value['en'], ko: value['ko'] };
  }
  return { notebook: notebookName, cells };
}

/** Every Korean notebook wanted (file → text) and every problem, for the English notebooks given. */
export function koreanEdition(root: string, notebookFiles: readonly string[]): { files: Map<string, string>; problems: TranslationProblem[] } {
  const files = new Map<string, string>();
  const problems: TranslationProblem[] = [];
  for (const file of notebookFiles) {
    const name = path.basename(file);
    const english = readJson(file);
    if (!isObject(english)) throw new CliError(`${relative(root, file)}: not a notebook`);
    const result = translateNotebook(english, readTranslations(translationFileFor(root, file), name), name);
    problems.push(...result.problems);
    if (result.notebook) files.set(path.join(koreanDir(root), name), serializeNotebook(result.notebook));
  }
  return { files, problems };
}

async function main(argv: string[]): Promise<void> {
  const program = cliCommand('translate', 'Write notebooks/ko/: the notebooks with every Markdown cell replaced by its committed Korean translation.')
    .argument('[notebooks...]', 'names or prefixes, e.g. 01 (default: every notebook)')
    .option('--check', 'write nothing; fail on any drift, or when notebooks/ko/ differs from what it would write', false)
    .parse(argv);
  const { check } = program.opts<{ check: boolean }>();
  const root = findProjectRoot();
  const notebooks = listNotebooks(root, program.args);
  const { files, problems } = koreanEdition(root, notebooks);
  if (problems.length > 0) {
    const shown = problems.slice(0, 20).map((problem) => problem.message).join('\n');
    const more = problems.length > 20 ? `\n… and ${problems.length - 20} more` : '';
    throw new CliError(`translate: ${count(problems.length, 'problem')} with the Korean edition:\n${shown}${more}`);
  }
  const prune = program.args.length === 0; // a Korean notebook whose English one is gone
  syncNotebookFolder(root, koreanDir(root), files, { name: 'the Korean edition', command: 'npm run translate', prune }, check);
}

if (require.main === module) runMain('translate', main);
