import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyExerciseEdit, exerciseEdits } from '../../tools/exercises.js';
import type { JsonObject } from '../../tools/notebook-json.js';

const notebook = (): JsonObject => ({
  cells: [
    { cell_type: 'code', metadata: {}, source: ['const dims = [...preset.dims];\n', 'run(dims);'] },
    { cell_type: 'markdown', metadata: {}, source: 'const dims = [...preset.dims]; (quoted in prose, not code)' },
    { cell_type: 'markdown', metadata: { exercise_edits: [{ exercise: 4, find: 'const dims = [...preset.dims];', replace: 'const dims = [...preset.dims, 20];' }] }, source: '## Exercises' },
  ],
});

describe('exercise edits', () => {
  it('are read from the cells\' metadata and applied to the one code cell that holds them', () => {
    const nb = notebook();
    const [edit] = exerciseEdits(nb);
    assert.deepEqual(edit, { exercise: 4, find: 'const dims = [...preset.dims];', replace: 'const dims = [...preset.dims, 20];' });
    const edited = applyExerciseEdit(nb, edit!);
    assert.equal((edited['cells'] as JsonObject[])[0]!['source'], 'const dims = [...preset.dims, 20];\nrun(dims);');
    assert.deepEqual((nb['cells'] as JsonObject[])[0]!['source'], ['const dims = [...preset.dims];\n', 'run(dims);'], 'the original is left as it was');
  });

  it('refuse an edit whose text is not in the code exactly once, and malformed metadata', () => {
    assert.throws(() => applyExerciseEdit(notebook(), { exercise: 5, find: 'epochs: 1', replace: 'epochs: 2' }), /exercise 5: "epochs: 1" occurs 0 times in the code, not once/);
    const twice = notebook();
    (twice['cells'] as JsonObject[]).push({ cell_type: 'code', metadata: {}, source: 'const dims = [...preset.dims];' });
    assert.throws(() => applyExerciseEdit(twice, { exercise: 4, find: 'const dims = [...preset.dims];', replace: '' }), /occurs 2 times/);
    assert.throws(() => exerciseEdits({ cells: [{ cell_type: 'markdown', metadata: { exercise_edits: [{ exercise: 'four' }] }, source: '' }] }), /list of \{ exercise, find, replace \}/);
  });
});
