#!/usr/bin/env node
/**
 * `npm start` with Node alone: executes every notebook (or those named) in the project's tslab
 * kernel, spoken to directly over the Jupyter messaging protocol, writes each back normalized
 * (as `jupyter nbconvert --execute` would, see tools/notebook-json.ts), writes the Korean edition
 * again from them (notebooks/ko/, when its translations are up to date), then exports both to
 * standalone HTML in figures/html/ and figures/html/ko/. `--export-only` (npm run export) skips the execution;
 * `--student` runs the student edition (notebooks/student/) instead, as a student would.
 * Jupyter (Python) is needed only for the interactive UI (`npm run notebook`, `npm run check:ui`).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { Option } from 'commander';
import { cliCommand, positiveInteger } from '../src/cli/parse';
import { writeFileAtomic } from '../src/util/files';
import { findProjectRoot } from '../src/util/paths';
import { firstLine } from '../src/util/text';
import { CliError, StatusLine, oneLine, relative, runMain, seconds } from './cli';
import { checkEnvironment } from './environment';
import { publishEditions } from './editions';
import { Kernel } from './kernel';
import { findCellError, formatCellError } from './cell-errors';
import { normalizeNotebook, scrubProjectRoot, serializeNotebook } from './notebook-json';
import { checkNotebookKernel, executeNotebooks, kernelArgv, listNotebooks } from './notebooks';
import { CellFailure, type Notebook, runNotebook } from './run-notebook';
import { studentDir } from './student';

/** Per-cell time limit, in seconds (training cells of the full preset are long). */
export const DEFAULT_CELL_TIMEOUT = 1800;

/** The notebook at `file`, once checked to be JSON that names the tslab kernel (one CliError line otherwise). */
function readNotebook(root: string, file: string): Notebook {
  return checkNotebookKernel(root, file) as unknown as Notebook;
}

/**
 * The training progress a live display of the library (`LiveProgress`, class `ae-progress`) shows,
 * as one line of text: its running bars ("latent dim 32, digit 3, epoch 4/15 12/43 batches · …").
 */
export function trainingProgressText(html: string): string {
  if (!html.includes('ae-progress')) return '';
  const bars = [...html.matchAll(/<div>([^<]*)<progress [^>]*><\/progress>([^<]*)<\/div>/g)].map((match) => `${match[1]!.trim()} ${match[2]!.trim()}`);
  return bars.join('; ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/** Which notebook, which cell of how many, for how long, and the training it reports: one line redrawn on a terminal, a line per cell elsewhere. */
class Progress {
  private status: StatusLine | undefined;
  private training = '';
  display(data: Record<string, unknown>): void {
    const html = data['text/html'];
    this.training = trainingProgressText(Array.isArray(html) ? html.join('') : typeof html === 'string' ? html : '');
    this.status?.draw();
  }
  cell(notebook: string, position: number, total: number, started: number): void {
    this.stop();
    this.training = '';
    const render = () => `  ${notebook}: cell ${position}/${total}, ${seconds(performance.now() - started)}${this.training ? ` · ${this.training}` : ''}`;
    if (!process.stderr.isTTY) console.log(render());
    this.status = new StatusLine(render);
    this.status.draw();
  }
  stop(): void {
    this.status?.clear();
    this.status = undefined;
  }
}

/** Executes one notebook in a fresh kernel and writes it back normalized; a failing cell is one CliError line. */
export async function executeNotebook(root: string, argv: string[], file: string, timeoutSeconds: number): Promise<void> {
  const shown = relative(root, file);
  const nb = readNotebook(root, file);
  let kernel: Kernel | undefined;
  const progress = new Progress();
  let cell = 0;
  // Ctrl-C or a kill: stop the kernel too (it is a process of its own), leave the notebook as it
  // was. Installed before the kernel starts; a kill that cannot be handled (-9) leaves the kernel
  // to its watchdog (tools/kernel-watchdog.ts).
  const stop = (signal: NodeJS.Signals) => (): void => {
    progress.stop();
    console.error(`${shown}: interrupted${cell > 0 ? ` in cell ${cell}` : ''} (the notebook file is unchanged)`);
    const code = 128 + (os.constants.signals[signal] ?? 15);
    void (kernel?.shutdown() ?? Promise.resolve()).finally(() => process.exit(code));
  };
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((signal) => [signal, stop(signal)] as const);
  for (const [signal, handler] of handlers) process.once(signal, handler);
  const started = performance.now();
  try {
    kernel = await Kernel.start({ argv, cwd: path.dirname(file), env: process.env }).catch((error: unknown) => {
      throw new CliError(`${shown}: ${firstLine(error)}`);
    });
    await runNotebook(kernel, nb, timeoutSeconds * 1000, {
      onCellStart: (index, total, position) => {
        cell = index + 1;
        progress.cell(shown, position, total, started);
      },
      onDisplay: (data) => progress.display(data),
    });
  } catch (error) {
    progress.stop();
    const failed = error instanceof CellFailure ? findCellError(nb, error.cellIndex) : null;
    if (error instanceof CliError) throw error;
    const message = error instanceof CellFailure ? null : firstLine(error);
    if (failed) throw new CliError(formatCellError(shown, { ...failed, message: scrubProjectRoot(message ?? failed.message, root) }));
    throw new CliError(`${shown}: ${message ?? 'failed'} (the notebook file is unchanged)`);
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    progress.stop();
    await kernel?.shutdown();
  }
  writeFileAtomic(file, serializeNotebook(normalizeNotebook(nb, root)));
}

async function main(argv: string[]): Promise<void> {
  const options = cliCommand('start', 'Execute the notebooks in the tslab kernel (no Jupyter needed) and export them to figures/html/.')
    .argument('[notebooks...]', 'names or prefixes, e.g. 01 (default: all of notebooks/*.ipynb)')
    .addOption(new Option('--timeout <seconds>', 'time limit per cell').default(DEFAULT_CELL_TIMEOUT).argParser(positiveInteger))
    .option('--export-only', 'only export the notebooks as they are to HTML', false)
    .option('--no-export', 'execute without exporting')
    .option('--student', "the student edition's notebooks (notebooks/student/), as a student runs them: no export, no run times recorded", false)
    .parse(argv);
  const root = findProjectRoot();
  const { timeout, exportOnly, export: doExport, student } = options.opts<{ timeout: number; exportOnly: boolean; export: boolean; student: boolean }>();
  if (student && exportOnly) throw new CliError('--student and --export-only do not go together: the student edition is not exported');
  const notebooks = listNotebooks(root, options.args, student ? studentDir(root) : undefined);
  if (exportOnly) {
    oneLine(() => publishEditions(root, notebooks));
    return;
  }
  oneLine(() => checkEnvironment());
  const argvOfKernel = kernelArgv(root);
  await executeNotebooks(root, notebooks, {
    engine: student ? 'in the tslab kernel, student edition' : 'in the tslab kernel',
    ...(doExport && !student ? { publish: (executed: readonly string[]) => publishEditions(root, executed) } : {}),
    all: options.args.length === 0,
    record: !student,
    executeOne: (file) => executeNotebook(root, argvOfKernel, file, timeout),
  });
}

if (require.main === module) runMain('start', main);
