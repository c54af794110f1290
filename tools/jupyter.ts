#!/usr/bin/env node
/**
 * The project's one door to Jupyter; every npm script that needs Jupyter goes through it, so that
 * a machine without Jupyter always gets the same one-line answer (`npm start` and `npm run export`
 * need no Jupyter: tools/start.ts):
 *
 *   npm run notebook [-- --no-browser --port 8899]  → notebook   Jupyter Notebook on notebooks/
 *   npm run start:jupyter                            → execute    run every notebook in place through nbconvert, then export
 *   npm run check:html                               → check-html open figures/html/*.html in headless Chromium
 *   npm run check:ui                                 → check-html --ui  the same through a live Jupyter Notebook
 *   npm run jupyter -- <args>                        → run        plain `jupyter <args>`, with this project's kernel
 *
 * Jupyter runs with `JUPYTER_PATH` naming `node_modules/.jupyter`, where `npm install` writes this
 * project's tslab kernelspec (tools/install-kernel.cjs). Jupyter itself is Python and is
 * not an npm dependency: it is the `jupyter` command on PATH (Debian/Ubuntu: apt packages
 * jupyter-notebook, jupyter-nbconvert).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { Command } from 'commander';
import { writeFileAtomic } from '../src/util/files';
import { firstLine } from '../src/util/text';
import { findProjectRoot } from '../src/util/paths';
import { presetFromEnv, PRESET_ENV } from '../src/train/presets';
import { envValue } from '../src/util/env';
import { checkEnvironment } from './environment';
import { positiveInteger } from '../src/cli/parse';
import { ALLOWED_EXTERNAL_SCRIPTS, exportNotebooks, htmlDir } from './export-html';
import { type PageReport, checkStaticPage, checkUiPage, launchChromium } from './html-check';
import { type Json, findCellError, formatCellError, markupKinds, normalizeNotebook, outputKinds, scrubProjectRoot, serializeNotebook } from './notebook-json';

/** A failure the CLI reports as one line (no stack trace), exiting with `exitCode`. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/** The kernel name notebooks must use (`metadata.kernelspec.name`). */
export const KERNEL_NAME = 'tslab';

/** Per-cell time limit of `execute`, in seconds (training cells of the full preset are long). */
const DEFAULT_CELL_TIMEOUT = 1800;

/** `file` relative to the project root, for messages. */
export function relative(root: string, file: string): string {
  return path.relative(root, file) || '.';
}

