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
 * The glossary, `notebooks/glossary.md`, is translated the same way, one cell per term (keyed by the
 * term's anchor, `latent-code`) and one for the text before the first term (`preamble`): the Korean
 * glossary puts an `<a id>` with the English anchor before each term, so the links the notebooks'
 * Markdown makes into it (`glossary.md#latent-code`) work in both editions.
 *
 * Drift is an error: an English cell changed since its translation was made (the English change is
 * shown), a Markdown cell without a translation, a translation whose cell is gone, a recorded hash
 * that does not match its recorded English, or a translation that lost something the English has
 * and a translation must keep (a number, a code span, a formula, a link target, a heading level).
 * `--check` (CI) writes nothing and also fails when a committed Korean file differs from what it
 * would write (outputs change on every rerun, so the Korean notebooks are regenerated with them) or
 * has no English notebook any more.
 *
 * A translator's round trip: `--worklist` prints the cells that need a translation (English text,
 * in blocks headed `=== cell <id> <hash>`); the translator replaces each block's English with the
 * Korean; `--import <file>` records those translations, refusing a block whose English changed in
 * the meantime or whose Korean lost a number, code span, formula or link.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliCommand } from '../src/cli/parse';
import { findProjectRoot } from '../src/util/paths';
import { writeFileAtomic } from '../src/util/files';
import { CliError, count, relative, runMain } from './cli';
import { GLOSSARY, glossaryFile, headingId, koreanNotebookDir } from './export-html';
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
  kind: 'missing' | 'changed' | 'orphaned' | 'corrupt' | 'no-id' | 'lost';
  /** The cell's id (or its index, for a cell without one). */
  cell: string;
  message: string;
}

