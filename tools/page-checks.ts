/**
 * Headless Chromium checks of rendered notebooks, for `tools/check-html.ts`: exported
 * pages opened from disk with the network cut off, and notebooks in a live Jupyter Notebook.
 * Every wait is bounded; every problem is one line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import type { PageHistory } from '../src/trainer/page/messages';
import { envFile } from '../src/util/env';
import { firstLine } from '../src/util/text';
import { type JsonObject, cellsOf, isObject, joinLines, outputsOf } from './notebook-json';

/** Chromium flags: no sandbox (root in containers), no GPU, nothing phoning home. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

const VIEWPORT = { width: 1280, height: 900 };
/** Screenshots taller than this are cut (Chromium cannot capture unbounded pages). */
const MAX_SCREENSHOT_HEIGHT = 16_000;

/** The environment variable naming a Chrome or Chromium binary to use. */
export const CHROMIUM_PATH_ENV = 'CHROMIUM_PATH';

/** The Chromium binary: $CHROMIUM_PATH, else chromium/chromium-browser/google-chrome on PATH. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const given = envFile(CHROMIUM_PATH_ENV, 'a Chrome or Chromium binary', env);
  if (given !== undefined) return given;
  for (const dir of (env['PATH'] ?? '').split(path.delimiter).filter(Boolean).concat('/usr/bin')) {
    for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
      const candidate = path.join(dir, name);
      if (fs.existsSync(candidate)) return candidate;
    }
  }
  throw new Error("Chromium is missing: on Debian/Ubuntu run 'sudo apt-get install chromium'; elsewhere set CHROMIUM_PATH to a Chrome or Chromium binary");
}

/** Headless Chromium with a fresh profile (playwright makes a temporary --user-data-dir per launch). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** What a notebook's outputs hold, for checks of its rendering. */
export interface OutputKinds {
  /** image/png outputs (the PNG grids). */
  png: number;
  /** Plotly figures (HTML outputs calling Plotly.newPlot/react, or Plotly's MIME type). */
  plotly: boolean;
  /** Observable Plot SVGs (`<svg class="plot-…">`, Plot's default class `plot-d6a7b5`). */
  observablePlot: boolean;
  /** HTML outputs that carry a `<script>`. */
  scripts: number;
  /** Decoder explorers (`<div class="ae-explorer">`, src/plot/decoder-explorer.ts). */
  explorers: number;
  /** Browser trainers (`<div class="ae-trainer">`, src/trainer/page-html.ts). */
  trainers: number;
}

/**
 * Detects Plotly and Observable Plot markup in one output's HTML/SVG text. A Plot SVG inside a
 * Plotly output is that chart's static fallback, which the page removes once Plotly has drawn:
 * it does not count as a visible Plot chart.
 */
