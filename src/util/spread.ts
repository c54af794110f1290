/** What several runs of the same experiment (one per seed) say together: their mean and range, and whether two sets of runs are apart. */

/** Several runs' values (one per seed) summed up: their mean and range. */
export interface RunSpread {
  mean: number;
  min: number;
  max: number;
  runs: number;
}

/** The mean and range of `values`, one per run. */
export function runSpread(values: readonly number[]): RunSpread {
  if (values.length === 0) throw new Error('runSpread: no values');
  return { mean: values.reduce((sum, value) => sum + value, 0) / values.length, min: Math.min(...values), max: Math.max(...values), runs: values.length };
}

/**
 * Whether two sets of runs are told apart by more than the spread between runs: every run of one
 * lies above every run of the other (their min–max ranges do not overlap). With one run on either
 * side nothing is told apart: a single run has no spread to compare with.
 */
export function runsApart(a: readonly number[], b: readonly number[]): boolean {
  if (a.length < 2 || b.length < 2) return false;
  return Math.max(...a) < Math.min(...b) || Math.max(...b) < Math.min(...a);
}

/** The sample standard deviation (n − 1) of several runs, as Ruff et al. report theirs over seeds; 0 for one value. */
export function sampleSd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const centre = values.reduce((sum, value) => sum + value, 0) / values.length;
  return Math.sqrt(values.reduce((sum, value) => sum + (value - centre) ** 2, 0) / (values.length - 1));
}