/** A duration for people: `4.2 s`, `8 min 3 s`. */
export function seconds(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

// ---------------------------------------------------------------------------------------------
// Is Jupyter there?

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
 * the `jupyter` path. nbconvert must be 6 or later (the export template extends its `lab` one).
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

/** node_modules/.jupyter: the Jupyter data folder holding this project's kernelspec. */
export function jupyterDataDir(root: string): string {
  return path.join(root, 'node_modules', '.jupyter');
}

/** Checks that `npm install` wrote the tslab kernelspec, and that it points at an existing tslab. */
export function checkKernelspec(root: string): void {
  const file = path.join(jupyterDataDir(root), 'kernels', KERNEL_NAME, 'kernel.json');
  const shown = relative(root, file);
  if (!fs.existsSync(file)) throw new CliError(`The project's Jupyter kernel is missing (${shown}): run 'npm install'`);
  let argv0: unknown;
  try {
    argv0 = (JSON.parse(fs.readFileSync(file, 'utf8')) as { argv?: unknown[] }).argv?.[0];
  } catch {
    throw new CliError(`${shown} is not valid JSON: run 'npm install' to write it again`);
  }
  if (typeof argv0 !== 'string' || !fs.existsSync(argv0)) {
    throw new CliError(`${shown} starts ${String(argv0)}, which does not exist (project moved?): run 'npm install'`);
  }
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

// ---------------------------------------------------------------------------------------------
// Notebooks

/**
 * `notebooks/*.ipynb` sorted by name; with `selectors`, those named by one (`01`, `01-intro`,
 * `01-intro.ipynb`, a path, or a name prefix). A selector matching nothing is an error.
 */
export function listNotebooks(root: string, selectors: readonly string[] = []): string[] {
  const dir = path.join(root, 'notebooks');
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

function readJson(file: string): Json {
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

// ---------------------------------------------------------------------------------------------
// Child processes

/** The exit of a child process: its code, or the signal that ended it. */
interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

function exitOf(child: ChildProcess): Promise<Exit> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
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

/** Last lines of a child's output, for a one-line explanation when it fails. */
class OutputTail {
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

/** A live status line on a terminal, redrawn every second and on `draw()` (nothing when stderr is not one, e.g. in CI). */
export class StatusLine {
  private text = '';
  private readonly timer: NodeJS.Timeout | undefined;
  constructor(private readonly render: () => string) {
    if (process.stderr.isTTY) this.timer = setInterval(() => this.draw(), 1000);
  }
  draw(): void {
    if (!process.stderr.isTTY) return;
    this.text = this.render().slice(0, (process.stderr.columns || 80) - 1);
    process.stderr.write(`\r\x1b[K${this.text}`);
  }
  clear(): void {
    if (this.timer) clearInterval(this.timer);
    if (process.stderr.isTTY && this.text) process.stderr.write('\r\x1b[K');
    this.text = '';
  }
}

// ---------------------------------------------------------------------------------------------
// execute

interface ExecuteOptions {
  timeout: number;
  export: boolean;
  verbose: boolean;
}

/** Runs `jupyter nbconvert --execute --inplace` on one notebook; throws a one-line CliError on failure. */
async function executeNotebook(root: string, jupyter: string, env: NodeJS.ProcessEnv, file: string, options: ExecuteOptions, work: string): Promise<void> {
  const shown = relative(root, file);
  const failureFile = path.join(work, 'failure.json');
  fs.rmSync(failureFile, { force: true });
  const args = [
    'nbconvert',
    `--config=${path.join(root, 'tools', 'nbconvert', 'execute_hooks.py')}`,
    '--to', 'notebook', '--execute', '--inplace',
    `--ExecutePreprocessor.timeout=${options.timeout}`,
    '--ExecutePreprocessor.record_timing=False',
    file,
  ];
  const started = performance.now();
  let cell = '';
  let cellIndex: number | undefined;
  const status = new StatusLine(() => `  ${shown}: ${cell || 'starting the kernel'}, ${seconds(performance.now() - started)}`);
  const child = spawn(jupyter, args, { cwd: root, env: { ...env, AE_JUPYTER_FAILURE_FILE: failureFile }, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = new OutputTail();
  const onLine = (line: string): void => {
    const progress = /^@@ae-jupyter cell-start (\d+) (\d+)$/.exec(line);
    if (progress) {
      cellIndex = Number(progress[1]);
      cell = `cell ${cellIndex + 1}/${progress[2]}`;
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
  if (exit.code === 0) return;
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
}

/** Normalizes an executed notebook in place (see normalizeNotebook). */
function normalizeNotebookFile(root: string, file: string): void {
  const nb = readJson(file);
  writeFileAtomic(file, serializeNotebook(normalizeNotebook(nb as object, root)));
}

async function executeCommand(root: string, selectors: string[], options: ExecuteOptions): Promise<void> {
  const preset = presetFromEnv().name; // checked with the rest of the environment in main()
  const env = jupyterEnv(root);
  const jupyter = checkJupyter(['nbconvert'], env);
  checkKernelspec(root);
  const notebooks = listNotebooks(root, selectors);
  for (const file of notebooks) checkNotebookKernel(root, file);
  const chosen = envValue(PRESET_ENV) === undefined ? 'the default; AE_PRESET=smoke|quick|full' : 'AE_PRESET';
  console.log(`executing ${notebooks.length} notebook${notebooks.length === 1 ? '' : 's'} with preset ${preset} (${chosen})`);
  // Said before and after the run: after minutes of output, the first one has scrolled away.
  const note = preset === 'quick' ? undefined
    : `note: AE_PRESET=${preset} rewrites notebooks/*.ipynb with ${preset}-preset outputs; commit notebooks from a run with the default preset (plain 'npm start', quick) instead`;
  if (note) console.log(note);

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-jupyter-'));
  const started = performance.now();
  try {
    for (const file of notebooks) {
      const t0 = performance.now();
      await executeNotebook(root, jupyter, env, file, options, work);
      normalizeNotebookFile(root, file);
      console.log(`executed ${relative(root, file)} in ${seconds(performance.now() - t0)}`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(`executed ${notebooks.length} notebook${notebooks.length === 1 ? '' : 's'} in ${seconds(performance.now() - started)}`);
  if (options.export) {
    try {
      exportNotebooks(root, notebooks);
    } catch (error) {
      throw new CliError(firstLine(error));
    }
  }
  if (note) console.log(note);
}

// ---------------------------------------------------------------------------------------------
// export

// ---------------------------------------------------------------------------------------------
// check-html

/** Headless Chromium; a missing binary is a one-line CliError. */
async function startBrowser(): Promise<Awaited<ReturnType<typeof launchChromium>>> {
  try {
    return await launchChromium();
  } catch (error) {
    throw new CliError(firstLine(error));
  }
}

function screenshotsDir(root: string): string {
  return path.join(htmlDir(root), 'screenshots');
}

/** What a page must show: from its notebook's outputs, else from the HTML itself. */
function expectedKinds(root: string, name: string, html?: string): ReturnType<typeof outputKinds> {
  const notebook = path.join(root, 'notebooks', `${name}.ipynb`);
  if (fs.existsSync(notebook)) return outputKinds(readJson(notebook) as object);
  const text = html ?? '';
  return { png: (text.match(/<img\b[^>]*src="data:image\/png/g) ?? []).length, scripts: 0, ...markupKinds(text) };
}

function describe(report: PageReport): string {
  const parts = [`loaded in ${seconds(report.loadMs)}`, `${report.images} image${report.images === 1 ? '' : 's'}`];
  if (report.plotly) parts.push('Plotly drawn');
  if (report.observablePlot) parts.push('Plot SVG');
  return parts.join(', ');
}

function printReports(root: string, reports: PageReport[]): void {
  let failed = 0;
  for (const report of reports) {
    if (report.problems.length === 0) {
      console.log(`ok ${report.name}: ${describe(report)}; screenshot ${relative(root, report.screenshot)}`);
    } else {
      failed++;
      for (const problem of report.problems) console.error(`${report.name}: ${problem}`);
    }
  }
  if (failed > 0) throw new CliError(`check-html: ${failed} of ${reports.length} page${reports.length === 1 ? '' : 's'} failed`);
}

async function checkHtmlCommand(root: string, selectors: string[]): Promise<void> {
  const dir = htmlDir(root);
  let files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.endsWith('.html')).sort() : [];
  if (selectors.length > 0) files = files.filter((name) => selectors.some((selector) => name.startsWith(path.basename(selector).replace(/\.(ipynb|html)$/, ''))));
  if (files.length === 0) throw new CliError(`no pages in ${relative(root, dir)}/: run 'npm run export' first`);
  fs.mkdirSync(screenshotsDir(root), { recursive: true });
  const browser = await startBrowser();
  const reports: PageReport[] = [];
  try {
    for (const file of files) {
      const name = path.basename(file, '.html');
      const html = path.join(dir, file);
      reports.push(await checkStaticPage(browser, {
        name: relative(root, html),
        file: html,
        expected: expectedKinds(root, name, fs.readFileSync(html, 'utf8')),
        screenshot: path.join(screenshotsDir(root), `${name}.png`),
        allowedExternal: (url) => ALLOWED_EXTERNAL_SCRIPTS.some((allowed) => allowed.test(url)),
      }));
    }
  } finally {
    await browser.close();
  }
  printReports(root, reports);
}

/** A TCP port free on 127.0.0.1 right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function request(url: string, init: RequestInit = {}, timeoutMs = 5000): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A Jupyter Notebook server of our own, on 127.0.0.1 only, with no token or password. */
class NotebookServer {
  readonly tail = new OutputTail(100);
  /** Headers for API calls that change something: Jupyter wants its XSRF cookie echoed in a header. */
  private xsrfHeaders: Record<string, string> = {};
  private exited: Exit | null = null;
  private readonly exit: Promise<Exit>;
  private constructor(readonly child: ChildProcess, readonly baseUrl: string) {
    this.exit = exitOf(child).then((exit) => (this.exited = exit));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => this.tail.push(line));
    readline.createInterface({ input: child.stderr! }).on('line', (line) => this.tail.push(line));
  }

  static async start(jupyter: string, env: NodeJS.ProcessEnv, notebookDir: string): Promise<NotebookServer> {
    const port = await freePort();
    const child = spawn(jupyter, [
      'notebook', '--no-browser', '--ip=127.0.0.1', `--port=${port}`, '--port-retries=0',
      '--NotebookApp.token=', '--NotebookApp.password=', `--notebook-dir=${notebookDir}`,
      // Jupyter refuses root without it (CI containers run as root); the server is ours, local and short-lived.
      ...(process.getuid?.() === 0 ? ['--allow-root'] : []),
    ], { env, cwd: notebookDir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const server = new NotebookServer(child, `http://127.0.0.1:${port}`);
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (server.exited) throw new CliError(`jupyter notebook exited before serving (code ${server.exited.code}): ${server.tail.summary()}`);
      try {
        if ((await request(`${server.baseUrl}/api`, {}, 2000)).ok) {
          await server.readXsrfCookie();
          return server;
        }
      } catch {
        // Not up yet.
      }
      if (Date.now() > deadline) {
        await server.stop();
        throw new CliError(`jupyter notebook did not answer on ${server.baseUrl} within 60 s: ${server.tail.summary()}`);
      }
      await delay(250);
    }
  }

  private async readXsrfCookie(): Promise<void> {
    const page = await request(`${this.baseUrl}/tree`);
    const cookie = /(?:^|,\s*)_xsrf=([^;,]*)/.exec(page.headers.get('set-cookie') ?? '')?.[1];
    if (cookie !== undefined) this.xsrfHeaders = { Cookie: `_xsrf=${cookie}`, 'X-XSRFToken': cookie };
  }

  /** Marks a notebook trusted, as the Trust button does: saving it with every cell trusted signs it. */
  async trust(name: string): Promise<void> {
    const url = `${this.baseUrl}/api/contents/${encodeURIComponent(name)}`;
    const got = await request(`${url}?type=notebook&content=1`);
    if (!got.ok) throw new CliError(`GET ${url}: HTTP ${got.status}`);
    const model = (await got.json()) as { content: { cells: { cell_type: string; metadata: Record<string, unknown> }[] } };
    for (const cell of model.content.cells) if (cell.cell_type === 'code') cell.metadata['trusted'] = true;
    const put = await request(url, { method: 'PUT', headers: { ...this.xsrfHeaders, 'Content-Type': 'application/json' }, body: JSON.stringify({ type: 'notebook', format: 'json', content: model.content }) }, 30_000);
    if (!put.ok) throw new CliError(`could not trust ${name}: PUT ${url}: HTTP ${put.status} ${(await put.text()).slice(0, 200)}`);
  }

  /** Shuts kernels and server down (API first, then signals to its process group); always resolves. */
  async stop(): Promise<void> {
    if (this.exited) return;
    try {
      const kernels = (await (await request(`${this.baseUrl}/api/kernels`)).json()) as { id: string }[];
      await Promise.all(kernels.map((kernel) => request(`${this.baseUrl}/api/kernels/${kernel.id}`, { method: 'DELETE', headers: this.xsrfHeaders }, 10_000).catch(() => undefined)));
      await request(`${this.baseUrl}/api/shutdown`, { method: 'POST', headers: this.xsrfHeaders }).catch(() => undefined);
    } catch {
      // Fall through to signals.
    }
    for (const [signal, waitMs] of [['SIGTERM', 10_000], ['SIGTERM', 5_000], ['SIGKILL', 5_000]] as const) {
      if (await this.exitWithin(waitMs)) break;
      this.kill(signal);
    }
    this.kill('SIGKILL'); // stragglers of the group (kernels)
  }

  /** Whether the server exits within `ms` (the timer is cleared, so it never holds the process up). */
  private async exitWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([this.exit.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)))]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Signals the server's whole process group (it was started detached); synchronous, for exit paths. */
  kill(signal: NodeJS.Signals): void {
    try {
      if (this.child.pid !== undefined) process.kill(-this.child.pid, signal);
    } catch {
      // Already gone.
    }
  }
}

async function checkUiCommand(root: string, selectors: string[]): Promise<void> {
  const baseEnv = jupyterEnv(root);
  const jupyter = checkJupyter(['notebook'], baseEnv);
  checkKernelspec(root);
  const notebooks = listNotebooks(root, selectors);
  fs.mkdirSync(screenshotsDir(root), { recursive: true });

  // The server works on copies, with Jupyter data/config/runtime folders of its own: trusting a
  // notebook re-saves it, and nothing of the user's Jupyter setup (passwords, extensions, trust
  // database) should change or matter.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-jupyter-ui-'));
  const notebookDir = path.join(work, 'notebooks');
  fs.mkdirSync(notebookDir);
  for (const file of notebooks) fs.copyFileSync(file, path.join(notebookDir, path.basename(file)));
  const env: NodeJS.ProcessEnv = {
    ...baseEnv,
    JUPYTER_CONFIG_DIR: path.join(work, 'config'),
    JUPYTER_DATA_DIR: path.join(work, 'data'),
    JUPYTER_RUNTIME_DIR: path.join(work, 'runtime'),
    JUPYTER_PREFER_ENV_PATH: '0',
  };

  let server: NotebookServer | undefined;
  const onSignal = (): void => {
    server?.kill('SIGTERM');
    fs.rmSync(work, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const reports: PageReport[] = [];
  try {
    const started = performance.now();
    server = await NotebookServer.start(jupyter, env, notebookDir);
    console.log(`jupyter notebook up on ${server.baseUrl} in ${seconds(performance.now() - started)}`);
    const browser = await startBrowser();
    try {
      for (const file of notebooks) {
        const name = path.basename(file);
        await server.trust(name);
        reports.push(await checkUiPage(browser, {
          name: `${relative(root, file)} (Jupyter Notebook)`,
          url: `${server.baseUrl}/notebooks/${encodeURIComponent(name)}`,
          expected: outputKinds(readJson(file) as object),
          screenshot: path.join(screenshotsDir(root), `ui-${path.basename(file, '.ipynb')}.png`),
        }));
      }
    } finally {
      await browser.close();
    }
  } finally {
    await server?.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    fs.rmSync(work, { recursive: true, force: true });
  }
  printReports(root, reports);
}

// ---------------------------------------------------------------------------------------------

function buildProgram(root: string): Command {
  const program = new Command('jupyter')
    .description("This project's Jupyter commands (behind the npm scripts notebook, start, export, check:html, check:ui, jupyter).")
    .enablePositionalOptions()
    .showHelpAfterError(false)
    .configureOutput({ outputError: (message, write) => write(message.split('\n')[0] + '\n') });

  program.command('notebook')
    .description('Jupyter Notebook on notebooks/ with the tslab kernel; arguments go to `jupyter notebook` (e.g. --no-browser --port 8899)')
    .helpOption(false).allowUnknownOption().allowExcessArguments()
    .argument('[args...]')
    .action(async (args: string[]) => {
      const env = jupyterEnv(root);
      const jupyter = checkJupyter(['notebook'], env);
      checkKernelspec(root);
      process.exitCode = await runAttached(jupyter, ['notebook', `--notebook-dir=${path.join(root, 'notebooks')}`, ...args], env, root);
    });

  program.command('run')
    .description('`jupyter <args>` with the project kernel on JUPYTER_PATH')
    .helpOption(false).allowUnknownOption().allowExcessArguments()
    .argument('[args...]')
    .action(async (args: string[]) => {
      const env = jupyterEnv(root);
      const jupyter = findOnPath('jupyter', env['PATH']);
      if (jupyter === null) throw new CliError(missingJupyterMessage([], false));
      process.exitCode = await runAttached(jupyter, args, env, process.cwd());
    });

  program.command('execute')
    .description('execute every notebook (or those named) in order, in place, fail on the first cell error, normalize for committing, export HTML')
    .argument('[notebooks...]', 'names or prefixes, e.g. 01 (default: all of notebooks/*.ipynb)')
    .option('--timeout <seconds>', 'time limit per cell', positiveInteger, DEFAULT_CELL_TIMEOUT)
    .option('--no-export', 'do not export HTML afterwards')
    .option('--verbose', "show nbconvert's own output")
    .action(async (selectors: string[], options: ExecuteOptions) => executeCommand(root, selectors, options));

  program.command('check-html')
    .description('open figures/html/*.html in headless Chromium (or, with --ui, the notebooks in a live Jupyter Notebook): no errors, images and charts drawn, screenshots not blank')
    .argument('[names...]', 'names or prefixes (default: all)')
    .option('--ui', 'check the notebooks in Jupyter Notebook instead of the exported pages')
    .action(async (selectors: string[], options: { ui?: boolean }) => (options.ui ? checkUiCommand(root, selectors) : checkHtmlCommand(root, selectors)));

  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    checkEnvironment();
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const root = findProjectRoot();
  await buildProgram(root).parseAsync(argv);
}

if (require.main === module) {
  main(process.argv).catch((error: unknown) => {
    const message = error instanceof CliError ? error.message : error instanceof Error ? `jupyter.ts: ${error.message}` : String(error);
    console.error(firstLine(message));
    if (!(error instanceof CliError) && error instanceof Error && process.env['DEBUG']) console.error(error.stack);
    process.exitCode = error instanceof CliError ? error.exitCode : 1;
  });
}
