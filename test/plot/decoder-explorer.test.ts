/**
 * The decoder explorer as a reader uses it: its fragment in a notebook, exported to HTML as
 * `npm run export` does, opened from disk in headless Chromium with the network off. The pointer
 * goes to where a known test digit's code is plotted, and a slider moves; the page's decoded
 * pixels must match the decoder run in Node (`decodeCodes`, i.e. `decoder.predict`) to 1e-4, and
 * its canvas to one 8-bit step. Set SCREENSHOT_DIR to keep a screenshot.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { planeExplorer, slidersExplorer } from '../../src/analysis/explorer-views.js';
import { loadMnist } from '../../src/data/mnist.js';
import { type Autoencoder, createAutoencoder, decodeCodes, decoderProgram } from '../../src/model/index.js';
import { decoderExplorerHtml } from '../../src/plot/decoder-explorer.js';
import { notebookHtml } from '../../tools/export-html.js';
import { launchChromium } from '../../tools/page-checks.js';
import { chromiumMissing, useBackend } from '../helpers.js';


const TEST_IMAGES = 400;
const ID = 'ae-explorer-test';

interface Hook {
  code: number[];
  pixels: number[];
  nearest?: number | null;
  plot?: { left: number; top: number; width: number; height: number; x: [number, number]; y: [number, number] };
}

async function hook(page: Page, view: number): Promise<Hook> {
  return page.evaluate(([id, k]) => {
    const views = (document.getElementById(id as string) as unknown as { aeExplorer: { views: Record<string, unknown>[] } }).aeExplorer.views;
    const v = views[k as number]!;
    return { code: Array.from(v['code'] as Float32Array), pixels: Array.from(v['pixels'] as Float32Array), nearest: v['nearest'] as number | null, plot: v['plot'] } as Hook;
  }, [ID, view] as const);
}

/** The grey level at the centre of each image pixel of the view's decoded canvas. */
async function canvasGreys(page: Page, view: number): Promise<number[]> {
  return page.evaluate(([id, k]) => {
    const canvas = document.getElementById(id as string)!.querySelectorAll('canvas.ae-explorer-decoded')[k as number] as HTMLCanvasElement;
    const scale = canvas.width / 28;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const greys: number[] = [];
    for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) greys.push(data[((Math.floor((y + 0.5) * scale)) * canvas.width + Math.floor((x + 0.5) * scale)) * 4]!);
    return greys;
  }, [ID, view] as const);
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/** The page against Node: the same code decoded in Node; pixels to 1e-4, canvas to one 8-bit step. */
async function assertMatchesNode(page: Page, view: number, model: Autoencoder, state: Hook): Promise<void> {
  const expected = decodeCodes(model, Float32Array.from(state.code));
  assert.ok(maxDifference(state.pixels, expected) <= 1e-4, `pixels differ by ${maxDifference(state.pixels, expected)}`);
  const greys = await canvasGreys(page, view);
  const expectedGreys = Array.from(expected, (p) => Math.round(Math.min(1, Math.max(0, p)) * 255));
  assert.ok(maxDifference(greys, expectedGreys) <= 1, `canvas differs by ${maxDifference(greys, expectedGreys)} grey levels`);
}

