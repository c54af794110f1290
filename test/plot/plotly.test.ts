import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as vm from 'node:vm';
import { lossCurvesPlotly, mseByLatentDimPlotly } from '../../src/plot/index.js';
import { plotlyBundle, plotlyFigureHtml, type PlotlyFigure, plotlyStandaloneHtml } from '../../src/plot/plotly.js';
import { FLAT_HISTORIES, HISTORIES, SEEDED_MSE, TEST_AND_TRAIN_MSE, TEST_MSE } from './fixtures.js';

const FIGURE: PlotlyFigure = { data: [{ type: 'scatter', x: [1, 2], y: [3, 4] }], layout: { title: { text: 'a figure' } } };

/** Non-overlapping occurrences of `part` in `text`. */
function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

/** The text of the fragment's one <script>. */
function scriptOf(html: string): string {
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  return scripts[0]![1]!;
}

/** Runs a fragment's script against a stand-in Plotly and document; returns what newPlot got and whether the fallback went. */
async function runScript(html: string): Promise<{ newPlot: unknown[]; removed: string[] }> {
  const calls: unknown[][] = [];
  const removed: string[] = [];
  const context = {
    window: {},
    document: { getElementById: (id: string) => ({ remove: () => removed.push(id) }) },
    Plotly: { newPlot: (...args: unknown[]) => (calls.push(args), Promise.resolve()) },
  };
  vm.runInNewContext(scriptOf(html), context);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(calls.length, 1);
  return { newPlot: JSON.parse(JSON.stringify(calls[0])), removed };
}

describe('plotlyBundle', () => {
  it('is the basic plotly.js bundle from node_modules, read once', () => {
    assert.match(plotlyBundle().slice(0, 200), /plotly\.js \(basic - minified\) v4\./);
    assert.ok(plotlyBundle().length > 1e6);
    assert.equal(plotlyBundle(), plotlyBundle());
  });
});

