/**
 * The browser trainer as a reader uses it: its fragment in a notebook, exported to HTML as `npm run
 * export` does, opened from disk in headless Chromium with every http and ws request refused. The
 * test drives the controls (latent dim, epochs, seed, Train, Stop), reads the history from the
 * page's hook, and compares it with the same job trained in Node on the tutorial's own loaders
 * (`trainInNode`): equal, bit for bit. Set SCREENSHOT_DIR to keep a screenshot.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { type Mnist, loadMnist } from '../../src/data/mnist.js';
import type { TrainerJob, TrainerResult } from '../../src/trainer/job.js';
import { trainInNode, trainerData } from '../../src/trainer/node.js';
import { trainerHtml } from '../../src/trainer/page-html.js';
import type { PageHistory } from '../../src/trainer/page/messages.js';
import { notebookHtml } from '../../tools/export-html.js';
import { launchChromium } from '../../tools/page-checks.js';
import { chromiumMissing, useBackend } from '../helpers.js';

const ID = 'ae-trainer-test';

interface Hook {
  state: string;
  trainLoss: number[];
  history?: PageHistory;
  kernels?: number;
  error?: string;
}

async function readHook(page: Page): Promise<Hook> {
  return page.evaluate((id) => JSON.parse(JSON.stringify((document.getElementById(id) as unknown as { aeTrainer: unknown }).aeTrainer)) as Hook, ID);
}

/** Sets the controls as a reader would, and presses Train. */
async function startJob(page: Page, job: TrainerJob): Promise<void> {
  await page.selectOption(`#${ID} select[name=latentDim]`, String(job.latentDim));
  await page.fill(`#${ID} input[name=epochs]`, String(job.epochs));
  await page.fill(`#${ID} input[name=seed]`, String(job.seed));
  await page.click(`#${ID} button.ae-trainer-train`);
}

async function waitForState(page: Page, states: string[]): Promise<string> {
  await page.waitForFunction(([id, wanted]) => (wanted as string[]).includes(document.getElementById(id as string)!.getAttribute('data-state') ?? ''), [ID, states] as const, { timeout: 180_000 });
  return (await page.getAttribute(`#${ID}`, 'data-state'))!;
}

/** The history fields the page and Node both report, speed aside. */
function comparable(history: Pick<TrainerResult, 'trainLoss' | 'valLoss' | 'bestEpoch' | 'bestValLoss' | 'testLoss' | 'testLossUntrained'>): unknown {
  const { trainLoss, valLoss, bestEpoch, bestValLoss, testLoss, testLossUntrained } = history;
  return { trainLoss, valLoss, bestEpoch, bestValLoss, testLoss, testLossUntrained };
}

describe('the browser trainer in an exported page, offline', { skip: chromiumMissing() }, () => {
  let browser: Browser;
  let page: Page;
  let work: string;
  let mnist: Mnist;
  const requested: string[] = [];
  const errors: string[] = [];

  before(async () => {
    await useBackend('wasm');
    mnist = loadMnist();
    const { html } = trainerHtml(trainerData(mnist), { id: ID, fallback: '<p>still</p>' });
    const notebook = {
      cells: [
        { cell_type: 'markdown', metadata: {}, source: '# Trainer' },
        { cell_type: 'code', metadata: {}, source: 'ae.showTrainer(...)', execution_count: 1, outputs: [{ output_type: 'display_data', metadata: {}, data: { 'text/html': html, 'text/plain': '' } }] },
      ],
      metadata: {}, nbformat: 4, nbformat_minor: 5,
    };
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-trainer-'));
    const file = path.join(work, 'trainer.html');
    fs.writeFileSync(file, notebookHtml(notebook, 'trainer'));
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1200, height: 1400 }, deviceScaleFactor: 1 });
    await context.route(/^(https?|wss?):/, (route) => {
      requested.push(route.request().url());
      void route.abort('internetdisconnected');
    });
    // Every request, the Worker's included: only the page's own file and its blob: URLs may appear.
    context.on('request', (request) => {
      if (!/^(file|blob|data):/.test(request.url())) requested.push(request.url());
    });
    page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pathToFileURL(file).href);
    assert.equal(await waitForState(page, ['ready', 'error']), 'ready', errors.join('; '));
  });
  after(async () => {
    if (page && process.env['SCREENSHOT_DIR']) await page.screenshot({ path: path.join(process.env['SCREENSHOT_DIR'], 'trainer.png'), fullPage: true });
    await browser?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('trains the job picked in its controls, and its history equals Node\'s bit for bit; the test MSE falls and the explorer appears', async () => {
    const job = { latentDim: 2, epochs: 2, seed: 3 };
    await startJob(page, job);
    assert.equal(await waitForState(page, ['done', 'error']), 'done', (await readHook(page)).error);
    const inPage = (await readHook(page)).history!;
    await page.waitForSelector(`#${ID} .ae-explorer[data-ready]`, { timeout: 30_000 });
    assert.equal(await page.getAttribute(`#${ID} .ae-explorer`, 'data-ready'), 'true');
    assert.equal(await page.locator(`#${ID} canvas.ae-explorer-plane`).count(), 1, 'a 2-number code gets the code plane');

    const inNode = await trainInNode(mnist, job);
    assert.deepEqual(comparable(inPage), comparable(inNode));
    assert.equal(inPage.trainLoss.length, 2);
    assert.ok(inPage.testLoss < inPage.testLossUntrained, `test MSE ${inPage.testLoss} after training, ${inPage.testLossUntrained} before`);
    assert.ok(inPage.imagesPerSecond > 0 && inPage.epochImagesPerSecond.length === 2);
    assert.deepEqual(requested, []);
    assert.deepEqual(errors, []);
  });

  it('Stop ends a job between epochs; Train then starts afresh, again as in Node', async () => {
    await startJob(page, { latentDim: 3, epochs: 5, seed: 0 });
    await page.waitForFunction((id) => (document.getElementById(id) as unknown as { aeTrainer: Hook }).aeTrainer.trainLoss.length >= 1, ID, { timeout: 120_000 });
    await page.click(`#${ID} button.ae-trainer-stop`);
    assert.equal(await waitForState(page, ['stopped']), 'stopped');
    assert.equal(await page.locator(`#${ID} .ae-explorer`).count(), 0, 'no explorer for a stopped job');

    const job = { latentDim: 3, epochs: 1, seed: 0 };
    await startJob(page, job);
    assert.equal(await waitForState(page, ['done', 'error']), 'done', (await readHook(page)).error);
    const inPage = (await readHook(page)).history!;
    await page.waitForSelector(`#${ID} .ae-explorer[data-ready="true"]`, { timeout: 30_000 });
    assert.equal(await page.locator(`#${ID} .ae-explorer-sliders input[type=range]`).count(), 3, 'one slider per code number');
    assert.deepEqual(comparable(inPage), comparable(await trainInNode(mnist, job)));
    assert.deepEqual(requested, []);
  });
});
