/** Screenshot blankness (tools/html-check.ts): the pixel statistics check-html relies on. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { isBlank, pixelStats } from '../../tools/html-check.js';

function png(width: number, height: number, paint: (x: number, y: number) => [number, number, number]): PNG {
  const image = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = paint(x, y);
      image.data.set([r, g, b, 255], (y * width + x) * 4);
    }
  }
  return image;
}

describe('pixelStats / isBlank', () => {
  it('a one-colour screenshot is blank', () => {
    const stats = pixelStats(png(200, 100, () => [255, 255, 255]));
    assert.equal(stats.stddev, 0);
    assert.equal(stats.nonBackground, 0);
    assert.ok(isBlank(stats));
  });

  it('a few stray pixels are still blank; a page with content is not', () => {
    assert.ok(isBlank(pixelStats(png(200, 100, (x, y) => (x === 0 && y === 0 ? [0, 0, 0] : [255, 255, 255])))));
    const page = pixelStats(png(200, 100, (x, y) => (y % 10 < 2 && x > 20 && x < 180 ? [30, 30, 30] : [255, 255, 255])));
    assert.ok(page.nonBackground > 0.1);
    assert.ok(!isBlank(page));
  });
});
