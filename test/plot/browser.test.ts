/**
 * The HTML and SVG outputs opened in a real browser (headless Chromium, no network): Plotly draws from the
 * inlined bundle and removes the fallback; without scripts the fallback shows; the Observable SVG displays
 * inline and as a `.svg` file. Set SCREENSHOT_DIR to keep screenshots of each page.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../tools/page-checks.js';
import { lossCurvesPlotly, lossCurvesSvg, mseByLatentDimPlotly, mseByLatentDimSvg } from '../../src/plot/index.js';
import { plotlyFigureHtml, plotlyStandaloneHtml } from '../../src/plot/plotly.js';
import { chromiumMissing } from '../helpers.js';
import { HISTORIES, TEST_AND_TRAIN_MSE } from './fixtures.js';


describe('charts in headless Chromium', { skip: chromiumMissing() }, () => {
  let directory: string;
  let browser: Browser;
  /** Every URL the pages asked for that is not a local file; there should be none. */
  const remoteRequests: string[] = [];

  before(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'plot-browser-'));
    const title = 'Loss per epoch </script>';
    fs.writeFileSync(path.join(directory, 'loss.html'), plotlyStandaloneHtml(lossCurvesPlotly(HISTORIES), { title, fallback: lossCurvesSvg(HISTORIES, { title }) }));
    const mse = mseByLatentDimSvg(TEST_AND_TRAIN_MSE, { title: 'Reconstruction error' });
    fs.writeFileSync(path.join(directory, 'mse.svg'), mse);
    fs.writeFileSync(path.join(directory, 'notebook.html'), '<!DOCTYPE html><meta charset="utf-8"><body></body>');
    fs.writeFileSync(path.join(directory, 'observable.html'), `<!DOCTYPE html><meta charset="utf-8"><body style="margin:0">${mse}<img src="mse.svg"></body>`);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    if (directory) fs.rmSync(directory, { recursive: true, force: true });
    assert.deepEqual(remoteRequests, [], 'no request left the machine');
  });

  /** Opens a file of the test directory in a fresh page, refusing any non-file request. */
  async function open(file: string, options: { javaScriptEnabled: boolean }): Promise<Page> {
    const context = await browser.newContext({ ...options, viewport: { width: 820, height: 600 } });
    await context.route(
      (url) => url.protocol !== 'file:',
      (route) => {
        remoteRequests.push(route.request().url());
        return route.abort();
      },
    );
    const page = await context.newPage();
    await page.goto(pathToFileURL(path.join(directory, file)).href);
    return page;
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    const target = process.env['SCREENSHOT_DIR'];
    if (target) await page.screenshot({ path: path.join(target, `${name}.png`), fullPage: true });
  }

  it('Plotly draws the standalone page from the inlined bundle and removes the fallback', async () => {
    const page = await open('loss.html', { javaScriptEnabled: true });
    await page.waitForSelector('.main-svg', { timeout: 3000 });
    assert.equal(await page.locator('[id$="-fallback"]').count(), 0, 'fallback removed');
    assert.equal(await page.locator('.scatterlayer .trace').count(), 3 * HISTORIES.length);
    const buttons = await page.locator('.modebar-btn').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-title')));
    assert.ok(buttons.includes('Download plot as a PNG'));
    assert.ok(!buttons.includes('Share chart...'), 'no upload to Plotly Cloud');
    assert.equal(await page.locator('.modebar-btn--logo').count(), 0);
    assert.equal(await page.title(), 'Loss per epoch </script>');
    const hover = await page.evaluate(() => {
      const { Plotly } = window as unknown as { Plotly: { Fx: { hover(graph: Element, points: object[]): void } } };
      Plotly.Fx.hover(document.querySelector('.js-plotly-plot')!, [{ curveNumber: 0, pointNumber: 8 }]);
      return document.querySelector('.hoverlayer .hovertext')?.textContent;
    });
    assert.ok(hover?.includes(`epoch 9loss ${HISTORIES[0]!.valLoss[8]!.toFixed(5)}`) && hover.includes('latent 2 validation'), `hover label: ${hover}`);
    await screenshot(page, 'plotly-standalone');
  });

  it('without scripts (as on GitHub) the fallback SVG shows instead', async () => {
    const page = await open('loss.html', { javaScriptEnabled: false });
    assert.equal(await page.locator('.main-svg').count(), 0);
    const box = await page.locator('[id$="-fallback"] > svg').boundingBox();
    assert.ok(box && box.width === 640 && box.height === 400, `fallback SVG box ${JSON.stringify(box)}`);
    await screenshot(page, 'plotly-fallback');
  });

  it('notebook outputs: fragments inserted as HTML, scripts run the way JupyterLab runs them; the bundle loads once', async () => {
    const page = await open('notebook.html', { javaScriptEnabled: true });
    const fragments = [
      plotlyFigureHtml(lossCurvesPlotly(HISTORIES), { includeBundle: true, fallback: lossCurvesSvg(HISTORIES) }),
      plotlyFigureHtml(mseByLatentDimPlotly(TEST_AND_TRAIN_MSE), { includeBundle: true, fallback: mseByLatentDimSvg(TEST_AND_TRAIN_MSE) }),
    ];
    const samePlotly = await page.evaluate((outputs) => {
      const plotlyNow = () => (window as unknown as { Plotly?: object }).Plotly;
      const defined: Array<object | undefined> = [];
      for (const html of outputs) {
        const output = document.createElement('div');
        output.innerHTML = html; // scripts set through innerHTML don't run: re-create them, as JupyterLab does
        document.body.append(output);
        for (const inert of output.querySelectorAll('script')) {
          const script = document.createElement('script');
          script.textContent = inert.textContent;
          inert.replaceWith(script);
        }
        defined.push(plotlyNow());
      }
      return defined[0] !== undefined && defined[0] === defined[1];
    }, fragments);
    assert.ok(samePlotly, 'the second output reuses the Plotly the first defined');
    await page.waitForFunction(() => document.querySelectorAll('.js-plotly-plot .main-svg').length > 0 && document.querySelectorAll('[id$="-fallback"]').length === 0, undefined, { timeout: 3000 });
    assert.equal(await page.locator('.js-plotly-plot').count(), 2);
    await screenshot(page, 'notebook-outputs');
  });

  it('the Observable SVG displays inline and as an image file', async () => {
    const page = await open('observable.html', { javaScriptEnabled: true });
    const box = await page.locator('body > svg').boundingBox();
    assert.ok(box && box.width === 640 && box.height === 400, `inline SVG box ${JSON.stringify(box)}`);
    const image = await page.locator('img').evaluate((node: HTMLImageElement) => node.decode().then(() => [node.naturalWidth, node.naturalHeight]));
    assert.deepEqual(image, [640, 400], 'mse.svg loads as an image, so it is a well-formed standalone SVG');
    await screenshot(page, 'observable-svg');
  });
});
