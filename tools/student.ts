#!/usr/bin/env node
/**
 * `npm run student [-- --check]`: the student edition, `notebooks/student/`, written from the
 * notebooks, a worksheet rather than a report:
 * - cells tagged `solution` (the instructor's answers) and `observe` (narratives of results, and
 *   the code cells that check a narrative's numbers) are left out, and so are the blocks of code
 *   between `// BEGIN CHECKS OF THE NARRATIVE` and `// END CHECKS OF THE NARRATIVE`;
 * - after each cell tagged `predict` (a prompt: "before running, which digits…?") comes an empty
 *   answer cell, `<its id>-answer`;
 * - in cells tagged `your-turn`, each `// BEGIN SOLUTION` … `// END SOLUTION` block becomes a `TODO`
 *   that returns `ae.notDoneYet()` (src/notebook/your-turn.ts);
 * - the notebook's recorded run times (notebooks/run-times.json) are written into a Markdown cell
 *   before the first code cell, so that the handed-out file shows them before anything runs;
 * - outputs and execution counts cleared, links to the glossary and to other notebooks pointed one
 *   folder up. Every other cell keeps its id (translations are keyed by them).
 * The Korean edition's student edition, `notebooks/ko/student/`, is made the same way from the Korean
 * notebooks (tools/translate.ts), with its own two cells (answer, run times) in Korean.
 * `--check` (CI) writes nothing and fails when a committed edition differs from what it would write.
 */
import * as path from 'node:path';
import { readRunTimes, runTimesFile, runTimesMarkdown } from '../src/notebook/run-times';
import { cliCommand } from '../src/cli/parse';
import { findProjectRoot } from '../src/util/paths';
import { CliError, relative, runMain } from './cli';
import { type JsonObject, cellsOf, isObject, joinLines, normalizeNotebook, serializeNotebook } from './notebook-json';
import { checkNotebookKernel, listNotebooks, syncNotebookFolder } from './notebooks';
import { koreanNotebookDir } from './export-html';
import { koreanEdition } from './translate';

/** The cell tag that marks an answer: kept in the notebooks, left out of the student edition. */
export const SOLUTION_TAG = 'solution';
/** A Markdown prompt asking for a prediction before the code whose result it asks about. */
export const PREDICT_TAG = 'predict';
/** A Markdown narrative of results: the instructor's edition only. */
export const OBSERVE_TAG = 'observe';
/** A code cell with a piece a student writes, between {@link BEGIN_SOLUTION} and {@link END_SOLUTION}. */
export const YOUR_TURN_TAG = 'your-turn';
export const BEGIN_SOLUTION = '// BEGIN SOLUTION';
export const END_SOLUTION = '// END SOLUTION';
/**
 * Around the checks in a code cell that quote the numbers of an `observe` narrative: the student
 * edition leaves them out with the narrative.
 */
export const BEGIN_NARRATIVE_CHECKS = '// BEGIN CHECKS OF THE NARRATIVE';
export const END_NARRATIVE_CHECKS = '// END CHECKS OF THE NARRATIVE';

/** The student edition's folder. */
export function studentDir(root: string): string {
  return path.join(root, 'notebooks', 'student');
}

function tagsOf(cell: JsonObject): string[] {
  const tags = isObject(cell['metadata']) ? cell['metadata']['tags'] : undefined;
  return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [];
}

function hasTag(cell: JsonObject, tag: string): boolean {
  return tagsOf(cell).includes(tag);
}

