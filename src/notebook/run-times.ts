/**
 * How long each notebook takes, measured, never typed in: `npm start` records every notebook's run
 * time in `notebooks/run-times.json` (per preset, and whether the run began from empty
 * checkpoints), a notebook's header shows the recorded times ({@link showRunTimes}), and its
 * footer the time of the run itself ({@link runTimeLine}).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type PresetName, presetFromEnv } from '../train/presets';
import { writeFileAtomic } from '../util/files';
import { findProjectRoot } from '../util/paths';
import { markdownTable, showMarkdown } from './display';

/**
 * How the run began: every notebook in order from an empty `data/checkpoints/` (each trains what
 * the ones before it did not), or this notebook with checkpoints already there.
 */
export type RunStart = 'in order from empty checkpoints' | 'checkpoints present';

/** One measured run of a notebook. */
export interface RunTime {
  seconds: number;
  /** `YYYY-MM-DD`. */
  date: string;
  /** Cores and CPU model, e.g. `2 cores, Intel(R) Xeon(R) CPU @ 2.20GHz`. */
  machine: string;
}

/** notebook name (no `.ipynb`) → preset → how it began → the latest run so measured. */
export type RunTimes = Record<string, Partial<Record<PresetName, Partial<Record<RunStart, RunTime>>>>>;

/** `notebooks/run-times.json` of the project. */
export function runTimesFile(root: string = findProjectRoot()): string {
  return path.join(root, 'notebooks', 'run-times.json');
}

/** This machine, as run times name it. */
export function machineDescription(): string {
  const cpus = os.cpus();
  return `${cpus.length} core${cpus.length === 1 ? '' : 's'}, ${(cpus[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim()}`;
}

/** The recorded run times ({} when none); a file that is not such JSON is an error naming it. */
export function readRunTimes(file: string = runTimesFile()): RunTimes {
  if (!fs.existsSync(file)) return {};
  try {
    const times = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    if (typeof times !== 'object' || times === null || Array.isArray(times)) throw new Error('not an object');
    return times as RunTimes;
  } catch (error) {
    throw new Error(`${file} is not a run-times file (${(error as Error).message}): delete it, and npm start writes it again`);
  }
}

/** Records one run (replacing the previous one of the same notebook, preset and start), keys sorted so the file diffs well. */
export function recordRunTime(file: string, notebook: string, preset: PresetName, start: RunStart, time: RunTime): void {
  const times = readRunTimes(file);
  ((times[notebook] ??= {})[preset] ??= {})[start] = time;
  const sorted = (value: unknown): unknown =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted((value as Record<string, unknown>)[key])]))
      : value;
  writeFileAtomic(file, `${JSON.stringify(sorted(times), null, 2)}\n`);
}

function minutes(seconds: number): string {
  return seconds < 90 ? `${seconds.toFixed(0)} s` : `${(seconds / 60).toFixed(1)} min`;
}

/** The recorded run times of `notebook` as a Markdown table (preset, how it began, time, when and where). */
export function runTimesMarkdown(notebook: string, times: RunTimes): string {
  const rows: string[][] = [];
  for (const preset of ['smoke', 'quick', 'full'] as const) {
    for (const start of ['in order from empty checkpoints', 'checkpoints present'] as const) {
      const time = times[notebook]?.[preset]?.[start];
      const how = start === 'checkpoints present'
        ? 'this notebook, with the models of earlier runs in `data/checkpoints/`'
        : 'this notebook, run after the ones before it in one `npm start` from an empty `data/checkpoints/`';
      if (time) rows.push([preset, how, minutes(time.seconds), `${time.date}, ${time.machine}`]);
    }
  }
  if (rows.length === 0) return `No run of ${notebook} has been measured yet: \`npm start\` measures each notebook and records it in \`notebooks/run-times.json\`.`;
  return markdownTable(['preset', 'how it ran', 'this notebook\'s run time', 'measured'], rows);
}

/** Shows the measured run times of `notebook` (its header's table). */
export function showRunTimes(notebook: string): void {
  showMarkdown(runTimesMarkdown(notebook, readRunTimes()));
}

/** The footer's sentence for a run of `seconds`. */
export function runTimeSentence(seconds: number, preset: PresetName, machine: string): string {
  return `This run took ${minutes(seconds)} with the ${preset} preset (${machine}).`;
}

/**
 * The footer's line: how long this run took since `started` (`performance.now()`), with which
 * preset, where. `npm start` replaces it, once the notebook has run, with the time it recorded for
 * the whole notebook (tools/notebooks.ts), so that the footer and the header show the same run.
 */
export function runTimeLine(started: number): string {
  return runTimeSentence((performance.now() - started) / 1000, presetFromEnv().name, machineDescription());
}
