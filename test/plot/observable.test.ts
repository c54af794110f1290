import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { JSDOM } from 'jsdom';
import { lossCurvesSvg, mseByLatentDimSvg } from '../../src/plot/index.js';
import { SERIES_COLORS, integerTicks, orderedColors, spansMoreThanADecade } from '../../src/plot/scales.js';
import { FLAT_HISTORIES, HISTORIES, SEEDED_MSE, TEST_AND_TRAIN_MSE, TEST_MSE } from './fixtures.js';
import { assertSvgSnapshot } from './snapshot.js';

/** Parses as XML, as a `.svg` file is: throws on anything that is only valid as HTML. */
function parseSvg(svg: string): SVGSVGElement {
  const root = new JSDOM(svg, { contentType: 'image/svg+xml' }).window.document.documentElement;
  assert.equal(root.namespaceURI, 'http://www.w3.org/2000/svg');
  return root as unknown as SVGSVGElement;
}

function texts(root: Element, selector: string): string[] {
  return [...root.querySelectorAll(selector)].map((node) => node.textContent ?? '');
}

/** [value, y pixel] of each labelled y tick, read from the tick labels' transforms. */
function yTicks(svg: SVGSVGElement): Array<[number, number]> {
  return [...svg.querySelectorAll('g[aria-label="y-axis tick label"] text')]
    .filter((node) => node.textContent !== '')
    .map((node) => [Number(node.textContent), Number(/translate\([^,]+,([^)]+)\)/.exec(node.getAttribute('transform')!)![1])]);
}

/** Pixel gaps between consecutive y tick marks: all equal on a linear axis, not on a log one. */
function yTickGaps(svg: SVGSVGElement): number[] {
  const ys = [...svg.querySelectorAll('g[aria-label="y-axis tick"] path')]
    .map((node) => Number(/translate\([^,]+,([^)]+)\)/.exec(node.getAttribute('transform')!)![1]))
    .sort((a, b) => a - b);
  return ys.slice(1).map((y, k) => Math.round((y - ys[k]!) * 100) / 100);
}

