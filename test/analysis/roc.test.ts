import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import seedrandom from 'seedrandom';
import { auroc, aurocByAnomalyClass, rocCurve, shareAbove, thresholdAtFalseAlarms, truePositiveRateAt } from '../../src/analysis/index.js';

/** The definition itself: every (anomaly, normal) pair, a win 1, a tie ½. */
function bruteForce(scores: number[], isAnomaly: boolean[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((a, i) => {
    if (!isAnomaly[i]) return;
    scores.forEach((n, j) => {
      if (isAnomaly[j]) return;
      pairs += 1;
      wins += a > n ? 1 : a === n ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe('auroc', () => {
  it('hand-computed cases: perfect, reversed, all tied, and a mix with a tie', () => {
    assert.equal(auroc([0.9, 0.8, 0.1, 0.2], [true, true, false, false]), 1);
    assert.equal(auroc([0.1, 0.2, 0.9, 0.8], [true, true, false, false]), 0);
    assert.equal(auroc([0.5, 0.5, 0.5], [true, false, false]), 0.5);
    // Anomalies 3 and 2, normals 2 and 1: pairs (3,2) 1, (3,1) 1, (2,2) ½, (2,1) 1 → 3.5 / 4.
    assert.equal(auroc([3, 2, 2, 1], [true, true, false, false]), 0.875);
  });

  it('equals the brute-force pairwise count on random scores with many ties', () => {
    const random = seedrandom('auroc');
    for (let trial = 0; trial < 20; trial++) {
      const n = 50 + Math.floor(random() * 150);
      const scores = Array.from({ length: n }, () => Math.floor(random() * 20) / 4);
      const isAnomaly = Array.from({ length: n }, (_, i) => i < 3 || (i > 5 && random() < 0.3));
      isAnomaly[4] = false;
      assert.ok(Math.abs(auroc(scores, isAnomaly) - bruteForce(scores, isAnomaly)) < 1e-12, `trial ${trial}`);
    }
  });

  it('rejects mismatched lengths, non-finite scores and a missing kind', () => {
    assert.throws(() => auroc([1, 2], [true]), /2 scores but 1 labels/);
    assert.throws(() => auroc([1, Number.NaN], [true, false]), /score 1 is NaN/);
    assert.throws(() => auroc([1, 2], [false, false]), /0 anomalies and 2 normal images/);
  });
});

describe('rocCurve', () => {
  it('runs from (0, 0) to (1, 1), one point per distinct score, and its area is the AUROC', () => {
    const scores = [3, 2, 2, 1, 0.5];
    const isAnomaly = [true, true, false, false, true];
    const curve = rocCurve(scores, isAnomaly);
    assert.deepEqual(curve.map((p) => [p.falsePositiveRate, p.truePositiveRate]), [[0, 0], [0, 1 / 3], [0.5, 2 / 3], [1, 2 / 3], [1, 1]]);
    let area = 0;
    for (let k = 1; k < curve.length; k++) {
      area += (curve[k]!.falsePositiveRate - curve[k - 1]!.falsePositiveRate) * (curve[k]!.truePositiveRate + curve[k - 1]!.truePositiveRate) / 2;
    }
    assert.ok(Math.abs(area - auroc(scores, isAnomaly)) < 1e-12);
  });

  it('thins to at most the points asked for, keeping both ends', () => {
    const random = seedrandom('roc');
    const scores = Array.from({ length: 5000 }, () => random());
    const isAnomaly = scores.map((score) => random() < score);
    const thin = rocCurve(scores, isAnomaly, 101);
    assert.equal(thin.length, 101);
    assert.deepEqual([thin[0]!.falsePositiveRate, thin.at(-1)!.falsePositiveRate, thin.at(-1)!.truePositiveRate], [0, 1, 1]);
  });
});

describe('aurocByAnomalyClass', () => {
  it('scores the normal class against each other class alone', () => {
    // Normal class 1 scores 1 and 2; class 0 scores 3 and 4 (always higher); class 2 scores 2 and 0.
    const scores = [1, 2, 3, 4, 2, 0];
    const labels = [1, 1, 0, 0, 2, 2];
    const byClass = aurocByAnomalyClass(scores, labels, 1, 4);
    assert.equal(byClass[0], 1);
    assert.ok(Number.isNaN(byClass[1]!) && Number.isNaN(byClass[3]!), 'NaN at the normal class and at an absent one');
    // Class 2 against class 1: pairs (2,1) 1, (2,2) ½, (0,1) 0, (0,2) 0 → 1.5 / 4.
    assert.equal(byClass[2], 0.375);
    assert.throws(() => aurocByAnomalyClass([1], [1, 2], 1), /1 scores but 2 labels/);
    assert.throws(() => aurocByAnomalyClass([1, 2], [1, 2], 12), /normalClass must be a class 0\.\.9, got 12/);
    assert.throws(() => aurocByAnomalyClass([1, 2, Number.NaN], [1, 2, 2], 1), /score 2 is NaN/);
  });
});

describe('truePositiveRateAt', () => {
  it('reads the share of anomalies flagged at a false-positive budget off the curve', () => {
    // Curve points (fpr, tpr): (0,0) (0,1/3) (0.5,2/3) (1,2/3) (1,1).
    const curve = rocCurve([3, 2, 2, 1, 0.5], [true, true, false, false, true]);
    assert.equal(truePositiveRateAt(curve, 0), 1 / 3);
    assert.equal(truePositiveRateAt(curve, 0.49), 1 / 3);
    assert.equal(truePositiveRateAt(curve, 0.5), 2 / 3);
    assert.equal(truePositiveRateAt(curve, 1), 1);
    assert.throws(() => truePositiveRateAt(curve, 1.5), /falsePositiveRate must be in \[0, 1\], got 1.5/);
  });
});

describe('operating points from validation scores', () => {
  const normals = Array.from({ length: 200 }, (_, i) => i); // scores 0..199

  it('flag at most the asked share of the normal images they were set on', () => {
    const at5 = thresholdAtFalseAlarms(normals, 0.05);
    assert.equal(at5, 189);
    assert.equal(shareAbove(normals, at5), 0.05);
    assert.equal(shareAbove(normals, thresholdAtFalseAlarms(normals, 0.01)), 0.01);
    assert.equal(shareAbove(normals, thresholdAtFalseAlarms(normals, 0)), 0, 'no false alarm: the highest normal score');
  });

  it('apply to other images as they are: what they flag there is measured, not promised', () => {
    const threshold = thresholdAtFalseAlarms(normals, 0.05);
    assert.equal(shareAbove([100, 190, 250, 300], threshold), 0.75);
  });

  it('refuse a rate outside [0, 1), no scores, or a score that is not finite', () => {
    assert.throws(() => thresholdAtFalseAlarms(normals, 1), /falseAlarmRate must be in \[0, 1\), got 1/);
    assert.throws(() => thresholdAtFalseAlarms([], 0.01), /no scores/);
    assert.throws(() => thresholdAtFalseAlarms([1, Number.NaN], 0.01), /not finite/);
  });
});
