/** Which cell failed and why, in one line (tools/cell-errors.ts): no Jupyter needed. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { findProjectRoot } from '../../src/util/paths.js';
import { findCellError, formatCellError, summarizeStderr } from '../../tools/cell-errors.js';

const fixtures = path.join(findProjectRoot(__dirname), 'test', 'tools', 'fixtures');

describe('findCellError', () => {
  // test/tools/fixtures/failed-cell.json: what tools/nbconvert/execute_hooks.py saved when cell 2 of
  // a notebook threw under tslab (nbconvert had stopped; tslab's reply carried no message).
  const failure = JSON.parse(fs.readFileSync(path.join(fixtures, 'failed-cell.json'), 'utf8'));

  it("finds the failed cell's message in its stderr, skipping earlier stderr and the stack", () => {
    const error = findCellError(failure.notebook, failure.failedCell);
    assert.deepEqual(error, { cellIndex: 1, firstSourceLine: "console.error('some stderr'); throw new Error('boom here');", message: 'Error: boom here' });
    assert.equal(
      formatCellError('notebooks/01-x.ipynb', error!),
      "notebooks/01-x.ipynb, cell 2 (`console.error('some stderr'); throw new Error('boom here');`): Error: boom here",
    );
  });

  it('trusts the index nbclient reported over stale outputs of later cells', () => {
    const nb = JSON.parse(JSON.stringify(failure.notebook));
    nb.cells[3].outputs = [{ output_type: 'error', ename: 'OldError', evalue: 'from the last run', traceback: [] }];
    assert.equal(findCellError(nb, 1)?.message, 'Error: boom here');
    assert.equal(findCellError(nb)?.message, 'OldError: from the last run', 'without an index: the first error output');
  });

  it('reads error outputs of other kernels, ANSI colours stripped', () => {
    const nb = { cells: [{ cell_type: 'code', source: 'x', outputs: [{ output_type: 'error', ename: '\u001b[31mValueError\u001b[0m', evalue: 'bad \u001b[1mthing\u001b[0m', traceback: [] }] }] };
    assert.equal(findCellError(nb)?.message, 'ValueError: bad thing');
  });

  it('says so when the failed cell printed nothing, and returns null for no code cell', () => {
    assert.equal(findCellError({ cells: [{ cell_type: 'code', source: 'x', outputs: [] }] }, 0)?.message, 'the kernel reported an error but printed no message');
    assert.equal(findCellError({ cells: [{ cell_type: 'markdown', source: 'x' }] }, 0), null);
    assert.equal(findCellError({ cells: [] }), null);
  });
});

describe('summarizeStderr', () => {
  it('joins TypeScript diagnostics', () => {
    assert.equal(
      summarizeStderr("1:7 - Type 'string' is not assignable to type 'number'.\n2:1 - Cannot find name 'f'\n3:1 - Third.\n"),
      "1:7 - Type 'string' is not assignable to type 'number'. 2:1 - Cannot find name 'f'; 3:1 - Third.",
    );
  });

  it('takes the error line of a printed Error (async rejections and inspected errors too)', () => {
    assert.equal(summarizeStderr('Error: async boom\n    at evalmachine.<anonymous>:3:43\n'), 'Error: async boom');
    assert.equal(summarizeStderr('noise\nTypeError: x is not a function\n    at y (z.js:1:1) {\n  code: 1\n}\n'), 'TypeError: x is not a function');
    assert.equal(summarizeStderr('[Error: bare]\n'), 'Error: bare');
  });

  it('falls back to the last line that is not stack trace, e.g. a thrown string', () => {
    assert.equal(summarizeStderr('just a thrown string\n'), 'just a thrown string');
    assert.equal(summarizeStderr(''), '');
  });
});
