import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JSDOM } from 'jsdom';
import seedrandom from 'seedrandom';
import { rocCurve } from '../../src/analysis/roc.js';
import { type RocSeries, rocCurvesPlotly, rocCurvesSvg } from '../../src/plot/index.js';
import { seriesColor } from '../../src/plot/scales.js';
import { assertSvgSnapshot } from './snapshot.js';

/** Three detectors of rising quality on 300 seeded scores, curves thinned to 40 points. */
function curves(): RocSeries[] {
  const random = seedrandom('roc');
  const isAnomaly = Array.from({ length: 300 }, (_, i) => i % 3 === 0);
  return [0.5, 1, 2].map((separation, k) => ({
    label: `detector ${k}`,
    points: rocCurve(isAnomaly.map((anomaly) => random() + (anomaly ? separation : 0)), isAnomaly, 40),
  }));
}

describe('ROC charts', () => {
  it('match the snapshot', () => {
    assertSvgSnapshot('roc-curves', rocCurvesSvg(curves(), { title: 'ROC curves of three detectors' }));
  });

  it('draw one line per curve in its colour, the chance diagonal, and a legend of the curves', () => {
    const svg = new JSDOM(rocCurvesSvg(curves()), { contentType: 'image/svg+xml' }).window.document.documentElement;
    const paths = [...svg.querySelectorAll('g[aria-label="line"] path')];
    assert.equal(paths.length, 4, 'the diagonal and three curves');
    assert.ok(paths.some((path) => path.getAttribute('stroke') === seriesColor(2)));
    assert.deepEqual([...svg.querySelectorAll('g[aria-label="legend"] text')].map((node) => node.textContent), ['detector 0', 'detector 1', 'detector 2']);
    assert.deepEqual([...svg.querySelectorAll('g[aria-label="text"] text')].map((node) => node.textContent), ['chance (AUROC 0.5)'], 'the diagonal is named in the figure');
  });

  it('the interactive twin: one trace per curve after the diagonal, same colours, thresholds in the hover text', () => {
    const figure = rocCurvesPlotly(curves(), { legendTitle: 'detector' });
    assert.deepEqual((figure.layout as { legend: unknown }).legend, { title: { text: 'detector' } });
    const data = figure.data as { name: string; x: number[]; customdata?: string[]; line: { color: string } }[];
    assert.deepEqual(data.map((trace) => trace.name), ['chance', 'detector 0', 'detector 1', 'detector 2']);
    assert.equal(data[3]!.line.color, seriesColor(2));
    assert.equal(data[1]!.x.length, 40);
    assert.equal(data[1]!.customdata![0], 'none', 'the (0, 0) corner flags nothing');
  });

  it('refuse no curves, two curves of one label, or a curve of one point', () => {
    assert.throws(() => rocCurvesSvg([]), /no curves to draw/);
    assert.throws(() => rocCurvesSvg([curves()[0]!, curves()[0]!]), /two curves are labelled "detector 0"/);
    assert.throws(() => rocCurvesPlotly([{ label: 'a', points: [{ threshold: 1, falsePositiveRate: 0, truePositiveRate: 0 }] }]), /the curve "a" has 1 point\(s\)/);
  });
});
