#!/usr/bin/env node
/**
 * `npm run check:student [-- 01 04]`: runs the student edition with the smoke preset and strict
 * self-checks twice, on copies in notebooks/student/ (removed afterwards; the figures they write
 * are put back as they were):
 * - filled in (the "your turn" solutions put back): every check passes, every "your turn" check
 *   says right;
 * - as handed out (notebooks/student/ as committed): it runs to the end, and the only checks
 *   that do not pass are the "your turn" ones, each "not done yet".
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError, count, relative, runMain, seconds } from './cli';
import { checkingRun } from './checking-run';
import { type JsonObject, cellsOf, joinLines, outputsOf } from './notebook-json';
import { listNotebooks, readJson } from './notebooks';
import { executeNotebook } from './start';
import { studentDir, studentEdition } from './student';

/** What the "your turn" checks of an executed notebook printed. */
export interface YourTurnReport {
  /** `checkYourTurn(` calls in its code. */
  checks: number;
  right: number;
  notDoneYet: number;
  /** Lines of failing checks of any kind. */
  failed: string[];
}

/** Reads the "your turn" checks' lines (and any failing check's) from an executed notebook. */
export function yourTurnReport(nb: JsonObject): YourTurnReport {
  const report: YourTurnReport = { checks: 0, right: 0, notDoneYet: 0, failed: [] };
  for (const cell of cellsOf(nb)) {
    if (cell['cell_type'] !== 'code') continue;
    report.checks += joinLines(cell['source']).split('checkYourTurn(').length - 1;
    for (const output of outputsOf(cell)) {
      if (output['output_type'] !== 'stream') continue;
      for (const line of joinLines(output['text']).split('\n')) {
        if (line.startsWith('… not done yet: ')) report.notDoneYet += 1;
        else if (line.startsWith('✓ ') && line.endsWith(': right')) report.right += 1;
        else if (line.startsWith('✗ ')) report.failed.push(line);
      }
    }
  }
  return report;
}

/** What is wrong with a run's report (`filled`: solutions in), or null. */
export function judgeReport(report: YourTurnReport, filled: boolean): string | null {
  if (report.failed.length > 0) return `a check failed: ${report.failed[0]}`;
  const expected = filled ? { right: report.checks, notDoneYet: 0 } : { right: 0, notDoneYet: report.checks };
  if (report.right !== expected.right || report.notDoneYet !== expected.notDoneYet) {
    return `of its ${count(report.checks, '"your turn" check')}, ${report.right} said right and ${report.notDoneYet} not done yet; expected ${expected.right} and ${expected.notDoneYet}`;
  }
  return null;
}

async function main(argv: string[]): Promise<void> {
  const description = 'Run the student edition filled in and as handed out, with the smoke preset and strict self-checks.';
  await checkingRun('check:student', description, 'notebooks/student/', argv, async ({ root, kernel, timeout, selectors }) => {
    const dir = studentDir(root);
    const filledTexts = studentEdition(root, { filled: true });
    const started = performance.now();
    for (const file of listNotebooks(root, selectors, dir)) {
      const shown = relative(root, file);
      const filledText = filledTexts.get(file);
      if (filledText === undefined) throw new CliError(`${shown} is not in the student edition 'npm run student' writes: run it and commit notebooks/student/`);
      for (const [edition, text] of [['filled in', filledText], ['as handed out', fs.readFileSync(file, 'utf8')]] as const) {
        const copy = path.join(dir, `.${edition === 'filled in' ? 'filled' : 'handed-out'}-${path.basename(file)}`);
        fs.writeFileSync(copy, text);
        const t0 = performance.now();
        try {
          await executeNotebook(root, kernel, copy, timeout).catch((error: unknown) => {
            throw new CliError(`${shown}, ${edition}: ${(error as Error).message}`);
          });
          const report = yourTurnReport(readJson(copy) as JsonObject);
          const problem = judgeReport(report, edition === 'filled in');
          if (problem !== null) throw new CliError(`${shown}, ${edition}: ${problem}`);
          const turns = report.checks === 0 ? 'no "your turn" checks' : `${count(report.checks, '"your turn" check')} ${edition === 'filled in' ? 'right' : 'not done yet'}`;
          console.log(`${shown}, ${edition}: every cell ran, every other check passed, ${turns} (smoke preset, ${seconds(performance.now() - t0)})`);
        } finally {
          fs.rmSync(copy, { force: true });
        }
      }
    }
    console.log(`student edition checked in ${seconds(performance.now() - started)}`);
  });
}

if (require.main === module) runMain('check:student', main);
