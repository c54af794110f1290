/**
 * Choosing an anomaly detector without looking at the test split, two ways, for notebook 04:
 *
 * - **strict one-class**: the configuration (model and score) is fixed in advance, from a stated
 *   principle; only normal images are seen before the test (the validation split's images of the
 *   normal digit choose the epoch and set the normalization of a combined score);
 * - **known anomalies**: the validation split's images of the other digits serve as anomalies, and
 *   the configuration with the highest mean validation AUROC is chosen, as a practitioner with a
 *   few labelled anomalies would do. It is not the strict protocol.
 *
 * Either way the test split is scored once, after the choice. The choice is computed from
 * validation scores and labels only, which a test proves by poisoning the test split.
 */
import { auroc } from './roc';

/**
 * `values` as z-scores against `reference`: (value − mean) / sd, the mean and (sample) standard
 * deviation of `reference`. Used to put an error and a code density on one scale, each against
 * the normal digit's validation images (LSA normalizes each by min–max on held-out normals; the
 * z-score is this project's choice: one far-out normal image does not set the scale).
 *
 * @throws Error when `reference` has fewer than 2 values or does not vary.
 */
export function zScores(values: ArrayLike<number>, reference: ArrayLike<number>): Float32Array {
  const count = reference.length;
  if (count < 2) throw new Error(`zScores: the reference needs at least 2 values, got ${count}`);
  let mean = 0;
  for (let i = 0; i < count; i++) mean += reference[i]!;
  mean /= count;
  let squares = 0;
  for (let i = 0; i < count; i++) squares += (reference[i]! - mean) ** 2;
  const sd = Math.sqrt(squares / (count - 1));
  if (!(sd > 0)) throw new Error('zScores: the reference values do not vary, so they set no scale');
  return Float32Array.from(values, (value) => (value - mean) / sd);
}

/**
 * A combined anomaly score: the sum of each part's z-scores against the normal digit's validation
 * images ({@link zScores}), so that no part dominates by its units.
 *
 * @param parts - Each part's scores of the images to score, and of the normal validation images.
 * @throws Error for no parts or parts of different lengths.
 */
export function combinedScore(parts: readonly { values: ArrayLike<number>; normalValidation: ArrayLike<number> }[]): Float32Array {
  if (parts.length === 0) throw new Error('combinedScore: no parts');
  const length = parts[0]!.values.length;
  const sum = new Float32Array(length);
  for (const part of parts) {
    if (part.values.length !== length) throw new Error(`combinedScore: parts of ${length} and ${part.values.length} scores`);
    const z = zScores(part.values, part.normalValidation);
    for (let i = 0; i < length; i++) sum[i]! += z[i]!;
  }
  return sum;
}

/** One configuration's scores of one model (a normal digit, a seed): of the validation split's images and of the test split's, each in split order. */
export interface SplitScores {
  validation: ArrayLike<number>;
  test: ArrayLike<number>;
}

/** What {@link anomalyProtocols} compares. */
export interface AnomalyProtocolInput {
  /** The configurations (model × score), by name, in the order a tie is broken in. */
  candidates: readonly string[];
  /** The strict protocol's configuration, one of `candidates`, fixed before any result. */
  strict: string;
  digits: readonly number[];
  seeds: readonly number[];
  /** The scores of a configuration for the model of a normal digit and seed; called more than once for each, so it should return stored scores, not compute them. */
  scores: (candidate: string, digit: number, seed: number) => SplitScores;
  /** Digit labels of the validation split's images (the anomalies of the known-anomaly protocol). */
  validationLabels: ArrayLike<number>;
  /** Digit labels of the test split's images: read only to score the chosen configurations. */
  testLabels: ArrayLike<number>;
}

/** One protocol's choice and its test AUROCs. */
export interface ProtocolOutcome {
  candidate: string;
  /** Test AUROC per normal digit (in `digits` order), one per seed (in `seeds` order). */
  testAuroc: number[][];
}

/** Both protocols' outcomes, and the validation AUROCs the known-anomaly protocol chose by. */
export interface AnomalyProtocolResult {
  strict: ProtocolOutcome;
  knownAnomalies: ProtocolOutcome & {
    /** Mean validation AUROC (over digits and seeds) of every candidate. */
    validationAuroc: Record<string, number>;
    /** Every candidate's validation AUROC, the mean over digits, one per seed (in `seeds` order): the spread behind {@link validationAuroc}. */
    validationAurocBySeed: Record<string, number[]>;
  };
}

/** Per digit and seed, the AUROC of `scores` against the digit being normal in `labels`. */
function aurocTable(input: AnomalyProtocolInput, candidate: string, split: keyof SplitScores, labels: ArrayLike<number>): number[][] {
  return input.digits.map((digit) => {
    const isAnomaly = Array.from(labels, (label) => label !== digit);
    return input.seeds.map((seed) => auroc(input.scores(candidate, digit, seed)[split], isAnomaly));
  });
}

/**
 * Both selection protocols: the strict one keeps `input.strict`; the known-anomaly one picks the
 * candidate with the highest mean validation AUROC (the earliest of ties). Only then is the test
 * split scored, for the two chosen configurations.
 *
 * @throws Error (one line) when `strict` is not a candidate, or a list is empty.
 */
export function anomalyProtocols(input: AnomalyProtocolInput): AnomalyProtocolResult {
  const { candidates, strict, digits, seeds } = input;
  if (candidates.length === 0 || digits.length === 0 || seeds.length === 0) throw new Error('anomalyProtocols: candidates, digits and seeds must not be empty');
  if (!candidates.includes(strict)) throw new Error(`anomalyProtocols: the strict configuration ${strict} is not one of the candidates (${candidates.join(', ')})`);
  const mean = (table: number[][]) => table.flat().reduce((sum, value) => sum + value, 0) / table.flat().length;
  const validationTables = new Map(candidates.map((candidate) => [candidate, aurocTable(input, candidate, 'validation', input.validationLabels)]));
  const validationAuroc = Object.fromEntries(candidates.map((candidate) => [candidate, mean(validationTables.get(candidate)!)]));
  const validationAurocBySeed = Object.fromEntries(candidates.map((candidate) => {
    const table = validationTables.get(candidate)!; // per digit, per seed
    return [candidate, seeds.map((_, s) => table.reduce((sum, bySeed) => sum + bySeed[s]!, 0) / table.length)];
  }));
  const chosen = candidates.reduce((best, candidate) => (validationAuroc[candidate]! > validationAuroc[best]! ? candidate : best));
  return {
    strict: { candidate: strict, testAuroc: aurocTable(input, strict, 'test', input.testLabels) },
    knownAnomalies: { candidate: chosen, testAuroc: aurocTable(input, chosen, 'test', input.testLabels), validationAuroc, validationAurocBySeed },
  };
}
