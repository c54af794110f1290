/** Screenshot blankness (tools/page-checks.ts): the pixel statistics check-html relies on. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { errorSource, isBlank, isJupyterAsset, outputKinds, pixelStats } from '../../tools/page-checks.js';

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

describe('whose error: the host Jupyter or our content', () => {
  const base = 'http://127.0.0.1:8899';
  it("Jupyter's own assets and extensions are the host's", () => {
    assert.equal(isJupyterAsset(`${base}/nbextensions/widgets/notebook/js/extension.js?v=20261130`, base), true);
    assert.equal(isJupyterAsset(`${base}/static/notebook/js/main.min.js`, base), true);
    assert.equal(isJupyterAsset(`${base}/custom/custom.js`, base), true);
    assert.equal(isJupyterAsset(`${base}/favicon.ico`, base), true);
  });
  it('the notebook page, its outputs, and other servers are not', () => {
    assert.equal(isJupyterAsset(`${base}/notebooks/01-reconstruction.ipynb`, base), false);
    assert.equal(isJupyterAsset('', base), false);
    assert.equal(isJupyterAsset('http://127.0.0.1:9999/static/x.js', base), false);
    assert.equal(isJupyterAsset(`${base}/files/static/x.js`, base), false);
  });
  it("errorSource: an exception's script is its top stack frame's URL", () => {
    assert.equal(errorSource(`TypeError: x is undefined\n    at load (${base}/static/notebook/js/main.min.js?v=1:12:34)\n    at ${base}/notebooks/a.ipynb:3:1`), `${base}/static/notebook/js/main.min.js?v=1`);
    assert.equal(errorSource(`Error: boom\n    at ${base}/notebooks/a.ipynb:3:1`), `${base}/notebooks/a.ipynb`);
    // An output's script, run by jQuery's globalEval: the top frame is the eval'd code, so it is ours.
    assert.equal(errorSource(`Error: boom\n    at eval (eval at globalEval (${base}/static/components/jquery/jquery.min.js:2:2649), <anonymous>:1:7)\n    at ${base}/static/components/jquery/jquery.min.js:2:2649`), '');
    assert.equal(errorSource(undefined), '');
  });
});

describe('outputKinds', () => {
  it('counts PNGs and spots Plotly, Observable Plot and scripts', () => {
    const nb = {
      cells: [
        { cell_type: 'code', outputs: [{ output_type: 'display_data', data: { 'image/png': 'iVBOR' } }] },
        { cell_type: 'code', outputs: [{ output_type: 'display_data', data: { 'text/html': ['<div id="p"></div>\n', '<script>Plotly.newPlot("p", [])</script>'] } }] },
        { cell_type: 'code', outputs: [{ output_type: 'display_data', data: { 'text/html': '<figure><svg class="plot-d6a7b5" width="10"></svg></figure>' } }] },
      ],
    };
    assert.deepEqual(outputKinds(nb), { png: 1, plotly: true, observablePlot: true, scripts: 1, explorers: 0, trainers: 0 });
    assert.deepEqual(outputKinds({ cells: [] }), { png: 0, plotly: false, observablePlot: false, scripts: 0, explorers: 0, trainers: 0 });
  });

  it("does not count a Plot SVG that is only a Plotly chart's fallback (removed once Plotly draws)", () => {
    const html = '<div id="p"></div><div id="p-fallback"><svg class="plot-d6a7b5"></svg></div><script>Plotly.newPlot("p", [])</script>';
    const nb = { cells: [{ cell_type: 'code', outputs: [{ output_type: 'display_data', data: { 'text/html': html } }] }] };
    assert.deepEqual(outputKinds(nb), { png: 0, plotly: true, observablePlot: false, scripts: 1, explorers: 0, trainers: 0 });
  });
});
