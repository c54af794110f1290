/**
 * The frame of a checking run (`npm run check:exercises`, `npm run check:student`): notebooks run on
 * copies with the smoke preset and strict self-checks, and the figures those copies write are put
 * back as they were afterwards, so that the committed ones stay.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Option } from 'commander';
import { cliCommand, positiveInteger } from '../src/cli/parse';
import { findProjectRoot } from '../src/util/paths';
import { oneLine } from './cli';
import { checkEnvironment } from './environment';
import { kernelArgv } from './notebooks';
import { DEFAULT_CELL_TIMEOUT } from './start';

/** What a checking run's body gets. */
export interface CheckingRun {
  root: string;
  /** The kernelspec's argv. */
  kernel: string[];
  /** Seconds per cell. */
  timeout: number;
  /** The notebooks named on the command line (names or prefixes; none: all). */
  selectors: string[];
}

/** Every file under `dir`, by path relative to it, with its bytes. */
export function snapshotFiles(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  if (!fs.existsSync(dir)) return files;
  for (const name of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const file = path.join(dir, name);
    if (fs.statSync(file).isFile()) files.set(name, fs.readFileSync(file));
  }
  return files;
}

/** Puts `dir`'s files back as in `snapshot` (changed and removed ones), and removes files that were not there. */
export function restoreFiles(dir: string, snapshot: Map<string, Buffer>): void {
  for (const name of snapshotFiles(dir).keys()) if (!snapshot.has(name)) fs.rmSync(path.join(dir, name));
  for (const [name, bytes] of snapshot) {
    const file = path.join(dir, name);
    if (!fs.existsSync(file) || !fs.readFileSync(file).equals(bytes)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, bytes);
    }
  }
}

/**
 * Parses `[notebooks...] [--timeout s]`, sets `AE_PRESET=smoke` and `AE_CHECKS=strict`, checks the
 * environment and the kernelspec, then runs `body`, putting figures/ back afterwards, failed or not.
 */
export async function checkingRun(command: string, description: string, folder: string, argv: string[], body: (run: CheckingRun) => Promise<void>): Promise<void> {
  const options = cliCommand(command, description)
    .argument('[notebooks...]', `names or prefixes, e.g. 01 (default: all of ${folder}*.ipynb)`)
    .addOption(new Option('--timeout <seconds>', 'time limit per cell').default(DEFAULT_CELL_TIMEOUT).argParser(positiveInteger))
    .parse(argv);
  const root = findProjectRoot();
  const { timeout } = options.opts<{ timeout: number }>();
  process.env['AE_PRESET'] = 'smoke';
  process.env['AE_CHECKS'] = 'strict';
  oneLine(() => checkEnvironment());
  const kernel = kernelArgv(root);
  const figures = path.join(root, 'figures');
  const saved = snapshotFiles(figures);
  try {
    await body({ root: root, kernel: kernel, timeout: timeout, selectors: options.args });
  } finally {
    restoreFiles(figures, saved);
  }
}