describe('mseByLatentDimSvg', () => {
  it('matches its snapshots', () => {
    assertSvgSnapshot('mse-by-latent-dim', mseByLatentDimSvg(TEST_MSE));
    assertSvgSnapshot('mse-by-latent-dim-splits', mseByLatentDimSvg(TEST_AND_TRAIN_MSE, { title: 'Reconstruction error by latent dimension' }));
    assertSvgSnapshot('mse-by-latent-dim-seeds', mseByLatentDimSvg(SEEDED_MSE, { title: 'Test MSE over three seeds' }));
  });

  it('draws the mean of several seeds with a bar over their range, and says so on hover', () => {
    const svg = parseSvg(mseByLatentDimSvg(SEEDED_MSE));
    assert.deepEqual(texts(svg, 'circle title'), [
      'latent dimension 1\ntest MSE 0.05000 (mean of 3 seeds, 0.04700–0.05200)', 'latent dimension 2\ntest MSE 0.04100 (mean of 3 seeds, 0.03800–0.04500)',
    ]);
    assert.equal(svg.querySelectorAll('g[aria-label="rule"] line').length, 1 + 2, 'the y = 0 rule and a range bar at each dim');
    assert.equal(parseSvg(mseByLatentDimSvg(TEST_MSE)).querySelectorAll('g[aria-label="rule"] line').length, 1, 'no range bars for single runs');
  });

  it('refuses a line that would mix means of several seeds with single runs', () => {
    assert.throws(() => mseByLatentDimSvg([...SEEDED_MSE, { latentDim: 3, mse: 0.03 }]), /the test rows mix several seeds \(d = 1, 2\) with single runs \(d = 3\)/);
  });

  it('draws one dot per row, integer dimensions 1..10 on x, and y from 0', () => {
    const svg = parseSvg(mseByLatentDimSvg(TEST_MSE));
    assert.equal(svg.querySelectorAll('g[aria-label="dot"] circle').length, TEST_MSE.length);
    assert.deepEqual(texts(svg, 'g[aria-label="x-axis tick label"] text'), ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    assert.match(texts(svg, 'g[aria-label="x-axis label"] text').join(), /latent dimension/);
    assert.match(texts(svg, 'g[aria-label="y-axis label"] text').join(), /test MSE per pixel/);
    const [bottomValue] = yTicks(svg).sort((a, b) => b[1] - a[1])[0]!;
    assert.equal(bottomValue, 0, 'the lowest y tick is 0');
    assert.equal(svg.querySelector('g[aria-label="legend"]'), null, 'one series needs no legend');
    assert.match(texts(svg, 'g[aria-label="dot"] title')[0]!, /latent dimension 1\ntest MSE 0\.05610/);
  });

  it('draws a series per split, with a legend, a title and the requested size', () => {
    const svg = parseSvg(mseByLatentDimSvg(TEST_AND_TRAIN_MSE, { title: 'Error', width: 500, height: 300 }));
    assert.equal(svg.querySelectorAll('g[aria-label="dot"] circle').length, TEST_AND_TRAIN_MSE.length);
    assert.equal(svg.querySelectorAll('g[aria-label="line"] path').length, 2);
    assert.deepEqual(texts(svg, 'g[aria-label="legend"] text'), ['train', 'test'], 'splits in order of first appearance');
    assert.deepEqual(texts(svg, 'g[aria-label="header"] > text'), ['Error']);
    assert.match(texts(svg, 'g[aria-label="y-axis label"] text').join(), /^↑ MSE per pixel$/);
    assert.deepEqual([svg.getAttribute('width'), svg.getAttribute('height'), svg.getAttribute('viewBox')], ['500', '300', '0 0 500 300']);
  });

  it('wraps a title wider than the chart onto more lines, inside the requested size', () => {
    const title = 'Share of the corruption that passes through, by code size, for every model (quick preset)';
    const svg = parseSvg(mseByLatentDimSvg(TEST_AND_TRAIN_MSE, { title: title, width: 300, height: 300 }));
    const lines = texts(svg, 'g[aria-label="header"] > text > tspan');
    assert.ok(lines.length >= 3, `${lines.length} lines`);
    assert.equal(lines.join(' '), title, 'every word, in order');
    for (const line of lines) assert.ok(line.length * 8.2 <= 300, `"${line}" fits 300 px at 8.2 px a glyph`);
    // The legend sits below the last title line.
    const legendY = Number(/translate\([^,]+,([^)]+)\)/.exec(svg.querySelector('g[aria-label="legend"] > g')!.getAttribute('transform')!)![1]);
    assert.ok(legendY > 16 + (lines.length - 1) * 18, `legend at y ${legendY}`);
    assert.deepEqual([svg.getAttribute('width'), svg.getAttribute('height')], ['300', '300']);
    assert.deepEqual(texts(parseSvg(mseByLatentDimSvg(TEST_MSE, { title: 'Short', width: 300 })), 'g[aria-label="header"] > text > tspan'), [], 'a title that fits stays one text');
  });

  it('rejects an empty sweep', () => {
    assert.throws(() => mseByLatentDimSvg([]), /no rows/);
  });
});

