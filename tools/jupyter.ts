#!/usr/bin/env node
/**
 * Jupyter itself (Python), for the commands that need it: the interactive UI and the nbconvert
 * path. `npm start` and `npm run export` need none of this (tools/start.ts).
 *
 *   npm run notebook [-- --no-browser --port 8899]  → Jupyter Notebook on notebooks/
 *   npm run jupyter -- <args>                        → plain `jupyter <args>`, with this project's kernel
 *
 * Jupyter runs with `JUPYTER_PATH` naming `node_modules/.jupyter`, where `npm install` writes this
 * project's tslab kernelspec (tools/install-kernel.cjs). Jupyter is not an npm dependency: it is
 * the `jupyter` command on PATH (Debian/Ubuntu: apt packages jupyter-notebook, jupyter-nbconvert),
 * and a machine without it gets the same one-line answer from every command.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliCommand } from '../src/cli/parse';
import { findProjectRoot } from '../src/util/paths';
import { CliError, oneLine, runMain } from './cli';
import { checkEnvironment } from './environment';
import { jupyterDataDir, kernelArgv } from './notebooks';

/** The path of executable `name` on `pathVariable` (a PATH string), or null. */
export function findOnPath(name: string, pathVariable: string | undefined = process.env['PATH']): string | null {
  for (const dir of (pathVariable ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // Not here.
    }
  }
  return null;
}

/** The Jupyter applications the commands need. */
export type JupyterApp = 'nbconvert' | 'notebook';

const INSTALL = {
  notebook: { apt: 'jupyter-notebook', pip: 'notebook', name: 'Notebook' },
  nbconvert: { apt: 'jupyter-nbconvert', pip: 'nbconvert', name: 'nbconvert' },
} as const;

/**
 * The one line printed when Jupyter, or the part of it a command needs, is missing. With no
 * `jupyter` command at all it names both packages (the notebooks need both sooner or later).
 */
export function missingJupyterMessage(missing: readonly JupyterApp[], jupyterFound: boolean): string {
  const apps: JupyterApp[] = jupyterFound ? [...missing] : ['notebook', 'nbconvert'];
  const what = jupyterFound ? `Jupyter ${apps.map((app) => INSTALL[app].name).join(' and ')} ${apps.length > 1 ? 'are' : 'is'} missing` : 'Jupyter is missing';
  return `${what}: on Debian/Ubuntu run 'sudo apt-get install ${apps.map((app) => INSTALL[app].apt).join(' ')}'; elsewhere 'pip install ${apps.map((app) => INSTALL[app].pip).join(' ')}'`;
}

/**
 * Checks that `jupyter` is on PATH and runs each of `apps` (`jupyter <app> --version`); returns
 * the `jupyter` path. nbconvert must be 6 or later (its `--execute` runs through nbclient).
 */
export function checkJupyter(apps: readonly JupyterApp[], env: NodeJS.ProcessEnv = process.env): string {
  const jupyter = findOnPath('jupyter', env['PATH']);
  if (jupyter === null) throw new CliError(missingJupyterMessage(apps, false));
  const missing: JupyterApp[] = [];
  for (const app of apps) {
    const run = spawnSync(jupyter, [app, '--version'], { env, encoding: 'utf8', timeout: 60_000 });
    const version = run.status === 0 ? /\d+(?:\.\d+)*/.exec(run.stdout)?.[0] : undefined;
    if (version === undefined) {
      missing.push(app);
    } else if (app === 'nbconvert' && Number(version.split('.')[0]) < 6) {
      throw new CliError(`Jupyter nbconvert ${version} is too old (6 or later is needed): on Debian/Ubuntu run 'sudo apt-get install jupyter-nbconvert'; elsewhere 'pip install -U nbconvert'`);
    }
  }
  if (missing.length > 0) throw new CliError(missingJupyterMessage(missing, true));
  return jupyter;
}

/** The environment Jupyter runs in: the project's kernelspec on JUPYTER_PATH, debugpy quiet. */
export function jupyterEnv(root: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const dataDir = jupyterDataDir(root);
  const rest = (base['JUPYTER_PATH'] ?? '').split(path.delimiter).filter((entry) => entry !== '' && entry !== dataDir);
  return {
    ...base,
    JUPYTER_PATH: [dataDir, ...rest].join(path.delimiter),
    // ipykernel's debugpy warns about frozen modules on Python 3.11 otherwise.
    PYDEVD_DISABLE_FILE_VALIDATION: '1',
  };
}

/** The exit of a child process: its code, or the signal that ended it. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export function exitOf(child: ChildProcess): Promise<Exit> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
}

/** Last lines of a child's output, for a one-line explanation when it fails. */
export class OutputTail {
  readonly lines: string[] = [];
  constructor(private readonly max = 200) {}
  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.max) this.lines.shift();
  }
  /** The last line naming a Python exception (`nbclient.exceptions.CellTimeoutError: …`), else the last line. */
  summary(): string {
    const exception = [...this.lines].reverse().find((line) => /^[A-Za-z_][\w.]*(?:Error|Exception|Interrupt|Exit)\b/.test(line));
    return (exception ?? [...this.lines].reverse().find((line) => line.trim() !== '') ?? '').trim();
  }
}

/** Runs `jupyter args` attached to this terminal; Ctrl-C goes to Jupyter (it asks before stopping). */
async function runAttached(jupyter: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const child = spawn(jupyter, args, { stdio: 'inherit', env, cwd });
  const ignore = (): void => {};
  const forward = (signal: NodeJS.Signals) => (): void => void child.kill(signal);
  const onTerm = forward('SIGTERM');
  const onHup = forward('SIGHUP');
  process.on('SIGINT', ignore); // the terminal sends it to Jupyter too
  process.on('SIGTERM', onTerm);
  process.on('SIGHUP', onHup);
  try {
    const { code, signal } = await exitOf(child);
    return code ?? (signal === 'SIGINT' ? 130 : 1);
  } finally {
    process.off('SIGINT', ignore);
    process.off('SIGTERM', onTerm);
    process.off('SIGHUP', onHup);
  }
}

async function main(argv: string[]): Promise<void> {
  oneLine(() => checkEnvironment());
  const root = findProjectRoot();
  const env = jupyterEnv(root);
  const program = cliCommand('jupyter', "Jupyter with this project's tslab kernel (behind npm run notebook and npm run jupyter).").enablePositionalOptions();
  const passThrough = (name: string, description: string, run: (args: string[]) => Promise<number>): void => {
    program.command(name).description(description).helpOption(false).allowUnknownOption().allowExcessArguments()
      .argument('[args...]')
      .action(async (args: string[]) => void (process.exitCode = await run(args)));
  };
  passThrough('notebook', 'Jupyter Notebook on notebooks/ with the tslab kernel; arguments go to `jupyter notebook` (e.g. --no-browser --port 8899)', (args) => {
    const jupyter = checkJupyter(['notebook'], env);
    kernelArgv(root);
    return runAttached(jupyter, ['notebook', `--notebook-dir=${path.join(root, 'notebooks')}`, ...args], env, root);
  });
  passThrough('run', '`jupyter <args>` with the project kernel on JUPYTER_PATH', (args) => runAttached(checkJupyter([], env), args, env, process.cwd()));
  await program.parseAsync(argv);
}

if (require.main === module) runMain('jupyter', main);