export function markupKinds(text: string): Pick<OutputKinds, 'plotly' | 'observablePlot'> {
  const plotly = /\bPlotly\.(?:newPlot|react)\s*\(/.test(text);
  return { plotly, observablePlot: !plotly && /<svg\b[^>]*\bclass="plot-[\w-]+/.test(text) };
}

/** What `nb`'s outputs hold: what its rendered page must show. */
export function outputKinds(nb: object): OutputKinds {
  const kinds: OutputKinds = { png: 0, plotly: false, observablePlot: false, scripts: 0, explorers: 0, trainers: 0 };
  for (const cell of cellsOf(nb as JsonObject)) {
    for (const output of outputsOf(cell)) {
      if (!isObject(output['data'])) continue;
      const data = output['data'];
      if ('image/png' in data) kinds.png++;
      if ('application/vnd.plotly.v1+json' in data) kinds.plotly = true;
      const markup = joinLines(data['text/html']) + joinLines(data['image/svg+xml']);
      const found = markupKinds(markup);
      kinds.plotly ||= found.plotly;
      kinds.observablePlot ||= found.observablePlot;
      if (/<script\b/i.test(joinLines(data['text/html']))) kinds.scripts++;
      if (/<div class="ae-explorer" id=/.test(joinLines(data['text/html']))) kinds.explorers++;
      if (/<div class="ae-trainer" id=/.test(joinLines(data['text/html']))) kinds.trainers++;
    }
  }
  return kinds;
}

/** How much a screenshot varies: a blank page is one colour. */
export interface PixelStats {
  width: number;
  height: number;
  /** Standard deviation of the grey level (0..255). */
  stddev: number;
  /** Share of pixels that differ from the most common colour. */
  nonBackground: number;
}

export function pixelStats(png: PNG): PixelStats {
  const { width, height, data } = png;
  const pixels = width * height;
  const counts = new Map<number, number>();
  let sum = 0;
  let sumSquares = 0;
  for (let offset = 0; offset < pixels * 4; offset += 4) {
    const r = data[offset]!;
    const g = data[offset + 1]!;
    const b = data[offset + 2]!;
    const grey = 0.299 * r + 0.587 * g + 0.114 * b;
    sum += grey;
    sumSquares += grey * grey;
    const colour = (r << 16) | (g << 8) | b;
    counts.set(colour, (counts.get(colour) ?? 0) + 1);
  }
  const mean = pixels > 0 ? sum / pixels : 0;
  const background = Math.max(0, ...counts.values());
  return {
    width,
    height,
    stddev: pixels > 0 ? Math.sqrt(Math.max(0, sumSquares / pixels - mean * mean)) : 0,
    nonBackground: pixels > 0 ? 1 - background / pixels : 0,
  };
}

/** Blank: (almost) one colour. A rendered notebook has text and pictures on a plain background. */
export function isBlank(stats: PixelStats): boolean {
  return stats.stddev < 2 || stats.nonBackground < 0.002;
}

/** What a page check found. */
export interface PageReport {
  name: string;
  screenshot: string;
  loadMs: number;
  images: number;
  plotly: boolean;
  observablePlot: boolean;
  /** The page's trainer run, when it has a trainer and a job was given. */
  trainer?: TrainerRun;
  /** What fails the check: errors of our content (the page, the notebook's outputs). */
  problems: string[];
  /** What is reported only: errors of the host's Jupyter (its optional extensions, its own assets). */
  notes: string[];
}

/** Longest problem line reported. */
const MAX_PROBLEM = 300;

/**
 * The script an exception was thrown in: the URL of its stack's top frame, or '' when that frame
 * has none (code run by `eval`, as a notebook output's script is: such an error is ours).
 */
export function errorSource(stack: string | undefined): string {
  const top = (stack ?? '').split('\n').find((line) => /^\s*at /.test(line)) ?? '';
  return /\b((?:https?|file):\/\/[^\s)]+?)(?::\d+){0,2}\)?$/.exec(top)?.[1] ?? '';
}

/**
 * Whether `url` is one of a Jupyter Notebook server's own assets rather than the notebook page:
 * its front end (`/static/`), its extensions (`/nbextensions/`, `/custom/`), its icons. An error
 * there is the host's (e.g. the 404 of `nbextensions/widgets/notebook/js/extension.js` when
 * Jupyter is installed without its recommended widgets package), not our content's.
 */
export function isJupyterAsset(url: string, serverBase: string): boolean {
  if (!url.startsWith(serverBase)) return false;
  return /^\/(?:static|nbextensions|custom|kernelspecs)\/|^\/favicon/.test(url.slice(serverBase.length));
}

/**
 * Collects page errors and console errors: `ignore` drops known noise, `isHost` sends what comes
 * from the host's own code to `notes`, everything else is a problem.
 */