/** Relative Markdown links to siblings (`glossary.md#…`, `02-….ipynb`) made to work from `student/`. */
export function linkFromStudentDir(markdown: string): string {
  return markdown.replace(/\]\((?!\.\.\/)([\w.-]+\.(?:md|ipynb)(?:#[^)\s]*)?)\)/g, '](../$1)');
}

/** The id of the prompt that asks for a prediction of what the `observe` narrative `observeId` reads. */
export function predictIdOf(observeId: string): string {
  return `${observeId}-predict`;
}

/**
 * Checks the worksheet's tags: `predict` only on Markdown cells, `your-turn` only on code cells
 * holding at least one solution block, and every `observe` Markdown narrative paired with exactly
 * one `predict` prompt before it, the one whose id is the narrative's with `-predict` added (so
 * every result has its prompt, placed before the code whose output answers it).
 *
 * @throws Error naming the cell (by id) that breaks a rule.
 */
export function checkWorksheetTags(nb: JsonObject): void {
  const prompts = new Set<string>();
  const answered = new Set<string>();
  for (const cell of cellsOf(nb)) {
    const id = String(cell['id'] ?? '(no id)');
    if (hasTag(cell, PREDICT_TAG)) {
      if (cell['cell_type'] !== 'markdown') throw new Error(`cell ${id}: a '${PREDICT_TAG}' cell must be Markdown`);
      if (!id.endsWith('-predict')) throw new Error(`cell ${id}: a '${PREDICT_TAG}' prompt's id is the id of the narrative it precedes, with '-predict' added`);
      prompts.add(id);
    }
    // An `observe` code cell is the self-check of the narrative before it (it quotes its numbers): it needs no prompt of its own.
    if (hasTag(cell, OBSERVE_TAG) && cell['cell_type'] === 'markdown') {
      if (!prompts.has(predictIdOf(id))) throw new Error(`cell ${id}: an 'observe' narrative without its 'predict' prompt (${predictIdOf(id)}) before it`);
      answered.add(predictIdOf(id));
    }
    if (hasTag(cell, YOUR_TURN_TAG)) {
      if (cell['cell_type'] !== 'code') throw new Error(`cell ${id}: a '${YOUR_TURN_TAG}' cell must be code`);
      studentCode(joinLines(cell['source']), id);
    }
  }
  const unanswered = [...prompts].filter((prompt) => !answered.has(prompt));
  if (unanswered.length > 0) throw new Error(`cell ${unanswered[0]}: a 'predict' prompt that no 'observe' narrative (${unanswered[0]!.slice(0, -'-predict'.length)}) follows`);
}

/**
 * `source` with each block from a line `begin` to a line `end` (markers included) replaced by what
 * `replacement` gives for the block's indentation, and how many blocks there were.
 *
 * @throws Error naming the cell when blocks nest, or one is not closed.
 */
function replaceBlocks(source: string, begin: string, end: string, replacement: (indent: string) => string[], id: string): { code: string; blocks: number } {
  const out: string[] = [];
  let open: string | undefined;
  let blocks = 0;
  for (const line of source.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === begin) {
      if (open !== undefined) throw new Error(`cell ${id}: '${begin}' inside another such block`);
      open = line.slice(0, line.length - line.trimStart().length);
      out.push(...replacement(open));
    } else if (trimmed === end) {
      if (open === undefined) throw new Error(`cell ${id}: '${end}' without '${begin}'`);
      open = undefined;
      blocks += 1;
    } else if (open === undefined) {
      out.push(line);
    }
  }
  if (open !== undefined) throw new Error(`cell ${id}: '${begin}' is never closed by '${end}'`);
  return { code: out.join('\n'), blocks };
}

/**
 * A "your turn" cell's code as handed out: each solution block replaced by a `TODO` that returns
 * `ae.notDoneYet()`, at the block's indentation.
 *
 * @throws Error naming the cell when it has no block, or a block is not closed.
 */
export function studentCode(source: string, id = '(no id)'): string {
  const { code, blocks } = replaceBlocks(source, BEGIN_SOLUTION, END_SOLUTION, (indent) => [`${indent}// TODO: your code here (the task is in the cell above).`, `${indent}return ae.notDoneYet();`], id);
  if (blocks === 0) throw new Error(`cell ${id}: a '${YOUR_TURN_TAG}' cell without a '${BEGIN_SOLUTION}' … '${END_SOLUTION}' block`);
  return code;
}

/** A code cell without its checks of a narrative (the blocks the student edition leaves out with the narrative). */
export function withoutNarrativeChecks(source: string, id = '(no id)'): string {
  return replaceBlocks(source, BEGIN_NARRATIVE_CHECKS, END_NARRATIVE_CHECKS, () => [], id).code;
}

/** A "your turn" cell's code with its solution blocks kept, markers removed (the edition CI runs filled in). */
export function filledCode(source: string): string {
  return source.split('\n').filter((line) => ![BEGIN_SOLUTION, END_SOLUTION].includes(line.trim())).join('\n');
}

/** The languages of the editions, and the words the student edition adds in each. */
export const STUDENT_WORDS = {
  en: {
    answer: '*Your answer:* ',
    runTimes: '**How long this notebook takes**, as recorded in `notebooks/run-times.json` by the last full runs of the notebooks (the first code cell shows the same table when it runs):',
  },
  ko: {
    answer: '*나의 답:* ',
    runTimes: '**이 노트북에 걸리는 시간**: 노트북을 마지막으로 끝까지 실행했을 때 `notebooks/run-times.json`에 기록된 시간입니다(첫 코드 셀을 실행하면 같은 표가 나옵니다).',
  },
} as const;

/** The empty cell a student writes a prediction in, after the prompt `predictId`. */
function answerCell(predictId: string, language: keyof typeof STUDENT_WORDS): JsonObject {
  return { cell_type: 'markdown', id: `${predictId}-answer`, metadata: {}, source: STUDENT_WORDS[language].answer };
}

/** The Markdown cell with a notebook's recorded run times (or a line saying none is recorded). */
function runTimesCell(name: string, root: string, language: keyof typeof STUDENT_WORDS): JsonObject[] {
  const table = runTimesMarkdown(name, readRunTimes(runTimesFile(root)));
  const prefix = /^(\d+)/.exec(name)?.[1] ?? name;
  return [{ cell_type: 'markdown', id: `nb${prefix}-run-times`, metadata: {}, source: `${STUDENT_WORDS[language].runTimes}\n\n${table}` }];
}

/** Options of {@link studentNotebook}. */
export interface StudentOptions {
  /** The notebook's name without `.ipynb`, for its run times; none: no run-time cell. */
  name?: string;
  /** Keep the "your turn" solutions (markers removed): the edition CI runs filled in. */
  filled?: boolean;
  /** The language of the cells the edition adds (default English). */
  language?: keyof typeof STUDENT_WORDS;
}

/** The student edition of one notebook (see the module comment). */
export function studentNotebook(nb: object, root: string, options: StudentOptions = {}): object {
  const copy = JSON.parse(JSON.stringify(nb)) as JsonObject;
  checkWorksheetTags(copy);
  const cells: JsonObject[] = [];
  let timesShown = false;
  const language = options.language ?? 'en';
  for (const cell of cellsOf(copy)) {
    if (hasTag(cell, SOLUTION_TAG) || hasTag(cell, OBSERVE_TAG)) continue;
    if (cell['cell_type'] === 'code') {
      if (!timesShown && options.name !== undefined) cells.push(...runTimesCell(options.name, root, language));
      timesShown = true;
      const source = withoutNarrativeChecks(joinLines(cell['source']), String(cell['id']));
      const code = hasTag(cell, YOUR_TURN_TAG) ? (options.filled ? filledCode(source) : studentCode(source, String(cell['id']))) : source;
      cells.push({ ...cell, source: code, outputs: [], execution_count: null });
    } else if (cell['cell_type'] === 'markdown') {
      cells.push({ ...cell, source: linkFromStudentDir(joinLines(cell['source'])) });
      if (hasTag(cell, PREDICT_TAG)) cells.push(answerCell(String(cell['id']), language));
    } else {
      cells.push(cell);
    }
  }
  copy['cells'] = cells;
  // Normalized as every committed notebook is (lines split as nbformat writes them), counts cleared again.
  const normalized = normalizeNotebook(copy, root) as JsonObject;
  for (const cell of cellsOf(normalized)) if (cell['cell_type'] === 'code') cell['execution_count'] = null;
  return normalized;
}

/** The student edition of every notebook: file in `notebooks/student/` → its text. */
export function studentEdition(root: string, options: Pick<StudentOptions, 'filled'> = {}): Map<string, string> {
  const dir = studentDir(root);
  return new Map(listNotebooks(root).map((file) => {
    const name = path.basename(file, '.ipynb');
    let text: string;
    try {
      text = serializeNotebook(studentNotebook(checkNotebookKernel(root, file) as object, root, { ...options, name }));
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(`${relative(root, file)}: ${(error as Error).message}`);
    }
    return [path.join(dir, `${name}.ipynb`), text];
  }));
}

/** The Korean student edition's folder. */
export function koreanStudentDir(root: string): string {
  return path.join(koreanNotebookDir(root), 'student');
}

/**
 * The student edition of every Korean notebook (made from the translations, as `npm run translate`
 * makes them): file in `notebooks/ko/student/` → its text.
 *
 * @throws CliError when a translation is missing or stale (the Korean edition cannot be made).
 */
export function koreanStudentEdition(root: string): Map<string, string> {
  const { files, problems } = koreanEdition(root, listNotebooks(root));
  if (problems.length > 0) throw new CliError(`the Korean student edition needs every translation up to date: ${problems[0]!.message.split('\n')[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more: npm run translate -- --check)` : ''}`);
  const dir = koreanStudentDir(root);
  return new Map([...files].filter(([file]) => file.endsWith('.ipynb')).map(([file, text]) => {
    const name = path.basename(file, '.ipynb');
    return [path.join(dir, `${name}.ipynb`), serializeNotebook(studentNotebook(JSON.parse(text) as object, root, { name, language: 'ko' }))];
  }));
}

async function main(argv: string[]): Promise<void> {
  const program = cliCommand('student', "Write notebooks/student/ and notebooks/ko/student/: the notebooks as worksheets (no answers or narratives of results, prompts with answer cells, TODOs), outputs cleared.")
    .option('--check', 'write nothing; fail when notebooks/student/ or notebooks/ko/student/ differs from what it would write', false)
    .parse(argv);
  const { check } = program.opts<{ check: boolean }>();
  const root = findProjectRoot();
  syncNotebookFolder(root, studentDir(root), studentEdition(root), { name: 'the student edition', command: 'npm run student', prune: true }, check);
  syncNotebookFolder(root, koreanStudentDir(root), koreanStudentEdition(root), { name: 'the Korean student edition', command: 'npm run student', prune: true }, check);
}

if (require.main === module) runMain('student', main);
