/** The notebook serializer of the tools (tools/notebook-json.ts): no Jupyter needed. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { findProjectRoot } from '../../src/util/paths.js';
import { normalizeNotebook, scrubProjectRoot, serializeNotebook, splitLinesKeepEnds } from '../../tools/notebook-json.js';

const fixtures = path.join(findProjectRoot(__dirname), 'test', 'tools', 'fixtures');
const ROOT = '/home/dev/mnist-latent-autoencoders';

type Nb = any;

/** A notebook as nbclient leaves it: counts as the kernel gave them, timestamps, absolute paths. */
function executedNotebook(): Nb {
  return {
    cells: [
      { cell_type: 'markdown', id: 'm', metadata: {}, source: '# Title\nwith $x$' },
      {
        cell_type: 'code', id: 'a', execution_count: 7,
        metadata: { execution: { 'iopub.status.busy': '2026-01-01T00:00:00Z', 'iopub.status.idle': '2026-01-01T00:00:01Z' }, tags: ['keep-me'] },
        outputs: [
          { output_type: 'stream', name: 'stdout', text: `cwd: ${ROOT}/notebooks\nroot: ${ROOT}\n` },
          { output_type: 'stream', name: 'stderr', text: [`at f (${ROOT}/node_modules/x.js:1:2)\n`, `not ours: ${ROOT}2/y\n`] },
        ],
        source: ['import * as ae from "mnist-latent-autoencoders";\n', 'console.log(process.cwd());'],
      },
      { cell_type: 'code', id: 'blank', execution_count: null, metadata: {}, outputs: [], source: '  \n' },
      {
        cell_type: 'code', id: 'b', execution_count: null,
        metadata: { ExecuteTime: { end_time: 'x' }, papermill: { duration: 1.5 }, trusted: true, scrolled: true },
        outputs: [
          { output_type: 'execute_result', execution_count: 12, metadata: {}, data: { 'text/plain': `'${ROOT}/data'`, 'application/json': { file: `${ROOT}/data/a.bin`, n: 1 } } },
          { output_type: 'display_data', metadata: {}, data: { 'image/png': `iVBOR/${ROOT.slice(1)}/AAAA`, 'text/html': `<img src="file://${ROOT}/figures/a.png">\n<p>ok</p>` } },
          { output_type: 'error', ename: 'Error', evalue: `ENOENT ${ROOT}/x`, traceback: [`Error: ENOENT ${ROOT}/x`] },
        ],
        source: 'x',
      },
    ],
    metadata: {
      kernelspec: { name: 'tslab', display_name: 'TypeScript (tslab, this project)', language: 'typescript' },
      language_info: { name: 'typescript', version: '3.7.2', file_extension: '.ts' },
      papermill: { start_time: 'x' },
      signature: 'sha256:abc',
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

const joined = (value: string | string[]): string => (Array.isArray(value) ? value.join('') : value);

describe('normalizeNotebook', () => {
  it('numbers code cells 1..n in cell order, execute_result counts too; blank cells get none', () => {
    const nb: Nb = normalizeNotebook(executedNotebook(), ROOT);
    assert.deepEqual(nb.cells.map((cell: Nb) => cell.execution_count), [undefined, 1, null, 2]);
    assert.equal(nb.cells[3].outputs[0].execution_count, 2);
  });

  it('replaces the project root in outputs with ., leaving sources, base64 and look-alike paths alone', () => {
    const nb: Nb = normalizeNotebook(executedNotebook(), ROOT);
    const [, a, , b] = nb.cells;
    assert.equal(joined(a.outputs[0].text), 'cwd: ./notebooks\nroot: .\n');
    assert.equal(joined(a.outputs[1].text), `at f (./node_modules/x.js:1:2)\nnot ours: ${ROOT}2/y\n`);
    assert.equal(joined(b.outputs[0].data['text/plain']), "'./data'");
    assert.deepEqual(b.outputs[0].data['application/json'], { file: './data/a.bin', n: 1 });
    assert.equal(b.outputs[1].data['image/png'], `iVBOR/${ROOT.slice(1)}/AAAA`);
    assert.equal(joined(b.outputs[1].data['text/html']), '<img src="file://./figures/a.png">\n<p>ok</p>');
    assert.equal(b.outputs[2].evalue, 'ENOENT ./x');
    assert.deepEqual(b.outputs[2].traceback, ['Error: ENOENT ./x']);
    assert.ok(!JSON.stringify(nb).replace(b.outputs[1].data['image/png'], '').includes(`${ROOT}/`), 'no absolute project path is left but in base64');
  });

  it('drops timestamps, timings and transient fields; keeps the rest of the metadata', () => {
    const nb: Nb = normalizeNotebook(executedNotebook(), ROOT);
    assert.deepEqual(nb.cells[1].metadata, { tags: ['keep-me'] });
    assert.deepEqual(nb.cells[3].metadata, { scrolled: true });
    assert.deepEqual(nb.metadata, {
      kernelspec: { name: 'tslab', display_name: 'TypeScript (tslab, this project)', language: 'typescript' },
      language_info: { name: 'typescript', file_extension: '.ts' },
    });
  });

  it('stores text as lists of lines as nbformat does, and does not touch its input', () => {
    const input = executedNotebook();
    const before = JSON.stringify(input);
    const nb: Nb = normalizeNotebook(input, ROOT);
    assert.equal(JSON.stringify(input), before);
    assert.deepEqual(nb.cells[0].source, ['# Title\n', 'with $x$']);
    assert.deepEqual(nb.cells[1].outputs[0].text, ['cwd: ./notebooks\n', 'root: .\n']);
    assert.deepEqual(nb.cells[2].source, ['  \n']);
    assert.equal(nb.cells[3].outputs[1].data['image/png'], `iVBOR/${ROOT.slice(1)}/AAAA`, 'base64 stays one string');
  });

  it('is idempotent', () => {
    const once = normalizeNotebook(executedNotebook(), ROOT);
    const twice = normalizeNotebook(once, ROOT);
    assert.deepEqual(twice, once);
    assert.equal(serializeNotebook(twice), serializeNotebook(once));
  });

  it('writes byte for byte what nbformat.write writes (so saving from Jupyter changes nothing)', () => {
    // test/tools/fixtures/nbformat-written.ipynb: written by Python nbformat 5.5's nbformat.write.
    const text = fs.readFileSync(path.join(fixtures, 'nbformat-written.ipynb'), 'utf8');
    assert.equal(serializeNotebook(normalizeNotebook(JSON.parse(text), '/work/main')), text);
  });
});

describe('scrubProjectRoot and splitLinesKeepEnds', () => {
  it('replaces whole path names only', () => {
    assert.equal(scrubProjectRoot(`${ROOT}/a ${ROOT} ${ROOT}. ${ROOT}-x ${ROOT}.bak`, `${ROOT}/`), `./a . .. ${ROOT}-x ${ROOT}.bak`);
    assert.equal(scrubProjectRoot('nothing here', ROOT), 'nothing here');
  });

  it("splits like Python's str.splitlines(True)", () => {
    assert.deepEqual(splitLinesKeepEnds('a\nb\r\nc\rd\u2028e\x0bf'), ['a\n', 'b\r\n', 'c\r', 'd\u2028', 'e\x0b', 'f']);
    assert.deepEqual(splitLinesKeepEnds(''), []);
    assert.deepEqual(splitLinesKeepEnds('x\n'), ['x\n']);
  });
});
