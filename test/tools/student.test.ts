/** The student edition (tools/student.ts). */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { checkWorksheetTags, filledCode, linkFromStudentDir, studentCode, studentNotebook, withoutNarrativeChecks } from '../../tools/student.js';

type Cell = { id: string; cell_type: string; outputs?: unknown[]; execution_count?: unknown; source: string[]; metadata: { tags?: string[] } };
const markdown = (id: string, source: string, tags?: string[]) => ({ cell_type: 'markdown', id, metadata: tags ? { tags } : {}, source });
const code = (id: string, source: string, tags?: string[]) => ({ cell_type: 'code', id, metadata: tags ? { tags } : {}, execution_count: 1, source, outputs: [{ output_type: 'stream', name: 'stdout', text: '1\n' }] });
const notebook = (cells: object[]) => ({ cells, metadata: { kernelspec: { name: 'tslab' } }, nbformat: 4, nbformat_minor: 5 });

describe('the student edition', () => {
  const nb = notebook([
    markdown('m1', 'A [latent code](glossary.md#latent-code), see [notebook 02](02-latent-dimension.ipynb).'),
    code('c1', 'const x = 1;\nx'),
    markdown('answers', '**Answers.** 1. …', ['solution']),
    code('c2', 'solve()', ['solution']),
    code('c3', '// your code', ['exercise']),
  ]);

  it('drops solution-tagged cells, clears outputs and counts, keeps the rest', () => {
    const student = studentNotebook(nb, '/project') as { cells: Cell[] };
    assert.deepEqual(student.cells.map((cell) => cell.id), ['m1', 'c1', 'c3']);
    assert.deepEqual(student.cells[1]!.outputs, []);
    assert.equal(student.cells[1]!.execution_count, null);
    assert.deepEqual(student.cells[1]!.source, ['const x = 1;\n', 'x']);
    assert.equal(student.cells[0]!.source.join(''), 'A [latent code](../glossary.md#latent-code), see [notebook 02](../02-latent-dimension.ipynb).');
    assert.equal(nb.cells.length, 5, 'its input is left alone');
  });

  it('keeps each prediction prompt with an empty answer cell after it, and drops the narratives of results and their checks', () => {
    const worksheet = notebook([
      markdown('o1-predict', '**Predict.** Which digits?', ['predict']),
      code('run', 'train()'),
      markdown('o1', 'The 1s and the 0s.', ['observe']),
      code('o1-check', 'ae.check("ones", 0.95, [0.9, 1], "")', ['observe']),
      markdown('next', '## Next'),
    ]);
    const student = studentNotebook(worksheet, '/project') as { cells: Cell[] };
    assert.deepEqual(student.cells.map((cell) => cell.id), ['o1-predict', 'o1-predict-answer', 'run', 'next']);
    assert.equal(student.cells[1]!.cell_type, 'markdown');
    assert.equal(student.cells[1]!.source.join(''), '*Your answer:* ');
  });

  it('writes the recorded run times into a Markdown cell before the first code cell', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'student-'));
    fs.mkdirSync(path.join(root, 'notebooks'));
    fs.writeFileSync(path.join(root, 'notebooks', 'run-times.json'), JSON.stringify({
      '07-demo': { quick: { 'in order from empty checkpoints': { seconds: 125, date: '2026-12-05', machine: '2 cores, X' } } },
    }));
    const student = studentNotebook(nb, root, { name: '07-demo' }) as { cells: Cell[] };
    assert.deepEqual(student.cells.map((cell) => cell.id), ['m1', 'nb07-run-times', 'c1', 'c3']);
    const text = student.cells[1]!.source.join('');
    assert.match(text, /\| quick \| .* \| 2\.1 min \| 2026-12-05, 2 cores, X \|/);
    const none = studentNotebook(nb, root, { name: '08-unmeasured' }) as { cells: Cell[] };
    assert.match(none.cells[1]!.source.join(''), /No run of 08-unmeasured has been measured yet/);
    fs.rmSync(root, { recursive: true });
  });

  it('hands out a "your turn" cell with a TODO in place of each solution block, or filled in with the markers removed', () => {
    const source = 'function f(x: number): number {\n  // BEGIN SOLUTION\n  return x * x;\n  // END SOLUTION\n}';
    assert.equal(studentCode(source), 'function f(x: number): number {\n  // TODO: your code here (the task is in the cell above).\n  return ae.notDoneYet();\n}');
    assert.equal(filledCode(source), 'function f(x: number): number {\n  return x * x;\n}');
    const student = studentNotebook(notebook([code('t1', source, ['your-turn'])]), '/project') as { cells: Cell[] };
    assert.match(student.cells[0]!.source.join(''), /return ae\.notDoneYet\(\);/);
    const filled = studentNotebook(notebook([code('t1', source, ['your-turn'])]), '/project', { filled: true }) as { cells: Cell[] };
    assert.equal(filled.cells[0]!.source.join(''), filledCode(source));
  });

  it('leaves out the checks of a narrative, at any depth, and nothing else', () => {
    const source = 'table();\nif (ok) {\n  // BEGIN CHECKS OF THE NARRATIVE\n  ae.check("x", 1, [1, 1], "the statement says 1");\n  // END CHECKS OF THE NARRATIVE\n}\nnext();';
    assert.equal(withoutNarrativeChecks(source), 'table();\nif (ok) {\n}\nnext();');
    const student = studentNotebook(notebook([code('c', source)]), '/project') as { cells: Cell[] };
    assert.equal(student.cells[0]!.source.join(''), 'table();\nif (ok) {\n}\nnext();');
    assert.throws(() => withoutNarrativeChecks('// BEGIN CHECKS OF THE NARRATIVE\ncheck();', 'k'), /cell k: '\/\/ BEGIN CHECKS OF THE NARRATIVE' is never closed/);
  });

  it('names the cell whose tags break the worksheet\'s rules', () => {
    const check = (cells: object[]) => () => checkWorksheetTags(notebook(cells) as never);
    assert.throws(check([markdown('o', 'x', ['observe'])]), /cell o: an 'observe' narrative without its 'predict' prompt \(o-predict\)/);
    assert.throws(check([markdown('o', 'z', ['observe']), markdown('o-predict', 'x', ['predict'])]), /cell o: an 'observe' narrative without its 'predict' prompt/, 'the prompt comes first');
    assert.throws(check([markdown('p-predict', 'x', ['predict'])]), /cell p-predict: a 'predict' prompt that no 'observe' narrative \(p\) follows/);
    assert.throws(check([markdown('p', 'x', ['predict'])]), /cell p: a 'predict' prompt's id is the id of the narrative/);
    assert.throws(check([code('p-predict', 'x', ['predict'])]), /cell p-predict: a 'predict' cell must be Markdown/);
    assert.throws(check([code('t', 'return 1;', ['your-turn'])]), /cell t: a 'your-turn' cell without/);
    assert.throws(check([code('t', '// BEGIN SOLUTION\nreturn 1;', ['your-turn'])]), /cell t: '\/\/ BEGIN SOLUTION' is never closed/);
    // Two prompts before two results, each paired by id, and a narrative's check cell needing none.
    assert.doesNotThrow(check([markdown('a-predict', 'x', ['predict']), markdown('b-predict', 'x', ['predict']), code('c', 'run()'),
      markdown('a', 'y', ['observe']), markdown('b', 'y', ['observe']), code('k', 'check()', ['observe'])]));
  });

  it('points only sibling .md and .ipynb links one folder up', () => {
    assert.equal(linkFromStudentDir('[a](../glossary.md#x) [b](https://example.org/a.md) [c](figures/a.png) [d](glossary.md)'),
      '[a](../glossary.md#x) [b](https://example.org/a.md) [c](figures/a.png) [d](../glossary.md)');
  });
});
