#!/usr/bin/env node
/**
 * What a reader sees, checked in headless Chromium (tools/page-checks.ts):
 *
 *   npm run check:html [-- 01]  the exported pages in figures/html/ and figures/html/ko/, opened from disk, network off
 *   npm run check:ui [-- 01]    the notebooks in a live Jupyter Notebook of our own, trusted
 *
 * One line per page (`ok …` with its screenshot in figures/html/screenshots/, or its problems);
 * exit 1 when a page has problems.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { cliCommand } from '../src/cli/parse';
import { loadMnist } from '../src/data/mnist';
import { selectBackend } from '../src/train/backend';
import { trainInNode } from '../src/trainer/node';
import { describeTrainerJob } from '../src/trainer/job';
import { findProjectRoot } from '../src/util/paths';
import { CliError, count, oneLine, relative, runMain, seconds } from './cli';
import { checkEnvironment } from './environment';
import { ALLOWED_EXTERNAL_SCRIPTS, htmlDir, koreanHtmlDir, koreanNotebookDir } from './export-html';
import { checkJupyter, jupyterEnv } from './jupyter';
import { NotebookServer } from './notebook-server';
import { kernelArgv, listNotebooks, readJson } from './notebooks';
import { type PageReport, checkStaticPage, checkUiPage, launchChromium, markupKinds, outputKinds } from './page-checks';

/** Headless Chromium; a missing binary is a one-line CliError. */
async function startBrowser(): Promise<Awaited<ReturnType<typeof launchChromium>>> {
  return launchChromium().catch((error: unknown) => oneLine(() => {
    throw error;
  }));
}

function screenshotsDir(root: string): string {
  return path.join(htmlDir(root), 'screenshots');
}

/** What a page must show: from its notebook's outputs (in `notebookDir`), else from the HTML itself. */
function expectedKinds(notebookDir: string, name: string, html?: string): ReturnType<typeof outputKinds> {
  const notebook = path.join(notebookDir, `${name}.ipynb`);
  if (fs.existsSync(notebook)) return outputKinds(readJson(notebook) as object);
  const text = html ?? '';
  return {
    png: (text.match(/<img\b[^>]*src="data:image\/png/g) ?? []).length, scripts: 0,
    explorers: (text.match(/<div class="ae-explorer" id=/g) ?? []).length, trainers: (text.match(/<div class="ae-trainer" id=/g) ?? []).length, ...markupKinds(text),
  };
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
    for (const note of report.notes) console.log(`note ${report.name}: the host Jupyter's own ${note} (reported, not failed on)`);
    if (report.problems.length === 0) {
      console.log(`ok ${report.name}: ${describe(report)}; screenshot ${relative(root, report.screenshot)}`);
    } else {
      failed++;
      for (const problem of report.problems) console.error(`${report.name}: ${problem}`);
    }
  }
  if (failed > 0) throw new CliError(`check-html: ${failed} of ${count(reports.length, 'page')} failed`);
}

async function checkHtmlCommand(root: string, selectors: string[]): Promise<void> {
  const pagesOf = (dir: string): string[] => {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.endsWith('.html')).sort() : [];
    return selectors.length === 0 ? files : files.filter((name) => selectors.some((selector) => name.startsWith(path.basename(selector).replace(/\.(ipynb|html)$/, ''))));
  };
  const english = htmlDir(root);
  const korean = koreanHtmlDir(root);
  const editions = [
    { dir: english, notebooks: path.join(root, 'notebooks'), files: pagesOf(english), twins: korean, prefix: '', hangul: false },
    { dir: korean, notebooks: koreanNotebookDir(root), files: pagesOf(korean), twins: english, prefix: 'ko-', hangul: true },
  ];
  if (editions[0]!.files.length === 0) throw new CliError(`no pages in ${relative(root, english)}/: run 'npm run export' first`);
  fs.mkdirSync(screenshotsDir(root), { recursive: true });
  const browser = await startBrowser();
  const reports: PageReport[] = [];
  try {
    for (const edition of editions) {
      for (const file of edition.files) {
        const name = path.basename(file, '.html');
        const html = path.join(edition.dir, file);
        reports.push(await checkStaticPage(browser, {
          name: relative(root, html),
          file: html,
          expected: expectedKinds(edition.notebooks, name, fs.readFileSync(html, 'utf8')),
          screenshot: path.join(screenshotsDir(root), `${edition.prefix}${name}.png`),
          allowedExternal: (url) => ALLOWED_EXTERNAL_SCRIPTS.some((allowed) => allowed.test(url)),
          trainerJob: TRAINER_CHECK_JOB,
          twin: fs.existsSync(path.join(edition.twins, file)),
          hangul: edition.hangul,
        }));
      }
    }
  } finally {
    await browser.close();
  }
  await compareTrainerRuns(reports);
  printReports(root, reports);
}

