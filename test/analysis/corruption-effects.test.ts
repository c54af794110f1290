import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { corruptionEffects, meanSquaredError } from '../../src/analysis/index.js';
import { corrupt } from '../../src/data/corruptions.js';
import { loadMnist } from '../../src/data/mnist.js';
import { toUnitRange } from '../../src/data/transforms.js';
import { loadDigitReader } from '../../src/train/digit-reader.js';
import { useBackend } from '../helpers.js';

describe('corruptionEffects', () => {
  before(() => useBackend('wasm'));

  it('an identity copies all of a corruption; a constant output none; a model that swaps images flips nearly every reading', async () => {
    const { reader } = await loadDigitReader();
    try {
      const clean = toUnitRange(loadMnist().test.images.subarray(0, 200 * 784));
      const noisy = corrupt(clean, { kind: 'gaussian', sigma: 0.3 }, 0);
      const identity = corruptionEffects(clean, [noisy], (images) => images, reader);
      assert.equal(identity.cleanMse, 0);
      assert.ok(Math.abs(identity.effects[0]!.copied - 1) < 1e-6);
      assert.ok(Math.abs(identity.effects[0]!.mse - meanSquaredError(noisy, clean)) < 1e-9);
      assert.equal(identity.cleanReading.length, 200);

      const blank = new Float32Array(clean.length).fill(0.1);
      const constant = corruptionEffects(clean, [noisy], () => blank, reader);
      assert.equal(constant.effects[0]!.copied, 0);
      assert.equal(constant.effects[0]!.flipRate, 0);

      // Clean inputs come back as they are; corrupted ones as the next image's clean copy.
      const rolled = clean.subarray(784);
      const swapped = new Float32Array(clean.length);
      swapped.set(rolled, 0);
      swapped.set(clean.subarray(0, 784), clean.length - 784);
      const swapping = corruptionEffects(clean, [noisy], (images) => (images === clean ? clean : swapped), reader);
      assert.ok(swapping.effects[0]!.flipRate > 0.8, `flip rate ${swapping.effects[0]!.flipRate}`);
      assert.throws(() => corruptionEffects(clean, [noisy.subarray(784)], (images) => images, reader), /corrupted set 0 has 156016 values/);
    } finally {
      reader.dispose();
    }
  });
});
