import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { readDigits, trainableParameterCount } from '../../src/model/index.js';
import { createDigitReader } from '../../src/model/digit-reader.js';
import { useBackend, valuesOf } from '../helpers.js';

describe('createDigitReader', () => {
  before(() => useBackend('wasm'));

  it('maps [n, 28, 28, 1] images to ten logits, with the documented layers', () => {
    const reader = createDigitReader();
    const logits = reader.predict(tf.zeros([3, 28, 28, 1])) as tf.Tensor;
    assert.deepEqual(logits.shape, [3, 10]);
    // conv 1→16 (160) + BN 32 + conv 16→32 (4,640) + BN 64 + conv 32→64 (18,496) + BN 128 + dense 3136→10 (31,370)
    assert.equal(trainableParameterCount(reader), 160 + 32 + 4640 + 64 + 18496 + 128 + 31370);
    tf.dispose(logits);
    reader.dispose();
  });

  it('starts from the same weights for the same seed, other weights for another', () => {
    const weights = (seed: number) => {
      const reader = createDigitReader({ seed });
      const values = valuesOf(reader.getWeights());
      reader.dispose();
      return values;
    };
    assert.deepEqual(weights(3), weights(3));
    assert.notDeepEqual(weights(3)[0], weights(4)[0]);
    assert.throws(() => createDigitReader({ seed: 0.5 }), /seed must be an integer/);
  });
});

describe('readDigits', () => {
  before(() => useBackend('wasm'));

  it('reads every image, in passes of a few thousand, with the softmax probability of the digit read', () => {
    const reader = createDigitReader({ seed: 1 });
    const count = 2003; // more than one pass
    const images = new Float32Array(count * 784).map((_, k) => ((k * 7919) % 256) / 255);
    const all = readDigits(reader, images);
    const tail = readDigits(reader, images.subarray(2000 * 784));
    assert.equal(all.digits.length, count);
    assert.deepEqual(all.digits.subarray(2000), tail.digits, 'the second pass reads as a pass of its own');
    for (const confidence of all.confidence) assert.ok(confidence >= 0.1 && confidence <= 1, `confidence ${confidence}`);
    assert.throws(() => readDigits(reader, new Float32Array(100)), /100 values are not whole 28×28 images/);
    reader.dispose();
  });
});
