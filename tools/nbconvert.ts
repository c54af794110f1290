#!/usr/bin/env node
/**
 * `npm run start:jupyter [-- 01 --timeout 600 --no-export --verbose]`: what `npm start` does, with
 * Jupyter's own engine: each notebook is executed in place by `jupyter nbconvert --execute`, then
 * normalized and exported exactly as `npm start` does. It proves that the notebooks run in Jupyter
 * (CI compares its outputs with `npm start`'s).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { cliCommand, positiveInteger } from '../src/cli/parse';
import { writeFileAtomic } from '../src/util/files';
import { findProjectRoot } from '../src/util/paths';
import { CliError, StatusLine, oneLine, relative, runMain, seconds } from './cli';
import { checkEnvironment } from './environment';
import { type Exit, OutputTail, checkJupyter, exitOf, jupyterEnv } from './jupyter';
import { findCellError, formatCellError } from './cell-errors';
import { type Json, normalizeNotebook, scrubProjectRoot, serializeNotebook } from './notebook-json';
import { publishEditions } from './editions';
import { executeNotebooks, kernelArgv, listNotebooks, readJson } from './notebooks';

/** Per-cell time limit, in seconds (training cells of the full preset are long). */
const DEFAULT_CELL_TIMEOUT = 1800;

/** Runs `jupyter nbconvert --execute --inplace` on one notebook, then normalizes it; throws a one-line CliError on failure. */
async function executeNotebook(root: string, jupyter: string, env: NodeJS.ProcessEnv, file: string, options: { timeout: number; verbose: boolean }): Promise<void> {
  const shown = relative(root, file);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-nbconvert-'));
  const failureFile = path.join(work, 'failure.json');
  const args = [
    'nbconvert',
    `--config=${path.join(root, 'tools', 'nbconvert', 'execute_hooks.py')}`,
    '--to', 'notebook', '--execute', '--inplace',
    `--ExecutePreprocessor.timeout=${options.timeout}`,
    '--ExecutePreprocessor.record_timing=False',
    file,
  ];
  const started = performance.now();
  let cellIndex: number | undefined;
  let cells = 0;
  const status = new StatusLine(() => `  ${shown}: ${cellIndex === undefined ? 'starting the kernel' : `cell ${cellIndex + 1}/${cells}`}, ${seconds(performance.now() - started)}`);
  const child = spawn(jupyter, args, { cwd: root, env: { ...env, AE_JUPYTER_FAILURE_FILE: failureFile }, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = new OutputTail();
  const onLine = (line: string): void => {
    const progress = /^@@ae-jupyter cell-start (\d+) (\d+)$/.exec(line);
    if (progress) {
      cellIndex = Number(progress[1]);
      cells = Number(progress[2]);
      status.draw();
      return;
    }
    tail.push(line);
    if (options.verbose) {
      status.clear();
      process.stderr.write(`${line}\n`);
    }
  };
  readline.createInterface({ input: child.stdout! }).on('line', onLine);
  readline.createInterface({ input: child.stderr! }).on('line', onLine);
  let wasInterrupted = false;
  const interrupted = (): void => {
    wasInterrupted = true;
    child.kill('SIGINT');
  };
  process.on('SIGINT', interrupted);
  let exit: Exit;
  try {
    exit = await exitOf(child);
  } finally {
    process.off('SIGINT', interrupted);
    status.clear();
  }
  try {
    if (exit.code === 0) {
      writeFileAtomic(file, serializeNotebook(normalizeNotebook(readJson(file) as object, root)));
      return;
    }
    if (wasInterrupted || exit.signal === 'SIGINT') throw new CliError(`${shown}: interrupted${cellIndex === undefined ? '' : ` in cell ${cellIndex + 1}`} (the notebook file is unchanged)`, 130);
    if (fs.existsSync(failureFile)) {
      const failure = readJson(failureFile) as { failedCell?: number; notebook?: Json };
      const error = failure.notebook ? findCellError(failure.notebook as object, failure.failedCell) : null;
      if (error) throw new CliError(formatCellError(shown, { ...error, message: scrubProjectRoot(error.message, root) }));
    }
    // No cell error saved: a timeout, a dead kernel, or nbconvert itself. Name the running cell if known.
    const reason = `jupyter nbconvert failed${exit.code !== null ? ` (exit ${exit.code})` : ` (${exit.signal})`}: ${tail.summary().replace(/^nbclient\.exceptions\./, '') || 'no output'}`;
    const running = cellIndex === undefined ? null : findCellError(readJson(file) as object, cellIndex);
    throw new CliError(running ? formatCellError(shown, { ...running, message: reason }) : `${shown}: ${reason}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<void> {
  const program = cliCommand('start:jupyter', 'Execute every notebook (or those named) in order through jupyter nbconvert, in place, fail on the first cell error, normalize for committing, export HTML.')
    .argument('[notebooks...]', 'names or prefixes, e.g. 01 (default: all of notebooks/*.ipynb)')
    .option('--timeout <seconds>', 'time limit per cell', positiveInteger, DEFAULT_CELL_TIMEOUT)
    .option('--no-export', 'do not export HTML afterwards')
    .option('--verbose', "show nbconvert's own output", false)
    .parse(argv);
  const options = program.opts<{ timeout: number; export: boolean; verbose: boolean }>();
  oneLine(() => checkEnvironment()); // before Jupyter is looked for: a bad variable is the first thing to fix
  const root = findProjectRoot();
  const env = jupyterEnv(root);
  const jupyter = checkJupyter(['nbconvert'], env);
  kernelArgv(root);
  await executeNotebooks(root, listNotebooks(root, program.args), {
    engine: 'through jupyter nbconvert',
    ...(options.export ? { publish: (executed: readonly string[]) => publishEditions(root, executed) } : {}),
    all: program.args.length === 0,
    executeOne: (file) => executeNotebook(root, jupyter, env, file, options),
  });
}

if (require.main === module) runMain('start:jupyter', main);
