import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { imageGridPng, stackedRowsPng } from '../../src/plot/index.js';
import { assertPngSnapshot } from './snapshot.js';

/** Ten 28×28 images, the k-th of gray level k / 10. */
const images = (shift = 0) => Float32Array.from({ length: 10 * 784 }, (_, i) => (Math.floor(i / 784) + shift) / 10);

function grayAt(png: PNG, x: number, y: number): number {
  return png.data[(y * png.width + x) * 4]!;
}

describe('stackedRowsPng', () => {
  const rows = [{ label: 'original', images: images() }, { label: 'd = 10', images: images(0.5) }];

  it('puts each row label at its left and the title and column labels above, the images copied pixel for pixel', () => {
    const png = PNG.sync.read(stackedRowsPng(rows, 10, { title: 'A title', columnLabels: [...'0123456789'] }));
    const grid = PNG.sync.read(imageGridPng(rows[0]!.images, { columns: 10 }));
    const left = png.width - grid.width;
    const top = 28 + 20;
    assert.equal(png.height, top + 2 * grid.height - 2, 'rows share their border');
    assert.ok(left > 8 * 'original'.length, `the label column (${left} px) fits the longest label`);
    for (const [x, y] of [[0, 0], [40, 20], [grid.width - 1, grid.height - 1]]) {
      assert.equal(grayAt(png, left + x!, top + y!), grayAt(grid, x!, y!), `pixel ${x},${y} of the first row`);
    }
    const inked = (x0: number, x1: number, y0: number, y1: number) => {
      let dark = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (grayAt(png, x, y) < 128) dark += 1;
      return dark;
    };
    assert.ok(inked(0, left, top, top + grid.height) > 20, 'the first row label is drawn');
    assert.ok(inked(0, png.width, 0, 28) > 20, 'the title is drawn');
    assert.ok(inked(left, png.width, 28, top) > 20, 'the column labels are drawn');
    assert.equal(inked(0, left, png.height - 4, png.height), 0, 'nothing below the last label');
  });

  it('matches its snapshot byte for byte: the labels are drawn in a font from npm, never a system font', () => {
    assertPngSnapshot('stacked-rows', stackedRowsPng(rows, 10, { title: 'Gray levels 0.0 to 0.9, then each 0.05 lighter', columnLabels: [...'0123456789'] }));
  });

  it('is wide enough for a title longer than the grid', () => {
    const title = 'A title much longer than a single image: it must not be cut off at the right';
    const png = PNG.sync.read(stackedRowsPng([{ label: 'd = 3', images: images().subarray(0, 784) }], 1, { title: title }));
    assert.ok(png.width > 8 * title.length, `${png.width} px for ${title.length} characters`);
  });

  it('draws a caption under each image of a row that has them, in a band of its own', () => {
    const captions = [...'0123456789'].map((digit) => `${digit} 99%`);
    const plain = PNG.sync.read(stackedRowsPng(rows, 10));
    const png = PNG.sync.read(stackedRowsPng([rows[0]!, { ...rows[1]!, captions }], 10));
    assert.equal(png.height, plain.height + 16);
    const grid = PNG.sync.read(imageGridPng(rows[0]!.images, { columns: 10 }));
    const left = png.width - grid.width;
    let dark = 0;
    for (let y = png.height - 16; y < png.height; y++) for (let x = left; x < png.width; x++) if (grayAt(png, x, y) < 128) dark += 1;
    assert.ok(dark > 100, 'the captions are drawn below the last row');
    assert.throws(() => stackedRowsPng([{ ...rows[0]!, captions: ['1'] }], 10), /row "original" has 1 captions for 10 images/);
  });

  it('rejects no rows and column labels that do not fit', () => {
    assert.throws(() => stackedRowsPng([], 10), /^Error: stackedRowsPng: no rows to draw$/);
    assert.throws(() => stackedRowsPng(rows, 10, { columnLabels: ['0'] }), /1 column labels for 10 columns/);
  });
});
