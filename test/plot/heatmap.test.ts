import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JSDOM } from 'jsdom';
import { type HeatmapCell, levelByDimHeatmapSvg } from '../../src/plot/index.js';
import { assertSvgSnapshot } from './snapshot.js';

/** Two measures × two rows × three dims. */
function cells(): HeatmapCell[] {
  return ['copied part', 'flip rate'].flatMap((panel, p) => ['noise σ 0.3', 'blot 10×10'].flatMap((row, r) =>
    [1, 2, 3].map((latentDim) => ({ panel, row, latentDim, value: (p + r + latentDim) / 6, note: '(range 0–1)' }))));
}

function parse(svg: string): Element {
  return new JSDOM(svg, { contentType: 'image/svg+xml' }).window.document.documentElement;
}

describe('levelByDimHeatmapSvg', () => {
  it('matches its snapshot', () => {
    assertSvgSnapshot('heatmap', levelByDimHeatmapSvg(cells(), { title: 'Corruptions by code size' }));
  });

  it('draws one cell per value, each labelled with it (white on the dark ones)', () => {
    const svg = parse(levelByDimHeatmapSvg(cells()));
    assert.equal(svg.querySelectorAll('g[aria-label="cell"] rect').length, 12);
    const labels = [...svg.querySelectorAll('g[aria-label="text"] text')];
    assert.deepEqual(labels.map((node) => node.textContent).sort(), cells().map((cell) => cell.value.toFixed(2)).sort());
    const whiteOnes = labels.filter((node) => node.closest('[fill]')?.getAttribute('fill') === 'white').map((node) => Number(node.textContent));
    assert.ok(whiteOnes.length > 0 && whiteOnes.every((value) => value > 0.55));
    assert.match(svg.querySelector('g[aria-label="cell"] title')!.textContent!, /copied part\nnoise σ 0.3, d = 1: 0.17 \(range 0–1\)/);
  });

  it('refuses no cells, a value that is not finite, and two cells in one place', () => {
    assert.throws(() => levelByDimHeatmapSvg([]), /no cells/);
    assert.throws(() => levelByDimHeatmapSvg([{ ...cells()[0]!, value: Number.NaN }]), /has value NaN/);
    assert.throws(() => levelByDimHeatmapSvg([cells()[0]!, cells()[0]!]), /two cells for "copied part", "noise σ 0.3", d = 1/);
  });
});
