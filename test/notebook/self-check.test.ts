import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CheckFailed, check, checkShape, checksModeFromEnv, evaluateCheck } from '../../src/notebook/self-check.js';
import { withEnv } from '../helpers.js';

describe('self-checks', () => {
  it('passes a value inside the range, ends included', () => {
    assert.deepEqual(evaluateCheck('AUROC', 0.95, [0.9, 1], 'x', 'quick'), { status: 'pass', line: '✓ AUROC: 0.95, within [0.9, 1]' });
    assert.equal(evaluateCheck('AUROC', 0.9, [0.9, 1], 'x', 'quick').status, 'pass');
  });

  it('fails an out-of-range value with a message naming the value, the range and why', () => {
    const result = evaluateCheck('mean AUROC', 0.612, [0.9, 1], 'one-class autoencoders of MNIST score about 0.94', 'quick');
    assert.equal(result.status, 'fail');
    assert.equal(result.line, '✗ look again: mean AUROC is 0.612, outside [0.9, 1], because one-class autoencoders of MNIST score about 0.94');
    assert.equal(evaluateCheck('MSE', Number.NaN, [0, 1], 'it is a mean of squares', 'quick').status, 'fail', 'NaN is never in range');
  });

  it('takes a range per preset, and skips a preset without one, saying why', () => {
    const range = { quick: [0.01, 0.03], full: [0.005, 0.02] } as const;
    assert.equal(evaluateCheck('test MSE', 0.02, range, 'x', 'quick').status, 'pass');
    assert.equal(evaluateCheck('test MSE', 0.025, range, 'x', 'full').status, 'fail');
    assert.deepEqual(evaluateCheck('test MSE', 0.2, range, 'x', 'smoke', 'smoke models train for seconds'),
      { status: 'skip', line: '– test MSE: not checked with the smoke preset, because smoke models train for seconds' });
    assert.throws(() => evaluateCheck('x', 1, [2, 1], 'x', 'quick'), /range \[2, 1\] is empty/);
  });

  it('prints its line; under AE_CHECKS=strict a failure throws after printing', () => {
    const reported = withEnv({ AE_CHECKS: undefined, AE_PRESET: 'quick' }, () => check('probe accuracy', 0.05, [0.1, 1], 'chance is 0.1'));
    assert.equal(reported.error, undefined, 'reported, not thrown');
    assert.deepEqual(reported.printed, ['✗ look again: probe accuracy is 0.05, outside [0.1, 1], because chance is 0.1']);
    const strict = withEnv({ AE_CHECKS: 'strict', AE_PRESET: 'quick' }, () => check('probe accuracy', 0.05, [0.1, 1], 'chance is 0.1'));
    assert.ok(strict.error instanceof CheckFailed);
    assert.equal(strict.printed.length, 1);
    const passing = withEnv({ AE_CHECKS: 'strict', AE_PRESET: 'smoke' }, () => check('probe accuracy', 0.05, { quick: [0.1, 1] }, 'x', { skipReason: 'smoke probes see 256 images' }));
    assert.equal(passing.error, undefined);
    assert.deepEqual(passing.printed, ['– probe accuracy: not checked with the smoke preset, because smoke probes see 256 images']);
  });

  it('checkShape compares element by element', () => {
    const same = withEnv({ AE_CHECKS: 'strict' }, () => checkShape('batch', [128, 28, 28, 1], [128, 28, 28, 1], 'x'));
    assert.deepEqual(same.printed, ['✓ batch: [128, 28, 28, 1]']);
    const other = withEnv({ AE_CHECKS: 'strict' }, () => checkShape('batch', [128, 28, 28], [128, 28, 28, 1], 'images have one channel'));
    assert.ok(other.error instanceof CheckFailed);
    assert.deepEqual(other.printed, ['✗ look again: batch is [128, 28, 28], expected [128, 28, 28, 1], because images have one channel']);
  });

  it('AE_CHECKS accepts report and strict only', () => {
    assert.equal(checksModeFromEnv({}), 'report');
    assert.equal(checksModeFromEnv({ AE_CHECKS: 'strict' }), 'strict');
    assert.throws(() => checksModeFromEnv({ AE_CHECKS: 'loud' }), /^Error: AE_CHECKS=loud is not accepted: use report or strict$/);
  });
});