function watchErrors(page: Page, report: { problems: string[]; notes: string[] }, filters: { ignore?: (text: string, url: string) => boolean; isHost?: (url: string) => boolean }): void {
  // The host's: thrown or logged by its code, or about loading its code ("Refused to execute script from '…/nbextensions/…'").
  const isHost = (line: string, url: string): boolean => filters.isHost !== undefined && [url, ...(line.match(/\bhttps?:\/\/[^\s'"]+/g) ?? [])].some(filters.isHost);
  const record = (line: string, url: string): void => {
    (isHost(line, url) ? report.notes : report.problems).push(`${line}${url ? ` (${url.slice(0, 120)})` : ''}`);
  };
  page.on('pageerror', (error) => record(`page error: ${firstLine(`${error.name}: ${error.message}`, MAX_PROBLEM)}`, errorSource(error.stack)));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const url = message.location().url;
    if (filters.ignore?.(message.text(), url)) return;
    record(`console error: ${firstLine(message.text(), MAX_PROBLEM)}`, url);
  });
}

/** Runs a bounded wait; a timeout becomes a problem line, not an exception. */
async function expect(problems: string[], what: string, wait: () => Promise<unknown>): Promise<boolean> {
  try {
    await wait();
    return true;
  } catch (error) {
    problems.push(`${what} (${firstLine((error as Error).message, 120)})`);
    return false;
  }
}

/** Images of `scope`: all must have loaded (naturalWidth > 0); at least one when PNG outputs exist. */
async function checkImages(page: Page, scope: string, expected: OutputKinds, problems: string[]): Promise<number> {
  await expect(problems, 'images still loading after 15 s', () =>
    page.waitForFunction(`Array.from(document.querySelectorAll(${JSON.stringify(`${scope} img`)})).every((img) => img.complete)`, null, { timeout: 15_000 }));
  const widths = (await page.evaluate(`Array.from(document.querySelectorAll(${JSON.stringify(`${scope} img`)})).map((img) => img.naturalWidth)`)) as number[];
  const broken = widths.filter((width) => !(width > 0)).length;
  if (broken > 0) problems.push(`${broken} of ${widths.length} <img> did not load (naturalWidth 0)`);
  if (expected.png > 0 && widths.length === 0) problems.push(`no <img> on the page, though the notebook has ${expected.png} PNG output${expected.png === 1 ? '' : 's'}`);
  return widths.length - broken;
}

async function checkCharts(page: Page, scope: string, expected: OutputKinds, problems: string[]): Promise<{ plotly: boolean; observablePlot: boolean }> {
  if (expected.explorers > 0) {
    await expect(problems, `decoder explorer not live: not every .ae-explorer has data-ready="true" after 30 s`, () =>
      page.waitForFunction(`Array.from(document.querySelectorAll(${JSON.stringify(`${scope} .ae-explorer`)})).filter((e) => e.getAttribute('data-ready') === 'true').length >= ${expected.explorers}`, null, { timeout: 30_000 }));
  }
  if (expected.trainers > 0) {
    await expect(problems, `browser trainer not ready: not every .ae-trainer has data-state="ready" after 60 s`, () =>
      page.waitForFunction(`Array.from(document.querySelectorAll(${JSON.stringify(`${scope} .ae-trainer`)})).filter((e) => e.getAttribute('data-state') === 'ready').length >= ${expected.trainers}`, null, { timeout: 60_000 }));
  }
  let plotly = false;
  let observablePlot = false;
  if (expected.plotly) {
    plotly = await expect(problems, 'Plotly output not drawn: no .js-plotly-plot .main-svg after 20 s', () =>
      page.waitForSelector(`${scope} .js-plotly-plot .main-svg`, { state: 'attached', timeout: 20_000 }));
  }
  if (expected.observablePlot) {
    observablePlot = await expect(problems, 'Observable Plot output missing: no svg[class^="plot-"]', () =>
      page.waitForSelector(`${scope} svg[class^="plot-"]`, { state: 'attached', timeout: 5_000 }));
  }
  return { plotly, observablePlot };
}

async function settle(page: Page): Promise<void> {
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
}

async function screenshot(page: Page, file: string, fullPage: boolean, problems: string[]): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const ok = await expect(problems, 'screenshot failed', () => page.screenshot({ path: file, fullPage, timeout: 30_000 }));
  if (!ok) return;
  const stats = pixelStats(PNG.sync.read(fs.readFileSync(file)));
  if (isBlank(stats)) {
    problems.push(`screenshot ${path.basename(file)} is blank (${stats.width}×${stats.height}, grey-level σ ${stats.stddev.toFixed(2)}, ${(stats.nonBackground * 100).toFixed(2)}% non-background pixels)`);
  }
}

/** A page exported by nbconvert, to open from disk. */
export interface StaticPage {
  name: string;
  file: string;
  expected: OutputKinds;
  screenshot: string;
  /** External URLs the page may try (they are blocked all the same), e.g. MathJax's. */
  allowedExternal: (url: string) => boolean;
  /** With a trainer on the page: the job to train through its controls (its history and speed are reported). */
  trainerJob?: TrainerCheckJob;
  /** The page has a twin in the other language: its header must link to it. */
  twin?: boolean;
  /** The page is in Korean: Hangul must render (a CJK font is installed), not as empty boxes. */
  hangul?: boolean;
}

/** A job for a page's browser trainer: what its controls are set to. */
export interface TrainerCheckJob {
  latentDim: number;
  epochs: number;
  seed: number;
}

/** What the first trainer of a page did with {@link StaticPage.trainerJob}. */
export interface TrainerRun {
  job: TrainerCheckJob;
  history: PageHistory;
  /** Whether the explorer on the trained decoder went live. */
  explorer: boolean;
}

/** An exported page's budget: it must open quickly on a laptop and fit a course's shared drive. */
export const MAX_PAGE_BYTES = 5_000_000;

/** Relative links of the page (`a[href]`, not `#…`, no scheme) whose file is not on disk beside it. */
async function missingLinks(tab: Page, file: string): Promise<string[]> {
  const hrefs = (await tab.evaluate("Array.from(document.querySelectorAll('a[href]')).map((a) => a.getAttribute('href'))")) as string[];
  return hrefs.filter((href) => !href.startsWith('#') && !/^[a-z][\w+.-]*:/i.test(href))
    .filter((href) => !fs.existsSync(path.join(path.dirname(file), decodeURIComponent(href.replace(/[#?].*$/, '')))));
}

/**
 * Whether the page's font draws Hangul: two syllables drawn on a canvas in the body's font must
 * differ from each other and from a private-use character (without a font that has them, all three
 * are the same empty box or nothing).
 */
const HANGUL_DRAWN = `(() => {
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 32;
  const context = canvas.getContext('2d');
  context.font = '24px ' + getComputedStyle(document.body).fontFamily;
  const draw = (text) => {
    context.clearRect(0, 0, 64, 32);
    context.fillText(text, 4, 26);
    return Array.from(context.getImageData(0, 0, 64, 32).data).join(',');
  };
  const ga = draw('\\uac00'), hih = draw('\\ud7a3'), box = draw('\\ue000');
  return ga !== hih && ga !== box && hih !== box;
})()`;

/**
 * Trains `job` in the page's first trainer through its controls, as a reader would: latent dim,
 * epochs, seed, Train; then waits for the end (3 minutes at most) and for the explorer.
 */
async function runTrainer(tab: Page, job: TrainerCheckJob, problems: string[]): Promise<TrainerRun | undefined> {
  const trainer = '.ae-trainer';
  await tab.selectOption(`${trainer} select[name=latentDim]`, String(job.latentDim));
  await tab.fill(`${trainer} input[name=epochs]`, String(job.epochs));
  await tab.fill(`${trainer} input[name=seed]`, String(job.seed));
  await tab.click(`${trainer} button.ae-trainer-train`);
  const ended = await expect(problems, `browser trainer: the job did not end within 180 s`, () =>
    tab.waitForFunction(`['done', 'error'].includes(document.querySelector('${trainer}').getAttribute('data-state'))`, null, { timeout: 180_000 }));
  if (!ended) return undefined;
  const hook = (await tab.evaluate(`JSON.parse(JSON.stringify(document.querySelector('${trainer}').aeTrainer))`)) as { state: string; history?: PageHistory; error?: string };
  if (hook.state !== 'done' || hook.history === undefined) {
    problems.push(`browser trainer: the job failed: ${firstLine(hook.error ?? 'no history', MAX_PROBLEM)}`);
    return undefined;
  }
  const explorer = await expect(problems, 'browser trainer: the explorer on the trained decoder is not live after 30 s', () =>
    tab.waitForSelector(`${trainer} .ae-explorer[data-ready="true"]`, { state: 'attached', timeout: 30_000 }));
  return { job, history: hook.history, explorer };
}

/**
 * Opens an exported page from disk with every http(s)/ws request blocked (as offline), then checks:
 * no page errors or console errors (but the blocked allowed URLs'), every <img> loaded and at least
 * one if the notebook has PNG outputs, Plotly / Observable Plot drawn when the notebook has them,
 * nothing else requested from the network, a full-page screenshot that is not blank.
 */
export async function checkStaticPage(browser: Browser, page: StaticPage): Promise<PageReport> {
  const problems: string[] = [];
  const notes: string[] = [];
  const external: string[] = [];
  const context: BrowserContext = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  try {
    await context.route(/^(https?|wss?):/, (route) => {
      external.push(route.request().url());
      void route.abort('internetdisconnected');
    });
    const tab = await context.newPage();
    const blocked = (url: string): boolean => external.includes(url) && page.allowedExternal(url);
    watchErrors(tab, { problems, notes }, { ignore: (text, url) => /^Failed to load resource/.test(text) && blocked(url) });
    tab.on('requestfailed', (request) => {
      if (request.url().startsWith('file:')) problems.push(`failed to load ${request.url()}: ${request.failure()?.errorText ?? ''}`);
    });

    // Requests of the page's Workers too: only its file and what it makes (blob:, data:) may be asked for.
    context.on('request', (request) => {
      if (!/^(file|blob|data|https?|wss?):/.test(request.url())) external.push(request.url());
    });

    const bytes = fs.statSync(page.file).size;
    if (bytes > MAX_PAGE_BYTES) problems.push(`the page is ${(bytes / 1e6).toFixed(2)} MB, over its ${MAX_PAGE_BYTES / 1e6} MB budget`);
    const started = performance.now();
    const loaded = await expect(problems, 'page did not load within 30 s', () => tab.goto(pathToFileURL(page.file).href, { waitUntil: 'load', timeout: 30_000 }));
    const loadMs = performance.now() - started;
    let images = 0;
    let charts = { plotly: false, observablePlot: false };
    let trainer: TrainerRun | undefined;
    if (loaded) {
      images = await checkImages(tab, 'body', page.expected, problems);
      charts = await checkCharts(tab, 'body', page.expected, problems);
      for (const href of await missingLinks(tab, page.file)) problems.push(`links to ${href}, which is not beside the page`);
      if (page.twin && (await tab.evaluate("document.querySelector('nav.edition a[hreflang]') === null"))) problems.push('its header has no link to the page in the other language');
      if (page.hangul && !(await tab.evaluate(HANGUL_DRAWN))) problems.push('Hangul does not render (no font with Korean glyphs: install fonts-nanum)');
      if (page.expected.trainers > 0 && page.trainerJob) trainer = await runTrainer(tab, page.trainerJob, problems);
      await settle(tab);
      await tab.evaluate('window.scrollTo(0, 0)');
      await screenshot(tab, page.screenshot, true, problems);
    }
    for (const url of new Set(external)) if (!page.allowedExternal(url)) problems.push(`requests ${url.slice(0, 120)} from the network (a page must work offline)`);
    return { name: page.name, screenshot: page.screenshot, loadMs, images, ...charts, ...(trainer ? { trainer } : {}), problems, notes };
  } finally {
    await context.close();
  }
}

/** A notebook served by a Jupyter Notebook (classic, 6.x) server. */
export interface UiPage {
  name: string;
  url: string;
  /** The server's base URL (`http://127.0.0.1:port`): errors from its own assets are notes, not problems. */
  serverBase: string;
  expected: OutputKinds;
  screenshot: string;
}

/** Console noise of the classic Notebook page that is no error at all: its font CSS (Font Awesome, MathJax) has an about:blank source that Chromium refuses. */
const NOTEBOOK_UI_NOISE = [/^about:blank$/, /Access to font at 'about:blank'/];

/**
 * Opens a notebook in Jupyter Notebook (6.x) and checks: the page and notebook load, the tslab
 * kernel starts (idle within 90 s), the notebook is trusted (so HTML outputs' scripts run), no
 * page errors but the host Jupyter's own (reported as notes: see {@link isJupyterAsset}), images and charts rendered as for exported pages, screenshot not blank. The
 * screenshot covers the whole notebook: the window is made as tall as it (the page scrolls inside
 * #site, so a full-page screenshot would show one screen only).
 */
export async function checkUiPage(browser: Browser, page: UiPage): Promise<PageReport> {
  const problems: string[] = [];
  const notes: string[] = [];
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  try {
    await context.route((url) => !/^https?:\/\/127\.0\.0\.1[:/]/.test(url.href) && /^(https?|wss?):/.test(url.protocol), (route) => void route.abort('internetdisconnected'));
    const tab = await context.newPage();
    watchErrors(tab, { problems, notes }, {
      ignore: (text, url) => NOTEBOOK_UI_NOISE.some((noise) => noise.test(text) || noise.test(url)),
      isHost: (url) => isJupyterAsset(url, page.serverBase),
    });
    const started = performance.now();
    let loaded = await expect(problems, 'page did not load within 30 s', () => tab.goto(page.url, { waitUntil: 'load', timeout: 30_000 }));
    loaded &&= await expect(problems, 'notebook not loaded after 60 s (Jupyter.notebook._fully_loaded)', () =>
      tab.waitForFunction('window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded === true', null, { timeout: 60_000 }));
    const loadMs = performance.now() - started;
    let images = 0;
    let charts = { plotly: false, observablePlot: false };
    if (loaded) {
      await expect(problems, 'tslab kernel not idle after 90 s', () =>
        tab.waitForSelector('#kernel_indicator_icon.kernel_idle_icon', { state: 'attached', timeout: 90_000 }));
      if ((await tab.evaluate('Jupyter.notebook.trusted')) !== true) problems.push('notebook is not trusted: its HTML outputs\' scripts do not run');
      images = await checkImages(tab, '#notebook', page.expected, problems);
      charts = await checkCharts(tab, '#notebook', page.expected, problems);
      const height = (await tab.evaluate(
        "(document.getElementById('header')?.offsetHeight ?? 0) + (document.getElementById('notebook')?.scrollHeight ?? 0) + 40",
      )) as number;
      await tab.setViewportSize({ width: VIEWPORT.width, height: Math.min(MAX_SCREENSHOT_HEIGHT, Math.max(VIEWPORT.height, Math.ceil(height))) });
      await tab.waitForTimeout(300); // the Notebook re-lays out #site on resize
      await settle(tab);
      await screenshot(tab, page.screenshot, false, problems);
    }
    return { name: page.name, screenshot: page.screenshot, loadMs, images, ...charts, problems, notes };
  } finally {
    await context.close();
  }
}
