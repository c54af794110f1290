/**
 * Notebook 04's and `npm run anomaly`'s comparison: our protocols' AUROCs (mean ± sd over seeds,
 * per normal digit) in one table with the published rows of the same protocol, and the rule by
 * which a gap to a published row is called meaningful.
 */
import { sampleSd } from '../util/spread';
import { PERERA_2019_OCGAN_MNIST, RUFF_2018_MNIST } from './published';

/** One of our rows: a protocol's test AUROCs (fractions) per normal digit (in `digits` order), one per seed. */
export interface OurAurocRow {
  method: string;
  source: string;
  runs: readonly (readonly number[])[];
}

const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

/** Per seed, the mean AUROC over the digits: one number per seed, whose spread is the mean's. */
export function meanOverDigits(runs: readonly (readonly number[])[]): number[] {
  const seeds = runs[0]?.length ?? 0;
  if (runs.length === 0 || seeds === 0 || runs.some((row) => row.length !== seeds)) throw new Error('meanOverDigits: every digit needs the same number of runs, at least one');
  return Array.from({ length: seeds }, (_, seed) => mean(runs.map((row) => row[seed]!)));
}

/**
 * Whether our runs are apart from a published value by more than the spread: the gap between
 * our mean and theirs exceeds both our sample sd and theirs. A row that reports no sd (OCGAN's
 * table) counts with ours alone, and its own spread, unknown, could be larger.
 * Returns `above`, `below`, or `within` (the spread).
 */
export function gapToPublished(ours: readonly number[], theirs: number, theirSd = 0): 'above' | 'below' | 'within' {
  const gap = mean(ours) - theirs;
  if (Math.abs(gap) <= Math.max(sampleSd(ours), theirSd)) return 'within';
  return gap > 0 ? 'above' : 'below';
}

const percent = (fraction: number, digits = 1): string => (100 * fraction).toFixed(digits);
const plusMinus = (values: readonly number[], digits = 1): string => `${percent(mean(values), digits)} ± ${percent(sampleSd(values), digits)}`;

/**
 * Our rows, then OCGAN's Table 2 rows (a row its own text puts under Protocol 1 says so in its
 * source), then Ruff et al.'s One-Class Deep SVDD (with its sd, from reprints), one
 * column per normal digit of `digits` and the mean (two decimals; the published tables' own means
 * when all ten digits are shown), AUROC in %.
 */
export function anomalyComparisonTable(ours: readonly OurAurocRow[], digits: readonly number[]): { header: string[]; rows: string[][] } {
  const allTen = digits.length === 10;
  const header = ['method', 'source', ...digits.map((digit) => `${digit}`), allTen ? 'mean' : `mean of ${digits.join(', ')}`];
  const ourRows = ours.map((row) => [row.method, row.source, ...row.runs.map((runs) => plusMinus(runs)), plusMinus(meanOverDigits(row.runs), 2)]);
  const ocgan = PERERA_2019_OCGAN_MNIST.rows.map((row) => [
    row.method, `OCGAN Table 2 ${row.source === 'this paper' ? '(OCGAN itself)' : row.source}, no sd reported${row.protocolDoubt ? ` (${row.protocolDoubt})` : ''}`,
    ...digits.map((digit) => percent(row.auroc[digit]!)),
    allTen ? percent(row.reportedMean, 2) : percent(mean(digits.map((digit) => row.auroc[digit]!)), 2),
  ]);
  const ruff = RUFF_2018_MNIST.rows.map((row) => [
    row.method, 'Ruff et al. 2018, Table 1 (not read here) as two later texts reprint it, mean ± sd of 10 seeds',
    ...digits.map((digit) => `${row.mean[digit]!.toFixed(1)} ± ${row.std[digit]!.toFixed(1)}`),
    mean(digits.map((digit) => row.mean[digit]!)).toFixed(2),
  ]);
  return { header, rows: [...ourRows, ...ocgan, ...ruff] };
}
