/**
 * The project's notebooks as the commands see them: which ones a command works on, the kernel they
 * name (this project's tslab kernelspec, written to node_modules/.jupyter by `npm install`), and the
 * one driver that executes them in order and exports them, whichever engine runs the cells
 * (`npm start`: tools/start.ts; `npm run start:jupyter`: tools/nbconvert.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type RunStart, type RunTime, machineDescription, readRunTimes, recordRunTime, runTimeSentence, runTimesFile, runTimesMarkdown } from '../src/notebook/run-times';
import { PRESET_ENV, type PresetName, presetCheckpoints, presetFromEnv } from '../src/train/presets';
import { writeFileAtomic } from '../src/util/files';
import { envValue } from '../src/util/env';
import { CliError, count, oneLine, relative, seconds } from './cli';
import { type Json, type JsonObject, cellsOf, isObject, joinLines, normalizeNotebook, outputsOf, serializeNotebook, splitLinesKeepEnds } from './notebook-json';

/** The kernel name notebooks must use (`metadata.kernelspec.name`). */
export const KERNEL_NAME = 'tslab';

/** node_modules/.jupyter: the Jupyter data folder holding this project's kernelspec. */
export function jupyterDataDir(root: string): string {
  return path.join(root, 'node_modules', '.jupyter');
}

/**
 * The kernelspec's argv (the process Jupyter itself starts for these notebooks), once checked that
 * `npm install` wrote it and that it points at an existing tslab.
 */
export function kernelArgv(root: string): string[] {
  const file = path.join(jupyterDataDir(root), 'kernels', KERNEL_NAME, 'kernel.json');
  const shown = relative(root, file);
  if (!fs.existsSync(file)) throw new CliError(`The project's Jupyter kernel is missing (${shown}): run 'npm install'`);
  let argv: unknown;
  try {
    argv = (JSON.parse(fs.readFileSync(file, 'utf8')) as { argv?: unknown }).argv;
  } catch {
    throw new CliError(`${shown} is not valid JSON: run 'npm install' to write it again`);
  }
  const argv0 = Array.isArray(argv) ? (argv[0] as unknown) : undefined;
  if (typeof argv0 !== 'string' || !fs.existsSync(argv0)) {
    throw new CliError(`${shown} starts ${String(argv0)}, which does not exist (project moved?): run 'npm install'`);
  }
  return (argv as unknown[]).map(String);
}

/**
 * `notebooks/*.ipynb` (or `dir`'s, e.g. the student edition's) sorted by name; with `selectors`,
 * those named by one (`01`, `01-intro`, `01-intro.ipynb`, a path, or a name prefix). A selector
 * matching nothing is an error.
 */
export function listNotebooks(root: string, selectors: readonly string[] = [], dir: string = path.join(root, 'notebooks')): string[] {
  const all = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((name) => name.endsWith('.ipynb') && !name.startsWith('.')).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    : [];
  if (all.length === 0) throw new CliError(`no notebooks in ${relative(root, dir)}/`);
  if (selectors.length === 0) return all.map((name) => path.join(dir, name));
  const chosen = new Set<string>();
  for (const selector of selectors) {
    const base = path.basename(selector);
    const matches = all.filter((name) => name === base || name === `${base}.ipynb` || name.startsWith(base));
    if (matches.length === 0) throw new CliError(`no notebook in ${relative(root, dir)}/ matches '${selector}' (there are: ${all.join(', ')})`);
    matches.forEach((name) => chosen.add(name));
  }
  return all.filter((name) => chosen.has(name)).map((name) => path.join(dir, name));
}

/** A JSON file (a notebook, a failure record): parsed, not checked. */
export function readJson(file: string): Json {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
}

/** Reads a notebook and checks that it names the tslab kernel, before a kernel is started for it. */
export function checkNotebookKernel(root: string, file: string): Json {
  let nb: Json;
  try {
    nb = readJson(file);
  } catch (error) {
    throw new CliError(`${relative(root, file)} is not valid JSON: ${(error as Error).message}`);
  }
  const kernelspec = typeof nb === 'object' && nb !== null && !Array.isArray(nb) ? (nb['metadata'] as { kernelspec?: { name?: string } } | undefined)?.kernelspec : undefined;
  if (kernelspec?.name !== KERNEL_NAME) {
    throw new CliError(`${relative(root, file)}: metadata.kernelspec.name is ${JSON.stringify(kernelspec?.name ?? null)}, expected "${KERNEL_NAME}" (display name "TypeScript (tslab, this project)")`);
  }
  return nb;
}

/** How `executeNotebooks` runs: which engine, what to publish afterwards. */
export interface ExecuteAll {
  /** Said after the preset, e.g. `in the tslab kernel`. */
  engine: string;
  /** Publishes the executed notebooks (tools/editions.ts: the Korean edition, the HTML pages); none: nothing. */
  publish?: (notebooks: readonly string[]) => void;
  /** Executes one notebook in place (normalized for committing); a failure is one CliError line. */
  executeOne: (file: string) => Promise<void>;
  /** Whether `notebooks` are all of them (no names given): a run from empty checkpoints then measures each in order. */
  all: boolean;
  /** Whether to record run times in notebooks/run-times.json (not for the student edition); default true. */
  record?: boolean;
}

function hasCheckpoints(dir: string): boolean {
  return fs.existsSync(dir) && fs.readdirSync(dir).length > 0;
}