/** Where the translations of a notebook (or of the glossary) live: `translations/<name without extension>.json`. */
export function translationFileFor(root: string, sourceFile: string): string {
  return path.join(koreanNotebookDir(root), 'translations', `${path.parse(sourceFile).name}.json`);
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
 * What a translation must keep of a Markdown text, as it is: fenced code blocks, code spans, math
 * (`$…$`, `$$…$$`), link targets and numbers written in digits; and the levels of its headings, in
 * order.
 */
export function keptParts(markdown: string): { tokens: Set<string>; headings: string[] } {
  const tokens = new Set<string>();
  let rest = markdown;
  const take = (pattern: RegExp, key: (match: RegExpExecArray) => string): void => {
    rest = rest.replace(pattern, (...args: unknown[]) => {
      const match = args.slice(0, -2) as unknown as RegExpExecArray;
      tokens.add(key(match));
      return ' ';
    });
  };
  take(/^```[^\n]*\n[\s\S]*?^```/gm, (match) => match[0]);
  const headings = [...rest.matchAll(/^(#{1,6})\s/gm)].map((match) => match[1]!);
  take(/`[^`\n]+`/g, (match) => match[0]);
  take(/\$\$[\s\S]+?\$\$|\$[^$\n]+\$/g, (match) => match[0]);
  take(/\]\(([^)\s]+)\)/g, (match) => `(${match[1]})`);
  rest = rest.replace(/<[^>]+>/g, ' '); // attributes (ids, sizes) are not prose numbers
  for (const match of rest.matchAll(/\d+(?:[.,]\d+)*/g)) tokens.add(match[0]);
  return { tokens, headings };
}

/** What `ko` lost of what a translation of `en` must keep ({@link keptParts}), described; empty when nothing. */
export function lostInTranslation(en: string, ko: string): string[] {
  const want = keptParts(en);
  const have = keptParts(ko);
  const lost = [...want.tokens].filter((token) => !have.tokens.has(token)).map((token) => (token.length > 60 ? `${token.slice(0, 57)}…` : token));
  if (want.headings.join(' ') !== have.headings.join(' ')) lost.push(`headings ${want.headings.join(' ') || '(none)'} (the Korean has ${have.headings.join(' ') || 'none'})`);
  return lost;
}

/**
 * The Korean of one cell, or undefined with the problem recorded: `en` is the English source's
 * text now, `translation` what is recorded for the cell `id` of `name`.
 */
function translatedText(name: string, id: string, en: string, translation: CellTranslation | undefined, problems: TranslationProblem[]): string | undefined {
  if (translation === undefined) {
    problems.push({ kind: 'missing', cell: id, message: `${name} cell ${id}: no Korean translation` });
    return undefined;
  }
  if (englishHash(translation.en) !== translation.sha256) {
    problems.push({ kind: 'corrupt', cell: id, message: `${name} cell ${id}: the recorded hash is not the hash of the recorded English text` });
    return undefined;
  }
  if (translation.sha256 !== englishHash(en)) {
    const changes = lineChanges(translation.en, en).map((line) => `    ${line}`).join('\n');
    problems.push({ kind: 'changed', cell: id, message: `${name} cell ${id}: the English changed since it was translated:\n${changes}` });
    return undefined;
  }
  const lost = lostInTranslation(en, translation.ko);
  if (lost.length > 0) {
    problems.push({ kind: 'lost', cell: id, message: `${name} cell ${id}: the Korean lacks what the English has: ${lost.join(', ')}` });
    return undefined;
  }
  return translation.ko;
}

function orphans(name: string, translations: TranslationFile, seen: ReadonlySet<string>, what: string): TranslationProblem[] {
  return Object.keys(translations.cells).filter((id) => !seen.has(id))
    .map((id) => ({ kind: 'orphaned' as const, cell: id, message: `${name} cell ${id}: translated, but ${what}` }));
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
    const ko = translatedText(name, id, joinLines(cell['source']), translations.cells[id], problems);
    if (ko !== undefined) cell['source'] = splitLinesKeepEnds(ko);
  });
  problems.push(...orphans(name, translations, seen, 'the notebook has no Markdown cell with that id'));
  return problems.length === 0 ? { notebook: korean, problems } : { problems };
}

/** The id of the glossary's text before its first term. */
export const GLOSSARY_PREAMBLE = 'preamble';

/**
 * The glossary's pieces in order: the text before the first `### ` term ({@link GLOSSARY_PREAMBLE}),
 * then each term from its heading to the next (keyed by the heading's anchor), ends trimmed.
 */
export function glossarySections(text: string): { id: string; text: string }[] {
  const sections: { id: string; text: string }[] = [];
  let current = { id: GLOSSARY_PREAMBLE, lines: [] as string[] };
  const close = (): void => {
    const body = current.lines.join('\n').trimEnd();
    if (body !== '' || current.id !== GLOSSARY_PREAMBLE) sections.push({ id: current.id, text: body });
  };
  for (const line of text.split('\n')) {
    const term = /^###\s+(.+)$/.exec(line);
    if (term) {
      close();
      current = { id: headingId(term[1]!), lines: [] };
    }
    current.lines.push(line);
  }
  close();
  return sections;
}

/**
 * The Korean glossary from the English one's text and its translations: each term's translation
 * after an `<a id>` with the English anchor, so that `glossary.md#<anchor>` links keep working.
 * The text is returned only when there are no problems.
 */
export function translateGlossary(english: string, translations: TranslationFile, name = GLOSSARY): { text?: string; problems: TranslationProblem[] } {
  const problems: TranslationProblem[] = [];
  const seen = new Set<string>();
  const pieces: string[] = [];
  for (const section of glossarySections(english)) {
    if (seen.has(section.id)) problems.push({ kind: 'no-id', cell: section.id, message: `${name}: two terms have the anchor ${section.id}` });
    seen.add(section.id);
    const ko = translatedText(name, section.id, section.text, translations.cells[section.id], problems);
    if (ko !== undefined) pieces.push(section.id === GLOSSARY_PREAMBLE ? ko : `<a id="${section.id}"></a>\n\n${ko}`);
  }
  problems.push(...orphans(name, translations, seen, 'the glossary has no such term'));
  return problems.length === 0 ? { text: `${pieces.join('\n\n')}\n`, problems } : { problems };
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

/** The Korean edition's folder as {@link syncNotebookFolder} names it. */
export const KOREAN_EDITION = { name: 'the Korean edition', command: 'npm run translate' } as const;

/**
 * Every Korean file wanted (file → text) and every problem: the Korean notebooks of the English
 * notebooks given and, when the English glossary exists, the Korean glossary.
 */
export function koreanEdition(root: string, notebookFiles: readonly string[]): { files: Map<string, string>; problems: TranslationProblem[] } {
  const files = new Map<string, string>();
  const problems: TranslationProblem[] = [];
  for (const file of notebookFiles) {
    const name = path.basename(file);
    const english = readJson(file);
    if (!isObject(english)) throw new CliError(`${relative(root, file)}: not a notebook`);
    const result = translateNotebook(english, readTranslations(translationFileFor(root, file), name), name);
    problems.push(...result.problems);
    if (result.notebook) files.set(path.join(koreanNotebookDir(root), name), serializeNotebook(result.notebook));
  }
  const glossary = glossaryFile(root);
  if (fs.existsSync(glossary)) {
    const result = translateGlossary(fs.readFileSync(glossary, 'utf8'), readTranslations(translationFileFor(root, glossary), GLOSSARY));
    problems.push(...result.problems);
    if (result.text !== undefined) files.set(path.join(koreanNotebookDir(root), GLOSSARY), result.text);
  }
  return { files, problems };
}

/** One source's cells as a translator sees them: id → English text now, in the source's order. */
function englishCells(root: string, source: string): Map<string, string> {
  if (path.basename(source) === GLOSSARY) return new Map(glossarySections(fs.readFileSync(source, 'utf8')).map((section) => [section.id, section.text]));
  const notebook = readJson(source);
  if (!isObject(notebook)) throw new CliError(`${relative(root, source)}: not a notebook`);
  return new Map(cellsOf(notebook).filter((cell) => cell['cell_type'] === 'markdown' && typeof cell['id'] === 'string').map((cell) => [cell['id'] as string, joinLines(cell['source'])]));
}

/** A worklist's short hash of an English text: enough to notice the text changed since. */
function shortHash(text: string): string {
  return englishHash(text).slice(0, 12);
}

/**
 * The worklist for `sources` (English notebooks or the glossary): every cell whose translation is
 * missing, stale or broken, under `=== <file>` and `=== cell <id> <short hash>` lines, with its
 * English text to be replaced by the Korean. Empty when every cell is translated.
 */
export function worklist(root: string, sources: readonly string[]): string {
  const lines: string[] = [];
  for (const source of sources) {
    const name = path.basename(source);
    const recorded = readTranslations(translationFileFor(root, source), name).cells;
    const todo = [...englishCells(root, source)].filter(([id, en]) => {
      const problems: TranslationProblem[] = [];
      return translatedText(name, id, en, recorded[id], problems) === undefined;
    });
    if (todo.length === 0) continue;
    lines.push(`=== ${name}`);
    for (const [id, en] of todo) lines.push(`=== cell ${id} ${shortHash(en)}`, en);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** One translated block of a worklist. */
export interface WorklistBlock {
  id: string;
  /** The short hash of the English the block was made from, when the worklist gave one. */
  hash?: string;
  text: string;
}

/** A worklist's blocks, parsed: per file name (`01-….ipynb`, `glossary.md`), its cells in order. */
export function parseWorklist(text: string, file = 'worklist'): Map<string, WorklistBlock[]> {
  const files = new Map<string, WorklistBlock[]>();
  let blocks: WorklistBlock[] | undefined;
  let lines: string[] | undefined;
  const close = (): void => {
    if (blocks && lines) blocks[blocks.length - 1]!.text = lines.join('\n').trim();
    lines = undefined;
  };
  text.split('\n').forEach((line, index) => {
    const header = /^=== (\S+\.(?:ipynb|md))\s*$/.exec(line);
    const cell = /^=== cell (\S+)(?: ([0-9a-f]{12}))?\s*(?:\[.*\])?\s*$/.exec(line);
    if (header) {
      close();
      blocks = files.get(header[1]!) ?? [];
      files.set(header[1]!, blocks);
    } else if (cell) {
      close();
      if (blocks === undefined) throw new CliError(`${file}:${index + 1}: a cell before any '=== <notebook>.ipynb' line`);
      blocks.push({ id: cell[1]!, ...(cell[2] ? { hash: cell[2] } : {}), text: '' });
      lines = [];
    } else if (lines) {
      lines.push(line);
    } else if (line.trim() !== '') {
      throw new CliError(`${file}:${index + 1}: text before any '=== cell <id>' line`);
    }
  });
  close();
  return files;
}

/**
 * Records the translations of a worklist (see {@link worklist}), each against the English text its
 * cell has now, into the translation files; all or nothing.
 *
 * @throws CliError naming the cell whose English changed since the worklist was made, that is not a
 * Markdown cell (or term) of its source, is empty, or lost a number, code span, formula or link.
 */
export function importWorklist(root: string, worklistFile: string): number {
  const parsed = parseWorklist(fs.readFileSync(worklistFile, 'utf8'), relative(root, worklistFile));
  const writes = new Map<string, TranslationFile>();
  let cells = 0;
  for (const [name, blocks] of parsed) {
    const source = name === GLOSSARY ? glossaryFile(root) : path.join(root, 'notebooks', name);
    if (!fs.existsSync(source)) throw new CliError(`${relative(root, worklistFile)}: ${name} is not a notebook of notebooks/ (nor the glossary)`);
    const english = englishCells(root, source);
    const target = translationFileFor(root, source);
    const recorded = readTranslations(target, name);
    for (const block of blocks) {
      const en = english.get(block.id);
      const where = `${relative(root, worklistFile)}: ${name} cell ${block.id}`;
      if (en === undefined) throw new CliError(`${where}: ${name} has no Markdown cell (or term) with that id`);
      if (block.hash !== undefined && block.hash !== shortHash(en)) throw new CliError(`${where}: the English changed since the worklist was made (run --worklist again)`);
      if (block.text === '') throw new CliError(`${where}: no Korean text`);
      const lost = lostInTranslation(en, block.text);
      if (lost.length > 0) throw new CliError(`${where}: the Korean lacks what the English has: ${lost.join(', ')}`);
      recorded.cells[block.id] = cellTranslation(en, block.text);
      cells++;
    }
    // In the source's order, so that a translation file reads like its notebook.
    const order = [...english.keys()];
    const rank = (id: string): number => (order.includes(id) ? order.indexOf(id) : order.length);
    recorded.cells = Object.fromEntries(Object.entries(recorded.cells).sort(([a], [b]) => rank(a) - rank(b)));
    writes.set(target, recorded);
  }
  for (const [file, translations] of writes) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomic(file, `${JSON.stringify(translations, null, 1)}\n`);
  }
  return cells;
}

async function main(argv: string[]): Promise<void> {
  const program = cliCommand('translate', 'Write notebooks/ko/: the notebooks with every Markdown cell replaced by its committed Korean translation, and the Korean glossary.')
    .argument('[notebooks...]', 'names or prefixes, e.g. 01 (default: every notebook)')
    .option('--check', 'write nothing; fail on any drift, or when notebooks/ko/ differs from what it would write', false)
    .option('--worklist', 'print the cells that need a translation (the glossary\'s too), as a file for --import', false)
    .option('--import <file>', 'record the translations in a worklist file, then write notebooks/ko/')
    .parse(argv);
  const { check, worklist: printWorklist, import: imported } = program.opts<{ check: boolean; worklist: boolean; import?: string }>();
  const root = findProjectRoot();
  const notebooks = listNotebooks(root, program.args);
  if (printWorklist) {
    const sources = [...notebooks, ...(fs.existsSync(glossaryFile(root)) ? [glossaryFile(root)] : [])];
    process.stdout.write(worklist(root, sources));
    return;
  }
  if (imported !== undefined) {
    if (check) throw new CliError('--import and --check do not go together');
    console.log(`recorded ${count(importWorklist(root, path.resolve(imported)), 'translation')} from ${imported}`);
  }
  const { files, problems } = koreanEdition(root, notebooks);
  if (problems.length > 0) {
    const shown = problems.slice(0, 20).map((problem) => problem.message).join('\n');
    const more = problems.length > 20 ? `\n… and ${problems.length - 20} more` : '';
    throw new CliError(`translate: ${count(problems.length, 'problem')} with the Korean edition (npm run translate -- --worklist lists the cells to translate):\n${shown}${more}`);
  }
  const prune = program.args.length === 0; // a Korean notebook whose English one is gone
  syncNotebookFolder(root, koreanNotebookDir(root), files, { ...KOREAN_EDITION, prune }, check);
}

if (require.main === module) runMain('translate', main);