describe('lossCurvesSvg', () => {
  it('matches its snapshots', () => {
    assertSvgSnapshot('loss-curves-log', lossCurvesSvg(HISTORIES, { title: 'Loss per epoch' }));
    assertSvgSnapshot('loss-curves-linear', lossCurvesSvg(FLAT_HISTORIES));
    assertSvgSnapshot('loss-curves-by-latent-dim', lossCurvesSvg(HISTORIES.map((history, k) => ({ ...history, latentDim: [2, 5, 10][k]! }))));
  });

  it('colours runs on an ordered scale of latent dim when every run has one, categorically otherwise', () => {
    const strokes = (svg: SVGSVGElement) => [...svg.querySelectorAll('g[aria-label="line"]')][1]!.querySelectorAll('path');
    const ordered = parseSvg(lossCurvesSvg(HISTORIES.map((history, k) => ({ ...history, latentDim: [2, 5, 10][k]! }))));
    assert.deepEqual([...strokes(ordered)].map((path) => path.getAttribute('stroke')), orderedColors([2, 5, 10]));
    assert.deepEqual([...strokes(parseSvg(lossCurvesSvg(HISTORIES)))].map((path) => path.getAttribute('stroke')), SERIES_COLORS.slice(0, 3));
    const [dark, , light] = orderedColors([2, 5, 10]).map((hex) => parseInt(hex.slice(1, 3), 16) + parseInt(hex.slice(3, 5), 16) + parseInt(hex.slice(5, 7), 16));
    assert.ok(dark! < light!, 'small dims dark, large dims light');
  });

  it('draws train dashed and validation solid per run, a dot at each best epoch, and a legend', () => {
    const svg = parseSvg(lossCurvesSvg(HISTORIES));
    const lines = [...svg.querySelectorAll('g[aria-label="line"]')];
    assert.equal(lines.length, 2);
    assert.equal(lines[0]!.getAttribute('stroke-dasharray'), '5,3', 'train first, dashed');
    assert.equal(lines[1]!.getAttribute('stroke-dasharray'), null, 'validation solid');
    for (const line of lines) assert.equal(line.querySelectorAll('path').length, HISTORIES.length);
    assert.deepEqual(
      texts(svg, 'g[aria-label="dot"] title'),
      HISTORIES.map(({ label, valLoss }) => `${label}\nbest validation loss ${valLoss[8]!.toFixed(5)} at epoch 9`),
    );
    assert.deepEqual(texts(svg, 'g[aria-label="legend"] text'), ['latent 2', 'latent 5', 'latent 10', 'train', 'validation', 'best validation epoch']);
    assert.deepEqual(texts(svg, 'g[aria-label="x-axis tick label"] text'), ['2', '4', '6', '8', '10', '12']);
    assert.match(texts(svg, 'g[aria-label="x-axis label"] text').join(), /epoch/);
    assert.match(texts(svg, 'g[aria-label="y-axis label"] text').join(), /loss/);
  });

  it('uses a log y axis only when the losses span more than a decade', () => {
    assert.ok(new Set(yTickGaps(parseSvg(lossCurvesSvg(HISTORIES)))).size > 1, 'log: uneven tick gaps');
    assert.equal(new Set(yTickGaps(parseSvg(lossCurvesSvg(FLAT_HISTORIES)))).size, 1, 'linear: even tick gaps');
    assert.deepEqual(texts(parseSvg(lossCurvesSvg(HISTORIES)), 'g[aria-label="y-axis tick label"] text').filter(Boolean).slice(0, 3), ['0.02', '0.03', '0.04']);
  });

  it('rejects histories without losses', () => {
    assert.throws(() => lossCurvesSvg([]), /no losses/);
  });
});

describe('static charts are deterministic', () => {
  it('same input, same bytes, within a process and across processes', () => {
    const here = mseByLatentDimSvg(TEST_AND_TRAIN_MSE, { title: 't' }) + lossCurvesSvg(HISTORIES);
    assert.equal(mseByLatentDimSvg(TEST_AND_TRAIN_MSE, { title: 't' }) + lossCurvesSvg(HISTORIES), here);
    const program = `
      const { lossCurvesSvg, mseByLatentDimSvg } = require(${JSON.stringify(require.resolve('../../src/plot/index.js'))});
      const { HISTORIES, TEST_AND_TRAIN_MSE } = require(${JSON.stringify(require.resolve('./fixtures.js'))});
      process.stdout.write(mseByLatentDimSvg(TEST_AND_TRAIN_MSE, { title: 't' }) + lossCurvesSvg(HISTORIES));`;
    assert.equal(execFileSync(process.execPath, ['-e', program], { encoding: 'utf8' }), here);
  });

  it('uses no counter-generated ids (markers, clip paths, patterns) and no <figure> wrapper', () => {
    const svg = mseByLatentDimSvg(TEST_AND_TRAIN_MSE, { title: 't' }) + lossCurvesSvg(HISTORIES, { title: 't' });
    assert.doesNotMatch(svg, /plot-(marker|clip|pattern)-\d|<figure|<div|<span/);
  });
});

describe('shared scale choices', () => {
  it('integerTicks picks the finest 1-2-5 step that gives at most 10 ticks', () => {
    assert.deepEqual(integerTicks(1, 10), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual(integerTicks(1, 3), [1, 2, 3]);
    assert.deepEqual(integerTicks(1, 12), [2, 4, 6, 8, 10, 12]);
    assert.deepEqual(integerTicks(1, 60), [10, 20, 30, 40, 50, 60]);
    assert.deepEqual(integerTicks(4, 4), [4]);
  });

  it('spansMoreThanADecade needs positive values whose max/min exceeds 10', () => {
    assert.equal(spansMoreThanADecade([0.2, 0.019]), true);
    assert.equal(spansMoreThanADecade([0.2, 0.021, NaN]), false);
    assert.equal(spansMoreThanADecade([0.2, 0]), false);
    assert.equal(spansMoreThanADecade([]), false);
  });
});
