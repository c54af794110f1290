/**
 * "Your turn" cells: a small piece of the thing taught that a student writes, followed by a check
 * that says what is wrong until it is right (CS231n's inline checks). In the instructor's notebook
 * the piece holds its solution between `// BEGIN SOLUTION` and `// END SOLUTION`; the student
 * edition (tools/student.ts) puts `return ae.notDoneYet();` there instead. An unfinished piece puts
 * its check in a "not done yet" state: printed, never thrown, even under `AE_CHECKS=strict`, so
 * that a handed-out notebook runs to the end. Later cells use the library's version, never the
 * student's.
 */
import { type CheckResult, reportCheck } from './self-check';

/** What a student's unfinished `TODO` throws (see {@link notDoneYet}). */
export class NotDoneYet extends Error {
  constructor() {
    super('not done yet: this part of a "your turn" cell is still a TODO');
    this.name = 'NotDoneYet';
  }
}

/** The student edition's placeholder for a piece still to write: throws {@link NotDoneYet}. */
export function notDoneYet(): never {
  throw new NotDoneYet();
}

// The class may come from another copy of this module (a cell compiled against another path), so
// the name decides, not `instanceof` alone.
function isNotDoneYet(error: unknown): boolean {
  return error instanceof NotDoneYet || (error instanceof Error && error.name === 'NotDoneYet');
}

/**
 * Judges a student's piece of code without printing. `test` runs it and returns `null` when it is
 * right, or a sentence saying what is wrong and where to look.
 */
export function evaluateYourTurn(name: string, test: () => string | null): CheckResult {
  let problem: string | null;
  try {
    problem = test();
  } catch (error) {
    if (isNotDoneYet(error)) return { status: 'todo', line: `… not done yet: ${name}: write the TODO in the cell above, then run both cells again` };
    problem = `your code threw "${error instanceof Error ? error.message : String(error)}"`;
  }
  return problem === null ? { status: 'pass', line: `✓ ${name}: right` } : { status: 'fail', line: `✗ look again: ${name}: ${problem}` };
}

/**
 * Checks a student's piece of code (see {@link evaluateYourTurn}) and prints one line: `✓`, `✗ look
 * again` (which throws under `AE_CHECKS=strict`) or `… not done yet` (which never throws).
 */
export function checkYourTurn(name: string, test: () => string | null): void {
  return reportCheck(evaluateYourTurn(name, test));
}
