import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PRESETS, presetFromEnv } from '../../src/train/presets.js';

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
});