/** The job check-html trains in a page's browser trainer: the first job's settings, 2 epochs (seconds). */
const TRAINER_CHECK_JOB = { latentDim: 2, epochs: 2, seed: 0 };

/**
 * For each page whose trainer ran: the same job trained in Node on the wasm backend (src/trainer/node.ts).
 * The two histories must be equal bit for bit, and the page at least half as fast as Node; one line
 * reports both speeds.
 */
async function compareTrainerRuns(reports: PageReport[]): Promise<void> {
  const runs = reports.filter((report) => report.trainer !== undefined);
  if (runs.length === 0) return;
  await selectBackend({ backend: 'wasm', log: () => {} });
  const mnist = loadMnist();
  for (const report of runs) {
    const { job, history } = report.trainer!;
    const inNode = await trainInNode(mnist, job);
    const fields = ['trainLoss', 'valLoss', 'bestEpoch', 'bestValLoss', 'testLoss', 'testLossUntrained'] as const;
    const differing = fields.filter((field) => !isDeepStrictEqual(history[field], inNode[field]));
    if (differing.length > 0) report.problems.push(`browser trainer: ${differing.join(', ')} differ from Node's for the same job (${describeTrainerJob(job)})`);
    if (!(history.testLoss < history.testLossUntrained)) report.problems.push(`browser trainer: the test MSE did not fall (${history.testLossUntrained} untrained, ${history.testLoss} trained)`);
    if (!(history.imagesPerSecond >= inNode.imagesPerSecond / 2)) report.problems.push(`browser trainer: ${Math.round(history.imagesPerSecond)} images/s, less than half of Node's ${Math.round(inNode.imagesPerSecond)}`);
    const speed = (value: number): string => Math.round(value).toLocaleString('en-US');
    console.log(`trainer ${report.name}: ${describeTrainerJob(job)}: ${speed(history.imagesPerSecond)} training images/s in the page, ${speed(inNode.imagesPerSecond)} in Node (wasm, one thread); `
      + `${differing.length === 0 ? 'the same history bit for bit' : 'different histories'}; test MSE ${history.testLossUntrained.toFixed(4)} untrained, ${history.testLoss.toFixed(4)} trained`);
  }
}

async function checkUiCommand(root: string, selectors: string[]): Promise<void> {
  const baseEnv = jupyterEnv(root);
  const jupyter = checkJupyter(['notebook'], baseEnv);
  kernelArgv(root);
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
          serverBase: server.baseUrl,
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

async function main(argv: string[]): Promise<void> {
  const program = cliCommand('check-html', 'Open figures/html/*.html in headless Chromium (or, with --ui, the notebooks in a live Jupyter Notebook): no errors, images and charts drawn, screenshots not blank.')
    .argument('[names...]', 'names or prefixes (default: all)')
    .option('--ui', 'check the notebooks in Jupyter Notebook instead of the exported pages', false)
    .parse(argv);
  oneLine(() => checkEnvironment());
  const root = findProjectRoot();
  await (program.opts<{ ui: boolean }>().ui ? checkUiCommand(root, program.args) : checkHtmlCommand(root, program.args));
}

if (require.main === module) runMain('check-html', main);
