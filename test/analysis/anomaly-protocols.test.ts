import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import seedrandom from 'seedrandom';
import { type SplitScores, anomalyProtocols, combinedScore, zScores } from '../../src/analysis/anomaly-protocols.js';
import { auroc } from '../../src/analysis/roc.js';

describe('zScores and combinedScore', () => {
  it('z-scores against a reference: its mean maps to 0, one sample sd to 1', () => {
    assert.deepEqual(Array.from(zScores([2, 4, 6], [2, 4, 6])), [-1, 0, 1]);
    assert.ok(Math.abs(zScores([10], [0, 2])[0]! - 9 / Math.SQRT2) < 1e-5, 'mean 1, sample sd √2');
    assert.throws(() => zScores([1], [1]), /at least 2 values/);
    assert.throws(() => zScores([1], [3, 3, 3]), /do not vary/);
  });

  it('adds the parts on one scale: a part in large units does not dominate', () => {
    const error = { values: [0.01, 0.02, 0.05], normalValidation: [0.01, 0.02, 0.03] }; // sd 0.01
    const distance = { values: [100, 300, 100], normalValidation: [100, 200, 300] }; // sd 100
    assert.deepEqual(Array.from(combinedScore([error, distance]), (v) => Number(v.toFixed(4))), [-2, 1, 2]);
    assert.throws(() => combinedScore([]), /no parts/);
    assert.throws(() => combinedScore([error, { values: [1], normalValidation: [0, 1] }]), /parts of 3 and 1 scores/);
  });
});

describe('anomalyProtocols', () => {
  const random = seedrandom('protocols');
  const labels = (count: number) => Uint8Array.from({ length: count }, () => Math.floor(random() * 10));
  const validationLabels = labels(400);
  const testLabels = labels(600);
  const digits = [0, 1, 2];
  const seeds = [0, 1, 2];
  const candidates = ['error', 'blurred error', 'combined'];
  // How well each candidate separates a digit's images from the rest: 'combined' best, 'error' worst.
  const strength: Record<string, number> = { error: 0.3, 'blurred error': 0.8, combined: 1.5 };
  const scoresOf = (candidate: string, digit: number, seed: number, split: ArrayLike<number>): Float32Array => {
    const noise = seedrandom(`${candidate}/${digit}/${seed}/${split.length}`);
    return Float32Array.from(split, (label) => (label === digit ? 0 : strength[candidate]!) + noise());
  };
  const input = {
    candidates, strict: 'error', digits, seeds, validationLabels, testLabels,
    scores: (candidate: string, digit: number, seed: number): SplitScores => ({
      validation: scoresOf(candidate, digit, seed, validationLabels), test: scoresOf(candidate, digit, seed, testLabels),
    }),
  };

  it('keeps the strict configuration, picks the best on validation for the other, and scores the test split for both', () => {
    const result = anomalyProtocols(input);
    assert.equal(result.strict.candidate, 'error');
    assert.equal(result.knownAnomalies.candidate, 'combined');
    assert.ok(result.knownAnomalies.validationAuroc['combined']! > result.knownAnomalies.validationAuroc['blurred error']!);
    const expected = auroc(scoresOf('combined', 1, 2, testLabels), Array.from(testLabels, (label) => label !== 1));
    assert.equal(result.knownAnomalies.testAuroc[1]![2], expected);
    assert.equal(result.strict.testAuroc.length, 3);
    assert.equal(result.strict.testAuroc[0]!.length, 3);
  });

  it("gives each candidate's validation AUROC seed by seed, the mean over digits, whose mean is the one chosen by", () => {
    const result = anomalyProtocols(input);
    const bySeed = result.knownAnomalies.validationAurocBySeed['blurred error']!;
    assert.equal(bySeed.length, seeds.length);
    const seedOne = digits.map((digit) => auroc(scoresOf('blurred error', digit, 1, validationLabels), Array.from(validationLabels, (label) => label !== digit)));
    assert.ok(Math.abs(bySeed[1]! - seedOne.reduce((sum, value) => sum + value, 0) / digits.length) < 1e-12);
    for (const candidate of candidates) {
      const seedMeans = result.knownAnomalies.validationAurocBySeed[candidate]!;
      assert.ok(Math.abs(seedMeans.reduce((sum, value) => sum + value, 0) / seeds.length - result.knownAnomalies.validationAuroc[candidate]!) < 1e-12, candidate);
    }
  });

  it('a poisoned test split (labels shuffled, scores replaced by noise) changes no choice of either protocol', () => {
    const clean = anomalyProtocols(input);
    const shuffle = seedrandom('poison');
    const poisonedLabels = Uint8Array.from(testLabels);
    for (let i = poisonedLabels.length - 1; i > 0; i--) {
      const j = Math.floor(shuffle() * (i + 1));
      [poisonedLabels[i], poisonedLabels[j]] = [poisonedLabels[j]!, poisonedLabels[i]!];
    }
    const poisoned = anomalyProtocols({
      ...input, testLabels: poisonedLabels,
      scores: (candidate, digit, seed) => ({ validation: input.scores(candidate, digit, seed).validation, test: Float32Array.from(testLabels, () => shuffle()) }),
    });
    assert.equal(poisoned.strict.candidate, clean.strict.candidate);
    assert.equal(poisoned.knownAnomalies.candidate, clean.knownAnomalies.candidate);
    assert.deepEqual(poisoned.knownAnomalies.validationAuroc, clean.knownAnomalies.validationAuroc);
    assert.deepEqual(poisoned.knownAnomalies.validationAurocBySeed, clean.knownAnomalies.validationAurocBySeed);
    assert.notDeepEqual(poisoned.knownAnomalies.testAuroc, clean.knownAnomalies.testAuroc, 'the poison reached the test scores');
  });

  it('rejects a strict configuration that is not a candidate, and empty lists', () => {
    assert.throws(() => anomalyProtocols({ ...input, strict: 'code distance' }), /the strict configuration code distance is not one of the candidates/);
    assert.throws(() => anomalyProtocols({ ...input, seeds: [] }), /must not be empty/);
  });
});
