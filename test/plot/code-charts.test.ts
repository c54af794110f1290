import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JSDOM } from 'jsdom';
import seedrandom from 'seedrandom';
import { type CodePoint, codeAxisSvg, codePlaneSvg } from '../../src/plot/index.js';
import { SERIES_COLORS } from '../../src/plot/scales.js';
import { assertSvgSnapshot } from './snapshot.js';

/** 200 points, 20 per digit, around ten centres. */
function points(): CodePoint[] {
  const random = seedrandom('codes');
  return Array.from({ length: 200 }, (_, k) => {
    const digit = k % 10;
    return { x: Math.cos(digit) * 3 + random(), y: Math.sin(digit) * 3 + random(), digit };
  });
}

function parse(svg: string): Element {
  return new JSDOM(svg, { contentType: 'image/svg+xml' }).window.document.documentElement;
}

describe('code charts', () => {
  it('match their snapshots', () => {
    assertSvgSnapshot('code-plane', codePlaneSvg(points(), { title: 'Test codes, d = 2' }));
    assertSvgSnapshot('code-axis', codeAxisSvg(points().map(({ x, digit }) => ({ x, digit })), { title: 'Test codes, d = 1' }));
  });

  it('the plane: one dot per image in its digit\'s colour, a legend of the ten digits', () => {
    const svg = parse(codePlaneSvg(points()));
    const dots = [...svg.querySelectorAll('g[aria-label="dot"] circle')];
    assert.equal(dots.length, 200);
    assert.equal(dots[3]!.getAttribute('fill'), SERIES_COLORS[3]);
    assert.deepEqual([...svg.querySelectorAll('g[aria-label="legend"] text')].map((node) => node.textContent), Array.from({ length: 10 }, (_, d) => String(d)));
  });

  it('the axis: a tick per image on its digit\'s row', () => {
    const svg = parse(codeAxisSvg(points().map(({ x, digit }) => ({ x, digit }))));
    assert.equal(svg.querySelectorAll('g[aria-label="tick"] line').length, 200);
  });

  it('reject points without a second number on the plane, and digits out of 0..9', () => {
    assert.throws(() => codePlaneSvg([{ x: 1, digit: 2 }]), /every point needs a second code number y/);
    assert.throws(() => codeAxisSvg([{ x: 1, digit: 12 }]), /digit 12 is not 0\.\.9/);
  });
});
