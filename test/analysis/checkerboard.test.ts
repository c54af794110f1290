import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkerboardLevel } from '../../src/analysis/index.js';

/** One 28×28 image whose pixel (y, x) is `value(y, x)`. */
const image = (value: (y: number, x: number) => number) => Float32Array.from({ length: 784 }, (_, k) => value(Math.floor(k / 28), k % 28));

describe('checkerboardLevel', () => {
  const black = image(() => 0);

  it('is 0 for a plain or evenly shaded background, h for a checkerboard of ±h', () => {
    assert.equal(checkerboardLevel(image(() => 0.2), black), 0);
    assert.ok(checkerboardLevel(image((y, x) => 0.01 * y + 0.02 * x), black) < 1e-7, 'a linear shade has no checkerboard');
    const checker = image((y, x) => 0.1 + ((y + x) % 2 === 0 ? 0.05 : -0.05));
    assert.ok(Math.abs(checkerboardLevel(checker, black) - 0.05) < 1e-7);
  });

  it('looks only where the original is black around the block: a stroke and its neighbourhood do not count', () => {
    const stroke = image((_, x) => (x >= 10 && x < 12 ? 1 : 0)); // a vertical bar in block column 5
    const checkerNearStroke = image((y, x) => (x >= 8 && x < 14 ? ((y + x) % 2) * 0.3 : 0));
    assert.equal(checkerboardLevel(checkerNearStroke, stroke), 0, 'block columns 4..6 touch the bar');
    assert.ok(checkerboardLevel(image((y, x) => ((y + x) % 2) * 0.3), stroke) > 0.1);
  });

  it('refuses images that do not match, and images with no background', () => {
    assert.throws(() => checkerboardLevel(black, black.subarray(1)), /not the same whole 28×28 images/);
    assert.throws(() => checkerboardLevel(black, image(() => 1)), /no background block/);
  });
});
