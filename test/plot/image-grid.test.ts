import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { imageGridPng } from '../../src/plot/index.js';

/** Gray value at (x, y) of a decoded PNG. */
function grayAt(png: PNG, x: number, y: number): number {
  return png.data[(y * png.width + x) * 4]!;
}

describe('imageGridPng', () => {
  it('lays images out row by row, scaled, with gaps, white = 1', () => {
    // Three 2×2 images: all black, all white, a diagonal (1 at top-left and bottom-right).
    const images = Float32Array.from([0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 1]);
    const png = PNG.sync.read(imageGridPng(images, { columns: 2, imageSize: 2, scale: 3, gap: 1 }));
    assert.equal(png.width, 2 * (6 + 1) + 1);
    assert.equal(png.height, 2 * (6 + 1) + 1);
    assert.equal(grayAt(png, 0, 0), 200, 'gap');
    assert.equal(grayAt(png, 1, 1), 0, 'black image');
    assert.equal(grayAt(png, 8 + 5, 1 + 5), 255, 'white image, last scaled pixel');
    assert.equal(grayAt(png, 1 + 2, 8 + 2), 255, 'diagonal image, top-left block');
    assert.equal(grayAt(png, 1 + 3, 8 + 2), 0, 'diagonal image, top-right block');
    assert.equal(grayAt(png, 1 + 5, 8 + 5), 255, 'diagonal image, bottom-right block');
    assert.equal(grayAt(png, 8 + 3, 8 + 3), 200, 'the empty fourth cell is background');
  });

  it('clips values outside [0, 1]', () => {
    const png = PNG.sync.read(imageGridPng(Float32Array.from([-2, 0.5, 7, 1]), { columns: 1, imageSize: 2, scale: 1, gap: 0 }));
    assert.deepEqual([0, 1, 2, 3].map((k) => grayAt(png, k % 2, Math.floor(k / 2))), [0, 128, 255, 255]);
  });

  it('rejects data that is not whole images, and bad column counts', () => {
    assert.throws(() => imageGridPng(new Float32Array(5), { columns: 1, imageSize: 2 }), /5 values is not a whole number of 2×2 images/);
    assert.throws(() => imageGridPng(new Float32Array(4), { columns: 0, imageSize: 2 }), /columns must be a positive integer/);
  });
});
