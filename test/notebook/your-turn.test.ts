import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CheckFailed } from '../../src/notebook/self-check.js';
import { checkYourTurn, evaluateYourTurn, notDoneYet } from '../../src/notebook/your-turn.js';
import { withEnv } from '../helpers.js';

describe('"your turn" checks', () => {
  const square = (x: number) => x * x;
  const rightAnswer = (f: (x: number) => number) => () => (f(3) === 9 ? null : `square(3) gave ${f(3)}, not 9`);

  it('pass when the test finds nothing wrong', () => {
    assert.deepEqual(evaluateYourTurn('your turn 1, squaring', rightAnswer(square)), { status: 'pass', line: '✓ your turn 1, squaring: right' });
  });

  it('fail with the test\'s own sentence, or with what the code threw', () => {
    assert.deepEqual(evaluateYourTurn('squaring', rightAnswer((x) => 2 * x)), { status: 'fail', line: '✗ look again: squaring: square(3) gave 6, not 9' });
    const threw = evaluateYourTurn('squaring', () => { throw new RangeError('index 9 out of range'); });
    assert.equal(threw.status, 'fail');
    assert.match(threw.line, /your code threw "index 9 out of range"/);
  });

  it('report an unfinished TODO as not done yet, which never throws, even under AE_CHECKS=strict', () => {
    const todo = withEnv({ AE_CHECKS: 'strict' }, () => checkYourTurn('squaring', rightAnswer(() => notDoneYet())));
    assert.equal(todo.error, undefined);
    assert.deepEqual(todo.printed, ['… not done yet: squaring: write the TODO in the cell above, then run both cells again']);
    const wrong = withEnv({ AE_CHECKS: 'strict' }, () => checkYourTurn('squaring', rightAnswer((x) => x)));
    assert.ok(wrong.error instanceof CheckFailed, 'a wrong answer fails under strict');
    assert.equal(wrong.printed.length, 1);
  });

  it('recognizes a NotDoneYet from another copy of the module by its name', () => {
    const foreign = Object.assign(new Error('x'), { name: 'NotDoneYet' });
    assert.equal(evaluateYourTurn('squaring', () => { throw foreign; }).status, 'todo');
  });
});
