import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as path from 'node:path';
import { PRESETS, presetCheckpoints, presetFromEnv } from '../../src/train/presets.js';
import { findProjectRoot } from '../../src/util/paths.js';
import { ANOMALY_SCORES, type AnomalyScoreName } from '../../src/analysis/anomaly-scores.js';

describe('presets', () => {
  it('AE_PRESET picks one, quick by default, and rejects unknown names by variable', () => {
    assert.equal(presetFromEnv({}).name, 'quick');
    assert.equal(presetFromEnv({ AE_PRESET: 'smoke' }).name, 'smoke');
    assert.equal(presetFromEnv({ AE_PRESET: ' full ' }), PRESETS.full);
    assert.throws(() => presetFromEnv({ AE_PRESET: 'fast' }), /^Error: AE_PRESET=fast is not accepted: use one of smoke, quick, full$/);
    assert.throws(() => presetFromEnv({ AE_PRESET: 'toString' }), /AE_PRESET=toString is not accepted/);
  });

  it('full is the original protocol; quick covers every latent dim', () => {
    assert.deepEqual([PRESETS.full.epochs, PRESETS.full.subset], [50, undefined]);
    assert.deepEqual(PRESETS.quick.dims, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.ok(PRESETS.smoke.dims.length <= 2 && PRESETS.smoke.epochs === 1);
  });

  it("per-digit models: every digit; plain d = 8 and 32 and a denoising d = 32; the strict configuration fixed on the denoising one with the combined score", () => {
    for (const preset of Object.values(PRESETS)) {
      assert.deepEqual(preset.oneClass.digits, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      assert.deepEqual(preset.oneClass.models, [{ latentDim: 8 }, { latentDim: 32 }, { latentDim: 32, corruption: { kind: 'gaussian', sigma: 0.3 } }], preset.name);
      assert.deepEqual(preset.oneClass.strict, { model: 2, score: 'MSE + code distance' }, preset.name);
      assert.ok(ANOMALY_SCORES.includes(preset.oneClass.strict.score as AnomalyScoreName), preset.name);
      assert.equal(preset.oneClass.learningRate, 0.003, preset.name);
      assert.ok(preset.oneClass.seeds.length >= 3, preset.name);
    }
    assert.ok(PRESETS.full.oneClass.epochs > PRESETS.quick.oneClass.epochs && PRESETS.smoke.oneClass.epochs === 1);
  });

  it('every preset looks in the shipped checkpoints first unless AE_RETRAIN=1, and writes to data/checkpoints', () => {
    const data = path.join(findProjectRoot(), 'data');
    const checkpoints = path.join(data, 'checkpoints');
    assert.deepEqual(presetCheckpoints({}), { dir: checkpoints, reuse: true, pretrained: path.join(data, 'pretrained') });
    assert.deepEqual(presetCheckpoints({ AE_RETRAIN: '1' }), { dir: checkpoints, reuse: true });
    assert.throws(() => presetCheckpoints({ AE_RETRAIN: 'yes' }), /^Error: AE_RETRAIN=yes is not accepted: use one of 0, 1$/);
  });
});
