#!/usr/bin/env node
/**
 * `npm run check:exercises [-- 01 02]`: every "change and see" exercise whose edit a notebook records
 * is applied to a copy of that notebook, which then runs with the smoke preset and strict
 * self-checks. An exercise must not make a check fail by the edit itself (a label, a range or a
 * file name that follows the preset instead of the model actually trained would).
 *
 * The edits live beside the exercises, in the metadata of the Exercises cell:
 * `"exercise_edits": [{ "exercise": 4, "find": "…", "replace": "…" }]`, where `find` occurs exactly
 * once in the notebook's code. The copies run in `notebooks/` (where the package resolves) and are
 * removed afterwards; the figures they write are put back as they were.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError, count, oneLine, relative, runMain, seconds } from './cli';
import { type JsonObject, cellsOf, isObject, joinLines } from './notebook-json';
import { listNotebooks, readJson } from './notebooks';
import { checkingRun } from './checking-run';
import { executeNotebook } from './start';

/** One exercise's edit of a notebook's code. */
export interface ExerciseEdit {
  exercise: number;
  find: string;
  replace: string;
}

/** The edits a notebook records in its cells' `exercise_edits` metadata, in cell order. */
export function exerciseEdits(nb: JsonObject): ExerciseEdit[] {
  return cellsOf(nb).flatMap((cell) => {
    const edits = isObject(cell['metadata']) ? cell['metadata']['exercise_edits'] : undefined;
    if (edits === undefined) return [];
    if (!Array.isArray(edits) || !edits.every((edit) => isObject(edit) && typeof edit['exercise'] === 'number' && typeof edit['find'] === 'string' && typeof edit['replace'] === 'string')) {
      throw new Error('exercise_edits must be a list of { exercise, find, replace }');
    }
    return edits as unknown as ExerciseEdit[];
  });
}

/**
 * A copy of `nb` with `edit` applied to the one code cell whose source holds `edit.find`.
 *
 * @throws Error when `find` occurs in no code cell, or more than once.
 */
export function applyExerciseEdit(nb: JsonObject, edit: ExerciseEdit): JsonObject {
  const copy = JSON.parse(JSON.stringify(nb)) as JsonObject;
  const code = cellsOf(copy).filter((cell) => cell['cell_type'] === 'code');
  const occurrences = code.reduce((sum, cell) => sum + joinLines(cell['source']).split(edit.find).length - 1, 0);
  if (occurrences !== 1) throw new Error(`exercise ${edit.exercise}: "${edit.find}" occurs ${occurrences} times in the code, not once`);
  const cell = code.find((candidate) => joinLines(candidate['source']).includes(edit.find))!;
  cell['source'] = joinLines(cell['source']).replace(edit.find, () => edit.replace);
  return copy;
}

async function main(argv: string[]): Promise<void> {
  await checkingRun('check:exercises', "Run every notebook exercise's edit with the smoke preset and strict self-checks.", 'notebooks/', argv, async ({ root, kernel, timeout, selectors }) => {
    const started = performance.now();
    let runs = 0;
    for (const file of listNotebooks(root, selectors)) {
      const nb = readJson(file) as JsonObject;
      const edits = oneLine(() => exerciseEdits(nb));
      for (const edit of edits) {
        const edited = oneLine(() => applyExerciseEdit(nb, edit));
        const copy = path.join(path.dirname(file), `.exercise-${path.basename(file, '.ipynb')}-${edit.exercise}.ipynb`);
        fs.writeFileSync(copy, JSON.stringify(edited));
        const t0 = performance.now();
        try {
          await executeNotebook(root, kernel, copy, timeout).catch((error: unknown) => {
            throw new CliError(`${relative(root, file)}, exercise ${edit.exercise} (${edit.replace.trim()}): ${(error as Error).message}`);
          });
        } finally {
          fs.rmSync(copy, { force: true });
        }
        runs += 1;
        console.log(`${relative(root, file)}, exercise ${edit.exercise}: every cell ran and every check passed, smoke preset (${seconds(performance.now() - t0)})`);
      }
    }
    console.log(`${count(runs, 'exercise edit')} checked in ${seconds(performance.now() - started)}`);
  });
}

if (require.main === module) runMain('check:exercises', main);
