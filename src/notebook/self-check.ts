/**
 * Self-checks: one line at a notebook's key results saying whether a number falls where it
 * should (`✓ …`) or not (`✗ look again: …, because …`), so that a student sees at once that
 * something is off and a teacher sees who is stuck. A range may depend on the preset (a smoke run
 * trains for seconds); a preset without one is skipped with the reason printed.
 *
 * With `AE_CHECKS=strict` (CI, and the runs whose outputs are committed) a failing check also
 * throws, so the cell fails and `npm start` stops naming it.
 */
import { type PresetName, presetFromEnv } from '../train/presets';
import { envValue } from '../util/env';

/** The environment variable that makes a failing check throw: `strict`. */
export const CHECKS_ENV = 'AE_CHECKS';

/** A range `[min, max]` (both included), or one per preset; a preset left out is not checked. */
export type CheckRange = readonly [number, number] | Partial<Record<PresetName, readonly [number, number]>>;

/** What a check found. */
export interface CheckResult {
  /** `todo`: a "your turn" piece not written yet (src/notebook/your-turn.ts); never fails. */
  status: 'pass' | 'fail' | 'skip' | 'todo';
  /** The line printed. */
  line: string;
}

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 0.001 || abs >= 1e6) ? value.toExponential(3) : String(Number(value.toPrecision(4)));
}

/**
 * Judges `value` against `range` under `preset`, without printing: the line a check prints.
 * `because` says why the range is what it is (shown when the value falls outside it, or when the
 * preset has no range, as `skipReason`).
 */
export function evaluateCheck(name: string, value: number, range: CheckRange, because: string, preset: PresetName, skipReason?: string): CheckResult {
  const bounds = Array.isArray(range) ? (range as readonly [number, number]) : (range as Partial<Record<PresetName, readonly [number, number]>>)[preset];
  if (bounds === undefined) {
    return { status: 'skip', line: `– ${name}: not checked with the ${preset} preset${skipReason ? `, because ${skipReason}` : ''}` };
  }
  const [min, max] = bounds;
  if (!(min <= max)) throw new Error(`check ${name}: range [${min}, ${max}] is empty`);
  const shown = `[${formatValue(min)}, ${formatValue(max)}]`;
  if (Number.isFinite(value) && value >= min && value <= max) return { status: 'pass', line: `✓ ${name}: ${formatValue(value)}, within ${shown}` };
  return { status: 'fail', line: `✗ look again: ${name} is ${formatValue(value)}, outside ${shown}, because ${because}` };
}

/** A failed check under `AE_CHECKS=strict`. */
export class CheckFailed extends Error {}

/**
 * `AE_CHECKS`: `report` (the default: a failing check prints its line) or `strict` (it also throws).
 *
 * @throws Error (one line) naming the variable when it holds anything else.
 */
export function checksModeFromEnv(env: NodeJS.ProcessEnv = process.env): 'report' | 'strict' {
  const value = envValue(CHECKS_ENV, env) ?? 'report';
  if (value !== 'report' && value !== 'strict') throw new Error(`${CHECKS_ENV}=${value} is not accepted: use report or strict`);
  return value;
}

/** Prints a check's line; under `AE_CHECKS=strict` a failure then throws. Returns nothing, so a cell that ends with a check prints only its line. */
export function reportCheck(result: CheckResult): void {
  console.log(result.line);
  if (result.status === 'fail' && checksModeFromEnv() === 'strict') throw new CheckFailed(result.line);
}

/**
 * Prints whether `value` is within `range` for the current preset (see {@link evaluateCheck});
 * under `AE_CHECKS=strict` a failure throws {@link CheckFailed} after printing.
 */
export function check(name: string, value: number, range: CheckRange, because: string, options: { skipReason?: string } = {}): void {
  return reportCheck(evaluateCheck(name, value, range, because, presetFromEnv().name, options.skipReason));
}

/** Checks that `actual` (a shape, a count list) equals `expected` element by element. */
export function checkShape(name: string, actual: readonly number[], expected: readonly number[], because: string): void {
  const same = actual.length === expected.length && actual.every((value, k) => value === expected[k]);
  return reportCheck(same
    ? { status: 'pass', line: `✓ ${name}: [${actual.join(', ')}]` }
    : { status: 'fail', line: `✗ look again: ${name} is [${actual.join(', ')}], expected [${expected.join(', ')}], because ${because}` });
}