/**
 * Executes `notebooks` in order (the caller has checked the environment, tools/environment.ts), stopping at the first failure, saying which preset runs (a
 * non-default one rewrites the committed outputs, which is said before and after the run: after
 * minutes of output the first warning has scrolled away), records each one's run time in
 * notebooks/run-times.json (src/notebook/run-times.ts), then publishes them (`run.publish`).
 */
export async function executeNotebooks(root: string, notebooks: readonly string[], run: ExecuteAll): Promise<void> {
  const preset = presetFromEnv().name;
  for (const file of notebooks) checkNotebookKernel(root, file);
  const chosen = envValue(PRESET_ENV) === undefined ? 'the default; AE_PRESET=smoke|quick|full' : 'AE_PRESET';
  console.log(`executing ${count(notebooks.length, 'notebook')} with preset ${preset} (${chosen}) ${run.engine}`);
  const note = preset === 'quick' || run.record === false ? undefined
    : `note: AE_PRESET=${preset} rewrites notebooks/*.ipynb with ${preset}-preset outputs; commit notebooks from a run with the default preset (plain 'npm start', quick) instead`;
  if (note) console.log(note);
  const checkpoints = presetCheckpoints().dir;
  const inOrderFromEmpty = run.all && !hasCheckpoints(checkpoints);
  const started = performance.now();
  for (const file of notebooks) {
    const start: RunStart | undefined = inOrderFromEmpty ? 'in order from empty checkpoints' : hasCheckpoints(checkpoints) ? 'checkpoints present' : undefined;
    const t0 = performance.now();
    await run.executeOne(file);
    const ms = performance.now() - t0;
    console.log(`executed ${relative(root, file)} in ${seconds(ms)}`);
    // Measured runs only: one notebook alone from empty checkpoints trains others' models and is neither kind.
    if (start && run.record !== false) {
      const time = { seconds: Math.round(ms / 100) / 10, date: new Date().toISOString().slice(0, 10), machine: machineDescription() };
      recordRunTime(runTimesFile(root), path.basename(file, '.ipynb'), preset, start, time);
      showRecordedRunTime(root, file, preset, time);
    }
  }
  console.log(`executed ${count(notebooks.length, 'notebook')} in ${seconds(performance.now() - started)}`);
  if (run.publish) oneLine(() => run.publish!(notebooks));
  if (note) console.log(note);
}

/**
 * After a measured run, the notebook's header (the output of `showRunTimes`) and footer (the output
 * of `runTimeLine`) are written again with the time just recorded: the header then lists this run,
 * and the footer gives the same time, kernel start included, so that the two, run-times.json and
 * README can quote one run. A notebook without those cells is left as it is.
 */
export function showRecordedRunTime(root: string, file: string, preset: PresetName, time: RunTime): void {
  const nb = readJson(file) as JsonObject;
  const name = path.basename(file, '.ipynb');
  let changed = false;
  for (const cell of cellsOf(nb)) {
    if (cell['cell_type'] !== 'code') continue;
    const source = joinLines(cell['source']);
    for (const output of outputsOf(cell)) {
      const data = isObject(output['data']) ? output['data'] : undefined;
      if (source.includes('showRunTimes(') && data?.['text/markdown'] !== undefined) {
        data['text/markdown'] = splitLinesKeepEnds(runTimesMarkdown(name, readRunTimes(runTimesFile(root))));
        changed = true;
      }
      if (source.includes('runTimeLine(') && output['output_type'] === 'stream' && /^This run took /.test(joinLines(output['text']))) {
        output['text'] = splitLinesKeepEnds(`${runTimeSentence(time.seconds, preset, time.machine)}\n`);
        changed = true;
      }
    }
  }
  if (changed) writeFileAtomic(file, serializeNotebook(normalizeNotebook(nb, root)));
}

/** What {@link syncNotebookFolder} needs to say about the folder it keeps. */
export interface GeneratedFolder {
  /** The edition's name in messages, e.g. "the student edition". */
  name: string;
  /** The command that writes it, e.g. "npm run student". */
  command: string;
  /** Also remove the folder's notebooks that are not wanted (false when only some were asked for). */
  prune: boolean;
}

/**
 * Brings the notebooks of `dir` (a generated edition) to `wanted` (file → text): writes those that
 * differ and, with `prune`, removes the others. With `check`, writes nothing and fails naming every
 * file that would change. Prints one line either way.
 */
export function syncNotebookFolder(root: string, dir: string, wanted: ReadonlyMap<string, string>, folder: GeneratedFolder, check: boolean): void {
  const present = fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.endsWith('.ipynb') && !name.startsWith('.')).map((name) => path.join(dir, name)) : [];
  const stale = folder.prune ? present.filter((file) => !wanted.has(file)) : [];
  const differing = [...wanted].filter(([file, text]) => !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text).map(([file]) => file);
  const shown = `${relative(root, dir)}/`;
  if (check) {
    const wrong = [...differing, ...stale].map((file) => relative(root, file));
    if (wrong.length > 0) throw new CliError(`${folder.name} is out of date (${wrong.join(', ')}): run '${folder.command}' and commit ${shown}`);
    console.log(`${shown}: ${count(wanted.size, 'file')}, up to date`);
    return;
  }
  fs.mkdirSync(dir, { recursive: true });
  for (const file of differing) writeFileAtomic(file, wanted.get(file)!);
  for (const file of stale) fs.rmSync(file);
  console.log(`${shown}: ${count(wanted.size, 'file')} (${differing.length} written, ${stale.length} removed)`);
}

