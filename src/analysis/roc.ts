/**
 * How well a score separates anomalies from normal images: the ROC curve and the area under it
 * (AUROC), the probability that a random anomaly scores higher than a random normal image.
 */

function check(scores: ArrayLike<number>, isAnomaly: ArrayLike<boolean>): { anomalies: number; normals: number } {
  if (scores.length !== isAnomaly.length) throw new Error(`${scores.length} scores but ${isAnomaly.length} labels`);
  let anomalies = 0;
  for (let i = 0; i < isAnomaly.length; i++) {
    if (!Number.isFinite(scores[i]!)) throw new Error(`score ${i} is ${scores[i]}, not a finite number`);
    if (isAnomaly[i]) anomalies += 1;
  }
  const normals = isAnomaly.length - anomalies;
  if (anomalies === 0 || normals === 0) throw new Error(`AUROC needs both kinds: ${anomalies} anomalies and ${normals} normal images`);
  return { anomalies, normals };
}

/** Indices sorted by score, highest first. */
function byScoreDescending(scores: ArrayLike<number>): number[] {
  return Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
}

/**
 * The area under the ROC curve: the share of (anomaly, normal) pairs in which the anomaly scores
 * higher, a tie counting half. 1 separates perfectly, 0.5 is chance. O(n log n), by ranks.
 *
 * @throws Error when the lengths differ, a score is not finite, or one of the two kinds is missing.
 */
export function auroc(scores: ArrayLike<number>, isAnomaly: ArrayLike<boolean>): number {
  const { anomalies, normals } = check(scores, isAnomaly);
  const order = byScoreDescending(scores);
  // Walk from the highest score down, a group of equal scores at a time: every anomaly beats the
  // normals below its group, and ties half of those inside it.
  let normalsBelow = normals;
  let wins = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    let groupAnomalies = 0;
    let groupNormals = 0;
    while (end < order.length && scores[order[end]!] === scores[order[start]!]) {
      if (isAnomaly[order[end]!]) groupAnomalies += 1;
      else groupNormals += 1;
      end += 1;
    }
    normalsBelow -= groupNormals;
    wins += groupAnomalies * (normalsBelow + groupNormals / 2);
    start = end;
  }
  return wins / (anomalies * normals);
}

/** One point of a ROC curve: flag every image scoring at least `threshold`. */
export interface RocPoint {
  threshold: number;
  /** Share of normal images flagged. */
  falsePositiveRate: number;
  /** Share of anomalies flagged. */
  truePositiveRate: number;
}

/**
 * The ROC curve, from (0, 0) to (1, 1), one point per distinct score; with `maxPoints`, thinned
 * to about that many (the corners and the steps between are kept evenly spaced along the curve).
 */
export function rocCurve(scores: ArrayLike<number>, isAnomaly: ArrayLike<boolean>, maxPoints = Infinity): RocPoint[] {
  const { anomalies, normals } = check(scores, isAnomaly);
  const order = byScoreDescending(scores);
  const points: RocPoint[] = [{ threshold: Infinity, falsePositiveRate: 0, truePositiveRate: 0 }];
  let flaggedAnomalies = 0;
  let flaggedNormals = 0;
  for (let k = 0; k < order.length; k++) {
    if (isAnomaly[order[k]!]) flaggedAnomalies += 1;
    else flaggedNormals += 1;
    const last = k === order.length - 1 || scores[order[k + 1]!] !== scores[order[k]!];
    if (last) points.push({ threshold: scores[order[k]!]!, falsePositiveRate: flaggedNormals / normals, truePositiveRate: flaggedAnomalies / anomalies });
  }
  if (points.length <= maxPoints) return points;
  const step = (points.length - 1) / (Math.max(2, maxPoints) - 1);
  return Array.from({ length: Math.max(2, maxPoints) }, (_, i) => points[Math.round(i * step)]!);
}

/**
 * For a model of one normal class: the AUROC against each other class alone (its images as the
 * only anomalies), indexed by class 0..classes − 1; NaN at the normal class and at classes absent
 * from `labels`. Which anomalies a model confuses with its normal class.
 *
 * @throws Error when the lengths differ, a score is not finite, or `normalClass` is not one of the classes.
 */
export function aurocByAnomalyClass(scores: ArrayLike<number>, labels: ArrayLike<number>, normalClass: number, classes = 10): number[] {
  if (scores.length !== labels.length) throw new Error(`${scores.length} scores but ${labels.length} labels`);
  if (!Number.isInteger(normalClass) || normalClass < 0 || normalClass >= classes) throw new Error(`normalClass must be a class 0..${classes - 1}, got ${normalClass}`);
  for (let i = 0; i < scores.length; i++) if (!Number.isFinite(scores[i]!)) throw new Error(`score ${i} is ${scores[i]}, not a finite number`);
  return Array.from({ length: classes }, (_, other) => {
    if (other === normalClass) return Number.NaN;
    const picked: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === normalClass || labels[i] === other) picked.push(i);
    const isOther = picked.map((i) => labels[i] === other);
    if (!isOther.includes(true) || !isOther.includes(false)) return Number.NaN;
    return auroc(picked.map((i) => scores[i]!), isOther);
  });
}

/**
 * The share of anomalies flagged at the threshold that flags at most `falsePositiveRate` of the
 * normal images: the best point of `curve` at or left of that rate. Pass the full curve: a
 * thinned one (`maxPoints`) may lack the point and under-report.
 *
 * @throws Error when `falsePositiveRate` is outside [0, 1].
 */
export function truePositiveRateAt(curve: readonly RocPoint[], falsePositiveRate: number): number {
  if (!(falsePositiveRate >= 0 && falsePositiveRate <= 1)) throw new Error(`falsePositiveRate must be in [0, 1], got ${falsePositiveRate}`);
  let best = 0;
  for (const point of curve) if (point.falsePositiveRate <= falsePositiveRate) best = Math.max(best, point.truePositiveRate);
  return best;
}

/**
 * An operating point set where it may be: the threshold that flags at most `falseAlarmRate` of the
 * given normal images (their scores strictly above it), taken from images that are not the test
 * split (a one-class model's validation images, all normal), and then applied to the test split
 * with {@link shareAbove}.
 *
 * @throws Error when there are no scores, one is not finite, or the rate is outside [0, 1).
 */
export function thresholdAtFalseAlarms(normalScores: ArrayLike<number>, falseAlarmRate: number): number {
  if (!(falseAlarmRate >= 0 && falseAlarmRate < 1)) throw new Error(`falseAlarmRate must be in [0, 1), got ${falseAlarmRate}`);
  if (normalScores.length === 0) throw new Error('thresholdAtFalseAlarms: no scores');
  const sorted = Float64Array.from(normalScores).sort();
  if (!sorted.every(Number.isFinite)) throw new Error('thresholdAtFalseAlarms: a score is not finite');
  return sorted[sorted.length - 1 - Math.floor(falseAlarmRate * sorted.length)]!;
}

/** The share of `scores` strictly above `threshold`: the images a detector with that threshold flags. */
export function shareAbove(scores: ArrayLike<number>, threshold: number): number {
  if (scores.length === 0) throw new Error('shareAbove: no scores');
  let above = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i]! > threshold) above += 1;
  return above / scores.length;
}
