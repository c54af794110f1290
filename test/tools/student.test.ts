/** The student edition (tools/student.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linkFromStudentDir, studentNotebook } from '../../tools/student.js';

describe('the student edition', () => {
  const nb = {
    cells: [
      { cell_type: 'markdown', id: 'm1', metadata: {}, source: 'A [latent code](glossary.md#latent-code), see [notebook 02](02-latent-dimension.ipynb).' },
      { cell_type: 'code', id: 'c1', metadata: {}, execution_count: 3, source: 'const x = 1;\nx', outputs: [{ output_type: 'stream', name: 'stdout', text: '1\n' }] },
      { cell_type: 'markdown', id: 'answers', metadata: { tags: ['solution'] }, source: '**Answers.** 1. …' },
      { cell_type: 'code', id: 'c2', metadata: { tags: ['solution'] }, execution_count: 4, source: 'solve()', outputs: [] },
      { cell_type: 'code', id: 'c3', metadata: { tags: ['exercise'] }, execution_count: 5, source: '// your code', outputs: [] },
    ],
    metadata: { kernelspec: { name: 'tslab' } }, nbformat: 4, nbformat_minor: 5,
  };

  it('drops solution-tagged cells, clears outputs and counts, keeps the rest', () => {
    const student = studentNotebook(nb, '/project') as { cells: { id: string; outputs?: unknown[]; execution_count?: unknown; source: string[] }[] };
    assert.deepEqual(student.cells.map((cell) => cell.id), ['m1', 'c1', 'c3']);
    assert.deepEqual(student.cells[1]!.outputs, []);
    assert.equal(student.cells[1]!.execution_count, null);
    assert.deepEqual(student.cells[1]!.source, ['const x = 1;\n', 'x']);
    assert.equal(student.cells[0]!.source.join(''), 'A [latent code](../glossary.md#latent-code), see [notebook 02](../02-latent-dimension.ipynb).');
    assert.equal(nb.cells.length, 5, 'its input is left alone');
  });

  it('points only sibling .md and .ipynb links one folder up', () => {
    assert.equal(linkFromStudentDir('[a](../glossary.md#x) [b](https://example.org/a.md) [c](figures/a.png) [d](glossary.md)'),
      '[a](../glossary.md#x) [b](https://example.org/a.md) [c](figures/a.png) [d](../glossary.md)');
  });
});
