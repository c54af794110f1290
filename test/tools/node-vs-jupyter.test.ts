/**
 * One notebook executed both ways, `npm start`'s (tools/start.ts: the tslab kernel over the Jupyter
 * protocol, no Jupyter) and Jupyter's own (`jupyter nbconvert --execute`), must write the same
 * notebook and the same figure bytes. The notebook is small but takes the paths the real ones do:
 * the library imported by name, streams on both channels, a cell's last expression, Markdown, a PNG
 * saved to figures/ and shown, a display updated by a later cell. CI also compares notebook 01 run
 * both ways (.ci/run). Without Jupyter the suite is skipped, except in CI where it fails.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { firstDifference } from '../../tools/compare-notebooks.js';
import { findOnPath, jupyterEnv } from '../../tools/jupyter.js';
import { Kernel } from '../../tools/kernel.js';
import { normalizeNotebook, serializeNotebook } from '../../tools/notebook-json.js';
import { kernelArgv } from '../../tools/notebooks.js';
import { type Notebook, runNotebook } from '../../tools/run-notebook.js';
import { inCi } from '../helpers.js';

const root = path.resolve(__dirname, '..', '..', '..');

const SOURCES = [
  "import * as ae from 'mnist-latent-autoencoders';\nimport * as tslab from 'tslab';\nconsole.log('library loaded');\nconsole.error('a warning');",
  "ae.showMarkdown(ae.markdownTable(['latent dim', 'MSE'], [[2, 0.0345], [10, 0.0112]]));\n6 * 7",
  "const ramp = Float32Array.from({ length: 2 * 16 }, (_, k) => (k % 16) / 15);\nae.showPng('node-vs-jupyter.png', ae.imageGridPng(ramp, { imageSize: 4, columns: 2 }));",
  "const shown = tslab.newDisplay();\nshown.html('<b>first</b>');",
  "shown.html('<b>second</b>');\nconsole.log('updated');",
];

/** Jupyter nbconvert, if this machine has it (missing: the reason to skip, except in CI). */
function nbconvertMissing(): string | false {
  const jupyter = findOnPath('jupyter');
  const works = jupyter !== null && spawnSync(jupyter, ['nbconvert', '--version'], { encoding: 'utf8', timeout: 60_000 }).status === 0;
  return works || inCi() ? false : 'Jupyter nbconvert is not installed (the Node path is tested without it in test/tools/run-notebook.test.ts)';
}

function fixture(): Notebook {
  return {
    cells: SOURCES.map((source, k) => ({ cell_type: 'code', id: `cell-${k}`, metadata: {}, source, outputs: [], execution_count: null })),
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript (tslab, this project)', language: 'typescript' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

describe('the same notebook through npm start and through jupyter nbconvert', { skip: nbconvertMissing() }, () => {
  let work: string;
  before(() => {
    // Inside the project, so that the kernel resolves 'mnist-latent-autoencoders' as the notebooks do.
    work = fs.mkdtempSync(path.join(__dirname, 'node-vs-jupyter-'));
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('writes the same outputs and the same figure bytes', async () => {
    const figures = { node: path.join(work, 'figures-node'), jupyter: path.join(work, 'figures-jupyter') };
    const byNode = path.join(work, 'by-node.ipynb');
    const byJupyter = path.join(work, 'by-jupyter.ipynb');
    fs.writeFileSync(byJupyter, serializeNotebook(fixture()));

    const nb = fixture();
    const kernel = await Kernel.start({ argv: kernelArgv(root), cwd: work, env: { ...process.env, AE_FIGURES_DIR: figures.node } });
    try {
      await runNotebook(kernel, nb, 120_000);
    } finally {
      await kernel.shutdown();
    }
    fs.writeFileSync(byNode, serializeNotebook(normalizeNotebook(nb, root)));

    const run = spawnSync(findOnPath('jupyter')!, ['nbconvert', '--to', 'notebook', '--execute', '--inplace', '--ExecutePreprocessor.record_timing=False', byJupyter], {
      cwd: work, encoding: 'utf8', timeout: 180_000, env: { ...jupyterEnv(root), AE_FIGURES_DIR: figures.jupyter },
    });
    assert.equal(run.status, 0, run.stderr);
    fs.writeFileSync(byJupyter, serializeNotebook(normalizeNotebook(JSON.parse(fs.readFileSync(byJupyter, 'utf8')) as object, root)));

    const [a, b] = [byNode, byJupyter].map((file) => JSON.parse(fs.readFileSync(file, 'utf8')) as Notebook);
    assert.equal(firstDifference(a, b), undefined);
    assert.equal(fs.readFileSync(byNode, 'utf8'), fs.readFileSync(byJupyter, 'utf8'), 'the two files, byte for byte');
    const names = fs.readdirSync(figures.node).sort();
    assert.deepEqual(names, ['node-vs-jupyter.png']);
    assert.deepEqual(fs.readdirSync(figures.jupyter).sort(), names);
    for (const name of names) assert.ok(fs.readFileSync(path.join(figures.node, name)).equals(fs.readFileSync(path.join(figures.jupyter, name))), name);
    // The run did what the cells say (a sanity check that both did not merely fail alike).
    assert.match(JSON.stringify(a.cells[0]!['outputs']), /library loaded/);
    assert.match(JSON.stringify(a.cells[3]!['outputs']), /second/);
  });
});