describe('the decoder explorer in an exported page, offline', { skip: chromiumMissing() }, () => {
  let browser: Browser;
  let page: Page;
  let work: string;
  let two: Autoencoder;
  let ten: Autoencoder;
  let codes: Float32Array;
  const requested: string[] = [];

  before(async () => {
    await useBackend('cpu');
    const { test } = loadMnist();
    // Untrained, seeded decoders: what matters here is that the page computes what Node computes.
    two = createAutoencoder({ latentDim: 2, seed: 3 });
    ten = createAutoencoder({ latentDim: 10, seed: 3 });
    const plane = planeExplorer(two, test, { start: 0, count: TEST_IMAGES, title: 'd = 2' });
    const sliders = slidersExplorer(ten, test, { starts: [0, 1, 2], count: TEST_IMAGES, title: 'd = 10' });
    codes = plane.view.codes;
    const fragment = decoderExplorerHtml([plane.view, sliders.view], { id: ID, fallback: '<p>still</p>' });
    const notebook = {
      cells: [
        { cell_type: 'markdown', metadata: {}, source: '# Explorer' },
        { cell_type: 'code', metadata: {}, source: 'ae.showDecoderExplorer(...)', execution_count: 1, outputs: [{ output_type: 'display_data', metadata: {}, data: { 'text/html': fragment, 'text/plain': '' } }] },
      ],
      metadata: {}, nbformat: 4, nbformat_minor: 5,
    };
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-explorer-'));
    const file = path.join(work, 'explorer.html');
    fs.writeFileSync(file, notebookHtml(notebook, 'explorer'));
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1100, height: 1300 }, deviceScaleFactor: 1 });
    await context.route(/^(https?|wss?):/, (route) => {
      requested.push(route.request().url());
      void route.abort('internetdisconnected');
    });
    page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector(`#${ID}[data-ready]`, { timeout: 30_000 });
    assert.equal(await page.getAttribute(`#${ID}`, 'data-ready'), 'true', errors.join('; '));
  });
  after(async () => {
    await browser?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('runs the same decoder as Node: the weights and steps survive the trip', () => {
    assert.equal(decoderProgram(two).steps.at(-1)!.op, 'rescale');
  });

  it('pointer on a test digit\'s plotted code: that exact code, decoded as in Node', async () => {
    const start = await hook(page, 0);
    const plot = start.plot!;
    const canvas = (await page.locator(`#${ID} canvas.ae-explorer-plane`).boundingBox())!;
    const at = (i: number) => ({
      x: plot.left + ((codes[2 * i]! - plot.x[0]) / (plot.x[1] - plot.x[0])) * plot.width,
      y: plot.top + (1 - (codes[2 * i + 1]! - plot.y[0]) / (plot.y[1] - plot.y[0])) * plot.height,
    });
    // The test digit whose plotted code is farthest from any other: the pointer lands on it alone.
    let target = 0;
    let farthest = -1;
    for (let i = 0; i < TEST_IMAGES; i++) {
      let nearest = Infinity;
      for (let j = 0; j < TEST_IMAGES; j++) if (j !== i) nearest = Math.min(nearest, Math.hypot(at(i).x - at(j).x, at(i).y - at(j).y));
      if (nearest > farthest && i !== start.nearest) [target, farthest] = [i, nearest];
    }
    assert.ok(farthest > 2, `test digits ${farthest.toFixed(1)} px apart at most`);
    await page.mouse.move(canvas.x + at(target).x, canvas.y + at(target).y);
    const state = await hook(page, 0);
    assert.equal(state.nearest, target);
    assert.deepEqual(state.code, [codes[2 * target]!, codes[2 * target + 1]!]);
    assert.notDeepEqual(state.pixels, start.pixels, 'the decoded digit changed');
    await assertMatchesNode(page, 0, two, state);
    // Between the dots: a code of its own, still decoded as in Node.
    await page.mouse.move(canvas.x + plot.left + 3, canvas.y + plot.top + 3);
    const corner = await hook(page, 0);
    if (corner.nearest === null) await assertMatchesNode(page, 0, two, corner);
  });

  it('a slider moves one code number; the decoded image follows, as in Node', async () => {
    const start = await hook(page, 1);
    await assertMatchesNode(page, 1, ten, start);
    const slider = page.locator(`#${ID} input[type=range]`).nth(2);
    await slider.focus();
    for (let k = 0; k < 40; k++) await page.keyboard.press('ArrowRight');
    const moved = await hook(page, 1);
    assert.notEqual(moved.code[2], start.code[2]);
    assert.deepEqual(moved.code.filter((_, k) => k !== 2), start.code.filter((_, k) => k !== 2));
    assert.equal(moved.code[2], Math.fround(Number(await slider.inputValue())), 'the code holds the value of the slider');
    await assertMatchesNode(page, 1, ten, moved);
    if (process.env['SCREENSHOT_DIR']) await page.screenshot({ path: path.join(process.env['SCREENSHOT_DIR'], 'decoder-explorer.png'), fullPage: true });
  });

  it('asked nothing of the network', () => {
    assert.deepEqual(requested, []);
  });
});
