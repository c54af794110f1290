import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { normalizedRange, SEED_NORMALIZATION } from '../../src/data/transforms.js';
import { createAutoencoder, DECODER_VARIANTS, IMAGE_SIZE, trainableParameterCount } from '../../src/model/index.js';
import { assertSameValues, useBackend, valuesOf } from '../helpers.js';

describe('createAutoencoder', () => {
  before(() => useBackend('wasm'));

  for (const decoder of DECODER_VARIANTS) {
    it(`${decoder}: maps [n,28,28,1] to [n,28,28,1] and to a latent of size d, for d = 1..10, without leaking`, () => {
      const start = tf.memory().numTensors;
      for (let latentDim = 1; latentDim <= 10; latentDim++) {
        const { encoder, decoder: dec, autoencoder } = createAutoencoder({ latentDim, decoder });
        tf.tidy(() => {
          const images = tf.randomUniform([3, IMAGE_SIZE, IMAGE_SIZE, 1], -0.5, 0.5, 'float32', 1);
          const reconstruction = autoencoder.predict(images) as tf.Tensor;
          assert.deepEqual(reconstruction.shape, [3, IMAGE_SIZE, IMAGE_SIZE, 1]);
          const encoded = encoder.predict(images);
          const latent = Array.isArray(encoded) ? encoded[0]! : encoded;
          assert.deepEqual(latent.shape, [3, latentDim]);
          // The decoder alone gives the same reconstruction as the joined model.
          const decoded = dec.predict(encoded) as tf.Tensor;
          assert.ok(tf.max(tf.abs(tf.sub(decoded, reconstruction))).dataSync()[0]! < 1e-6);
        });
        autoencoder.dispose();
      }
      assert.equal(tf.memory().numTensors, start);
    });
  }

  it('has exactly the trainable parameter count of the PyTorch model (87,125 at d=4; +257 per extra dim)', () => {
    // 87,125 = encoder 43,428 + decoder 43,697, as printed by bench/pytorch_reference.py --latent-dim 4.
    // Each latent unit adds 128+1 (encoder output row + bias) and 128 (decoder input row) = 257.
    for (const latentDim of [1, 4, 10]) {
      const { autoencoder } = createAutoencoder({ latentDim });
      assert.equal(trainableParameterCount(autoencoder), 87_125 + 257 * (latentDim - 4));
      autoencoder.dispose();
    }
  });

  it('outputs stay inside the normalized pixel range, the fix of the sigmoid-vs-[-0.5,0.5] defect', () => {
    const [low, high] = normalizedRange(SEED_NORMALIZATION);
    const { autoencoder } = createAutoencoder({ latentDim: 2 });
    const [min, max] = tf.tidy(() => {
      const out = autoencoder.predict(tf.randomUniform([8, IMAGE_SIZE, IMAGE_SIZE, 1], -3, 3, 'float32', 2)) as tf.Tensor;
      return [tf.min(out).dataSync()[0]!, tf.max(out).dataSync()[0]!];
    });
    assert.ok(min >= low && max <= high, `outputs in [${min}, ${max}], range [${low}, ${high}]`);
    // A sigmoid would leave targets below 0 unreachable; the normalized output reaches below 0.
    assert.ok(low < 0);
    autoencoder.dispose();

    const shifted = createAutoencoder({ latentDim: 2, normalization: { mean: 0.1307, std: 0.3081 } });
    const dense = shifted.autoencoder.getLayer('decoder') as unknown as { getLayer(name: string): { getConfig(): Record<string, unknown> } };
    const config = dense.getLayer('dec_normalize').getConfig();
    assert.ok(Math.abs((config['scale'] as number) - 1 / 0.3081) < 1e-9);
    assert.ok(Math.abs((config['offset'] as number) + 0.1307 / 0.3081) < 1e-9);
    shifted.autoencoder.dispose();
  });

  it('same seed gives the same initial weights, another seed other weights', () => {
    const weightsFor = (seed: number) => {
      const { autoencoder } = createAutoencoder({ latentDim: 3, seed });
      const values = valuesOf(autoencoder.getWeights());
      autoencoder.dispose();
      return values;
    };
    const first = weightsFor(7);
    assertSameValues(weightsFor(7), first, 'seed 7 twice');
    const other = weightsFor(8);
    assert.notDeepEqual(other[0], first[0]);
  });

  it('initializes like PyTorch: uniform within ±1/√fanIn', () => {
    const { autoencoder } = createAutoencoder({ latentDim: 4 });
    const encoder = autoencoder.getLayer('encoder') as unknown as { getLayer(name: string): { getWeights(): tf.Tensor[] } };
    const [kernel, bias] = encoder.getLayer('enc_dense1').getWeights();
    const bound = 1 / Math.sqrt(288);
    for (const tensor of [kernel!, bias!]) {
      const maxAbs = tf.tidy(() => tf.max(tf.abs(tensor)).dataSync()[0]!);
      assert.ok(maxAbs <= bound && maxAbs > 0.9 * bound, `max |w| ${maxAbs}, bound ${bound}`);
    }
    autoencoder.dispose();
  });

  it('rejects bad options with a one-line error naming the option', () => {
    assert.throws(() => createAutoencoder({ latentDim: 0 }), /^Error: latentDim must be a positive integer, got 0$/);
    assert.throws(() => createAutoencoder({ latentDim: 2.5 }), /latentDim/);
    assert.throws(() => createAutoencoder({ latentDim: 2, decoder: 'pixelshuffle' as never }), /decoder must be one of transposed, unpooling/);
    assert.throws(() => createAutoencoder({ latentDim: 2, seed: 0.5 }), /seed must be an integer/);
    assert.throws(() => createAutoencoder({ latentDim: 2, normalization: { mean: 0.5, std: 0 } }), /std/);
  });
});
