/** How check:student judges a run of the student edition (tools/check-student.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeReport, yourTurnReport } from '../../tools/check-student.js';
import type { JsonObject } from '../../tools/notebook-json.js';

const stream = (text: string): JsonObject => ({ output_type: 'stream', name: 'stdout', text: text });
const cell = (source: string, ...outputs: JsonObject[]): JsonObject => ({ cell_type: 'code', id: 'x', metadata: {}, source: source, outputs: outputs });

describe('check:student', () => {
  it('counts the "your turn" checks in the code and what they printed', () => {
    const report = yourTurnReport({
      cells: [
        cell('ae.checkYourTurn("one", f);', stream('✓ your turn 1, the output layer: right\n')),
        cell('ae.checkYourTurn("two", g);', stream('… not done yet: your turn 2: write the TODO in the cell above, then run both cells again\n')),
        cell('ae.check("x", 1, [0, 2], "y");', stream('✓ x: 1, within [0, 2]\n✗ look again: z is 3, outside [0, 2], because w\n')),
        { cell_type: 'markdown', id: 'm', metadata: {}, source: 'ae.checkYourTurn( in prose does not count' },
      ],
    });
    assert.deepEqual(report, { checks: 2, right: 1, notDoneYet: 1, failed: ['✗ look again: z is 3, outside [0, 2], because w'] });
  });

  it('wants every "your turn" check right when filled in, and every one not done yet as handed out', () => {
    assert.equal(judgeReport({ checks: 3, right: 3, notDoneYet: 0, failed: [] }, true), null);
    assert.equal(judgeReport({ checks: 3, right: 0, notDoneYet: 3, failed: [] }, false), null);
    assert.equal(judgeReport({ checks: 0, right: 0, notDoneYet: 0, failed: [] }, false), null);
    assert.match(judgeReport({ checks: 3, right: 2, notDoneYet: 1, failed: [] }, true)!, /2 said right and 1 not done yet; expected 3 and 0/);
    assert.match(judgeReport({ checks: 3, right: 1, notDoneYet: 2, failed: [] }, false)!, /expected 0 and 3/);
    assert.match(judgeReport({ checks: 1, right: 1, notDoneYet: 0, failed: ['✗ look again: a'] }, true)!, /a check failed: ✗ look again: a/);
  });
});
