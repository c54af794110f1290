import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Kernel } from '../../tools/kernel.js';
import { CellFailure, type Notebook, coalesceStreams, runNotebook } from '../../tools/run-notebook.js';

const root = path.resolve(__dirname, '..', '..', '..');

/** A notebook of `sources`, one code cell each. */
function notebook(...sources: string[]): Notebook {
  return {
    cells: sources.map((source, k) => ({ cell_type: 'code', id: `c${k}`, metadata: {}, source, outputs: [], execution_count: null })),
    metadata: {}, nbformat: 4, nbformat_minor: 5,
  };
}

describe('running a notebook in the tslab kernel, without Jupyter', () => {
  let kernel: Kernel;
  before(async () => {
    const spec = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', '.jupyter', 'kernels', 'tslab', 'kernel.json'), 'utf8')) as { argv: string[] };
    kernel = await Kernel.start({ argv: spec.argv, cwd: path.join(root, 'notebooks'), env: process.env });
  });
  after(async () => {
    await kernel.shutdown();
  });

  it('records streams (merged as nbconvert merges them), results, and display updates in place', async () => {
    const nb = notebook(
      "console.log('one'); console.log('two'); console.error('three');",
      '6 * 7',
      "import * as tslab from 'tslab';\nconst shown = tslab.newDisplay();\nshown.html('<b>first</b>');",
      "shown.html('<b>second</b>'); console.log('updated');",
    );
    const started: number[] = [];
    await runNotebook(kernel, nb, 60_000, { onCellStart: (index, total, position) => started.push(index, total, position) });
    assert.deepEqual(started, [0, 4, 1, 1, 4, 2, 2, 4, 3, 3, 4, 4]);
    assert.deepEqual(nb.cells[0]!['outputs'], [
      { output_type: 'stream', name: 'stdout', text: 'one\ntwo\n' },
      { output_type: 'stream', name: 'stderr', text: 'three\n' },
    ]);
    // tslab prints a cell's last expression on stdout (it sends no execute_result).
    assert.deepEqual(nb.cells[1]!['outputs'], [{ output_type: 'stream', name: 'stdout', text: '42\n' }]);
    assert.deepEqual(nb.cells.map((cell) => cell['execution_count']), [1, 2, 3, 4]);
    // The display made in cell 3 shows what cell 4 wrote into it; cell 4 has only its own print.
    assert.deepEqual(nb.cells[2]!['outputs'], [{ output_type: 'display_data', data: { 'text/html': '<b>second</b>' }, metadata: {} }]);
    assert.deepEqual(nb.cells[3]!['outputs'], [{ output_type: 'stream', name: 'stdout', text: 'updated\n' }]);
    assert.equal((nb.metadata['language_info'] as { name?: string }).name, 'typescript');
  });

  it('stops at the first failing cell, naming it, with the outputs up to there', async () => {
    const nb = notebook("console.log('before');", 'throw new Error("boom");', "console.log('never');");
    await assert.rejects(runNotebook(kernel, nb, 60_000), (error: unknown) => {
      assert.ok(error instanceof CellFailure);
      assert.equal(error.cellIndex, 1);
      return true;
    });
    assert.deepEqual(nb.cells[0]!['outputs'], [{ output_type: 'stream', name: 'stdout', text: 'before\n' }]);
    assert.match(JSON.stringify(nb.cells[1]!['outputs']), /boom/);
    assert.deepEqual(nb.cells[2]!['outputs'], [], 'the cell after the failure is not run');
  });
});

describe('coalesceStreams', () => {
  it('merges runs of one stream and drops text overwritten by a carriage return, as nbconvert does', () => {
    const stream = (name: string, text: string) => ({ output_type: 'stream', name, text });
    assert.deepEqual(coalesceStreams([stream('stdout', 'a\n'), stream('stdout', 'b\n'), stream('stderr', 'c\n'), stream('stdout', 'd\n')]),
      [stream('stdout', 'a\nb\n'), stream('stderr', 'c\n'), stream('stdout', 'd\n')]);
    assert.deepEqual(coalesceStreams([stream('stdout', '10 %\r50 %\r100 %\n')]), [stream('stdout', '100 %\n')]);
  });
});