describe('plotlyFigureHtml', () => {
  it('loads nothing from the network', () => {
    for (const includeBundle of [false, true]) {
      const html = plotlyFigureHtml(FIGURE, { includeBundle, fallback: '<p>static</p>' });
      assert.doesNotMatch(html, /<script\b[^>]*\bsrc\s*=/i, 'no external script');
      assert.doesNotMatch(html, /<link\b[^>]*\bhref\s*=\s*["']?(https?:)?\/\//i, 'no external stylesheet');
      assert.doesNotMatch(html, /<(img|iframe)\b[^>]*\bsrc\s*=\s*["']?(https?:)?\/\//i);
    }
  });

  it('inlines the bundle exactly once with includeBundle, never without', () => {
    const head = plotlyBundle().slice(0, 200);
    const withBundle = plotlyFigureHtml(FIGURE, { includeBundle: true });
    assert.equal(count(withBundle, head), 1);
    assert.match(scriptOf(withBundle), /^if \(typeof window\.Plotly === "undefined"\) \{\n/);
    assert.equal(count(plotlyFigureHtml(FIGURE, { includeBundle: false }), head), 0);
    assert.doesNotThrow(() => new vm.Script(scriptOf(withBundle)), 'the inlined bundle still parses');
  });

  it('escapes </script> and <!-- inside the figure JSON, and the data survives', async () => {
    const nasty = '</script><script>alert(1)</script><!-- </SCRIPT >';
    const html = plotlyFigureHtml({ data: [], layout: { title: { text: nasty } } }, { includeBundle: false });
    assert.equal(count(html.toLowerCase(), '</script'), 1, 'only the real end tag');
    assert.equal(count(html, '<!--'), 0);
    const { newPlot } = await runScript(html);
    assert.deepEqual(newPlot[2], { title: { text: nasty } });
  });

  it('puts the fallback in a sibling the script removes after Plotly has drawn', async () => {
    const html = plotlyFigureHtml(FIGURE, { id: 'loss', includeBundle: false, fallback: '<svg>static</svg>' });
    assert.ok(html.includes('<div id="loss"></div>\n<div id="loss-fallback"><svg>static</svg></div>\n<script>'));
    const { newPlot, removed } = await runScript(html);
    assert.equal(newPlot[0], 'loss');
    assert.deepEqual(newPlot[1], FIGURE.data);
    assert.deepEqual(removed, ['loss-fallback']);
    assert.doesNotMatch(plotlyFigureHtml(FIGURE, { includeBundle: false }), /fallback">/, 'no fallback, no element');
  });

  it('applies the offline config under the figure’s own', async () => {
    const { newPlot } = await runScript(plotlyFigureHtml({ ...FIGURE, config: { responsive: false } }, { includeBundle: false }));
    assert.deepEqual(newPlot[3], { responsive: false, displaylogo: false, showSendToCloud: false, typesetMath: false });
  });

  it('derives the id from the figure, so it is stable, and checks given ids', () => {
    const id = /<div id="(plotly-[0-9a-f]{12})">/.exec(plotlyFigureHtml(FIGURE, { includeBundle: false }))![1];
    assert.ok(id);
    assert.ok(plotlyFigureHtml(structuredClone(FIGURE), { includeBundle: true }).includes(`<div id="${id}">`));
    assert.ok(!plotlyFigureHtml({ data: [] }, { includeBundle: false }).includes(id));
    assert.equal(plotlyFigureHtml(FIGURE, { includeBundle: false }), plotlyFigureHtml(FIGURE, { includeBundle: false }));
    assert.throws(() => plotlyFigureHtml(FIGURE, { id: 'a"b', includeBundle: false }), /id must match/);
  });
});

describe('plotlyStandaloneHtml', () => {
  it('is a whole page with the bundle inline and an escaped title', () => {
    const html = plotlyStandaloneHtml(FIGURE, { title: 'Loss <per> epoch', fallback: '<svg></svg>' });
    assert.match(html, /^<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">/);
    assert.ok(html.includes('<title>Loss &lt;per&gt; epoch</title>'));
    assert.equal(count(html, plotlyBundle().slice(0, 200)), 1);
    assert.ok(html.includes('-fallback"><svg></svg></div>'));
    assert.match(html, /<\/body>\n<\/html>\n$/);
  });
});

describe('Plotly figures', () => {
  it('lossCurvesPlotly: validation, train and best-epoch traces per run; epoch and 5-decimal loss on hover', () => {
    const { data, layout } = lossCurvesPlotly(HISTORIES) as { data: Array<Record<string, unknown>>; layout: Record<string, any> };
    assert.equal(data.length, 3 * HISTORIES.length);
    assert.deepEqual(data.slice(0, 3).map((trace) => trace['meta']), ['validation', 'train', 'best validation']);
    assert.deepEqual((data[1]!['line'] as { dash: string }).dash, 'dash');
    assert.deepEqual(data[0]!['x'], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 'epochs from 1');
    assert.deepEqual([data[2]!['x'], data[2]!['y']], [[9], [HISTORIES[0]!.valLoss[8]]]);
    for (const trace of data) assert.match(trace['hovertemplate'] as string, /^epoch %\{x\}<br>loss %\{y:\.5f\}<extra>/);
    assert.equal(layout['yaxis'].type, 'log');
    assert.equal((lossCurvesPlotly(FLAT_HISTORIES).layout as Record<string, any>)['yaxis'].type, 'linear');
    assert.deepEqual(layout['xaxis'].tickvals, [2, 4, 6, 8, 10, 12]);
  });

  it('mseByLatentDimPlotly: a line per split, sorted by dimension, y from 0', () => {
    const single = mseByLatentDimPlotly(TEST_MSE) as { data: Array<Record<string, unknown>>; layout: Record<string, any> };
    assert.equal(single.data.length, 1);
    assert.equal(single.layout['showlegend'], false);
    assert.equal(single.layout['yaxis'].rangemode, 'tozero');
    assert.equal(single.layout['yaxis'].title.text, 'test MSE per pixel');
    assert.match(single.data[0]!['hovertemplate'] as string, /MSE %\{customdata\}/);
    assert.equal((single.data[0]!['customdata'] as string[])[0], '0.05610');
    assert.equal(single.data[0]!['error_y'], undefined, 'one run per dim: no range bars');
    const splits = mseByLatentDimPlotly(TEST_AND_TRAIN_MSE) as { data: Array<Record<string, unknown>> };
    assert.deepEqual(splits.data.map((trace) => trace['name']), ['train', 'test']);
    assert.deepEqual(splits.data[1]!['x'], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('mseByLatentDimPlotly: several seeds of a dim give their mean and a bar over their range', () => {
    const seeded = mseByLatentDimPlotly(SEEDED_MSE) as { data: Array<Record<string, any>> };
    const [trace] = seeded.data;
    assert.deepEqual(trace!['x'], [1, 2]);
    assert.deepEqual((trace!['y'] as number[]).map((y) => Number(y.toFixed(6))), [0.05, 0.041]);
    assert.deepEqual((trace!['error_y'].array as number[]).map((v) => Number(v.toFixed(6))), [0.002, 0.004]);
    assert.deepEqual((trace!['error_y'].arrayminus as number[]).map((v) => Number(v.toFixed(6))), [0.003, 0.003]);
    assert.equal(trace!['customdata'][0], '0.05000 (mean of 3 seeds, 0.04700–0.05200)');
  });
});
