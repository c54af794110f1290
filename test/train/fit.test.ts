import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import type { Batch, BatchLoader } from '../../src/data/batching.js';
import { BatchLoader as Loader } from '../../src/data/batching.js';
import { loadMnist } from '../../src/data/mnist.js';
import { batchTensor } from '../../src/data/tensors.js';
import { createAutoencoder } from '../../src/model/index.js';
import { DivergedError, type FitResult, fit, testEpoch } from '../../src/train/index.js';
import { mseLoss } from '../../src/train/fit.js';
import { restoreSnapshot, takeSnapshot } from '../../src/train/snapshot.js';
import { assertSameValues, smallLoaders, useBackend, valuesOf } from '../helpers.js';

/** Trains a fresh d=4 model on 512 images for 2 epochs; returns the history and the tensor count after each epoch. */
async function tinyRun(seed: number): Promise<{ result: FitResult; tensorsPerEpoch: number[] }> {
  const { autoencoder } = createAutoencoder({ latentDim: 4, seed });
  const tensorsPerEpoch: number[] = [];
  const result = await fit(autoencoder, smallLoaders(512, 256, seed), {
    epochs: 2, onEpoch: () => tensorsPerEpoch.push(tf.memory().numTensors),
  });
  autoencoder.dispose();
  return { result, tensorsPerEpoch };
}

describe('fit on real MNIST (wasm)', () => {
  before(() => useBackend('wasm'));

  it('a tiny run (512 images, 2 epochs) lowers the loss without leaking tensors', async () => {
    const start = tf.memory().numTensors;
    const { autoencoder } = createAutoencoder({ latentDim: 4, seed: 3 });
    const untrained = testEpoch(autoencoder, smallLoaders(512, 256).test);
    autoencoder.dispose();
    const { result, tensorsPerEpoch } = await tinyRun(3);
    assert.ok(result.valLoss[0]! < untrained, `val ${result.valLoss[0]} after epoch 1, ${untrained} untrained`);
    assert.ok(result.trainLoss[1]! < result.trainLoss[0]!, `train loss ${result.trainLoss}`);
    assert.ok(result.valLoss[1]! < result.valLoss[0]!, `val loss ${result.valLoss}`);
    assert.equal(result.bestEpoch, 1);
    assert.equal(result.bestValLoss, result.valLoss[1]);
    assert.equal(tensorsPerEpoch[0], tensorsPerEpoch[1], 'tensor count grew between epochs');
    assert.equal(tf.memory().numTensors, start, 'tensors leaked by fit');
  });

  it('same seed ⇒ identical loss history; another seed ⇒ another history', async () => {
    const first = (await tinyRun(5)).result;
    const again = (await tinyRun(5)).result;
    assert.deepEqual(again.trainLoss, first.trainLoss);
    assert.deepEqual(again.valLoss, first.valLoss);
    assert.notDeepEqual((await tinyRun(6)).result.trainLoss, first.trainLoss);
  });

  it('keeps a true copy of the best epoch: wrecking the weights later does not touch it', async () => {
    const { autoencoder } = createAutoencoder({ latentDim: 2, seed: 1 });
    const perEpoch: Float32Array[][] = [];
    const result = await fit(autoencoder, smallLoaders(256, 256, 1), {
      epochs: 2,
      // During epoch 2, overwrite every weight with garbage: its test loss must then be worse,
      // so epoch 1 stays the best. The original tutorial (opt_model = model) would end with the garbage.
      onBatch: ({ epoch }) => {
        if (epoch === 1) autoencoder.setWeights(autoencoder.getWeights().map((w) => tf.tidy(() => tf.fill(w.shape, 3))));
      },
      onEpoch: () => perEpoch.push(valuesOf(autoencoder.getWeights())),
    });
    assert.equal(result.bestEpoch, 0, `val losses ${result.valLoss}`);
    assert.ok(result.valLoss[1]! > result.valLoss[0]!);
    assertSameValues(valuesOf(autoencoder.getWeights()), perEpoch[0]!, 'weights after fit vs best epoch');
    autoencoder.dispose();
  });

  it('a snapshot is unaffected by further training and restores exactly', async () => {
    const { autoencoder } = createAutoencoder({ latentDim: 2, seed: 2 });
    const loaders = smallLoaders(256, 128, 2);
    const snapshot = takeSnapshot(autoencoder);
    const saved = valuesOf(autoencoder.getWeights());
    await fit(autoencoder, loaders, { epochs: 1 });
    assert.notDeepEqual(valuesOf(autoencoder.getWeights())[0], saved[0], 'training changed nothing');
    assertSameValues(valuesOf(snapshot.tensors), saved, 'snapshot after training');
    restoreSnapshot(autoencoder, snapshot);
    snapshot.dispose();
    assertSameValues(valuesOf(autoencoder.getWeights()), saved, 'restored weights');
    autoencoder.dispose();
  });

  it('stops with a clear error when the loss becomes NaN', async () => {
    const { autoencoder } = createAutoencoder({ latentDim: 2 });
    const { test } = smallLoaders(128, 128);
    const poisoned: BatchLoader = Object.assign(Object.create(test) as BatchLoader, {
      *batches(epoch: number): Generator<Batch> {
        for (const batch of test.batches(epoch)) {
          const x = Float32Array.from(batch.x);
          x[0] = Number.NaN;
          yield { ...batch, x };
        }
      },
    });
    const start = tf.memory().numTensors;
    await assert.rejects(fit(autoencoder, { train: poisoned, validation: test }, { epochs: 2 }),
      (error: unknown) => error instanceof DivergedError && /^training diverged: loss is NaN at epoch 1, batch 1/.test(error.message));
    assert.equal(tf.memory().numTensors, start, 'tensors leaked on the error path');
    autoencoder.dispose();
  });

  it('keeps the epoch with the lowest validation loss, even where the test loss is lowest elsewhere, and reads the test split once', async () => {
    const { train, validation, test } = smallLoaders(512, 256, 7);
    // Validation: the real images at epoch 1, then images at 3 everywhere, far outside the range
    // any output can reach (an error ≥ 2.5² per pixel): its minimum is epoch 1 whatever training does. Test: real images, which keep improving (checked below).
    let validationReads = 0;
    const scriptedValidation: BatchLoader = Object.assign(Object.create(validation) as BatchLoader, {
      *batches(epoch: number): Generator<Batch> {
        validationReads += 1;
        for (const batch of validation.batches(epoch)) {
          yield validationReads === 1 ? batch : { ...batch, x: new Float32Array(batch.x.length).fill(3) };
        }
      },
    });
    let testReads = 0;
    const countedTest: BatchLoader = Object.assign(Object.create(test) as BatchLoader, {
      *batches(epoch: number): Generator<Batch> {
        testReads += 1;
        yield* test.batches(epoch);
      },
    });
    const { autoencoder } = createAutoencoder({ latentDim: 4, seed: 7 });
    const testPerEpoch: number[] = [];
    const weightsPerEpoch: Float32Array[][] = [];
    const result = await fit(autoencoder, { train, validation: scriptedValidation, test: countedTest }, {
      epochs: 3,
      onEpoch: () => {
        assert.equal(testReads, 0, 'the test split is not read while training');
        testPerEpoch.push(testEpoch(autoencoder, test)); // a separate loader: what choosing on test would see
        weightsPerEpoch.push(valuesOf(autoencoder.getWeights()));
      },
    });
    assert.ok(testPerEpoch[2]! < testPerEpoch[0]!, `the fixture needs the test minimum elsewhere: ${testPerEpoch}`);
    assert.equal(result.bestEpoch, 0, `validation ${result.valLoss}`);
    assertSameValues(valuesOf(autoencoder.getWeights()), weightsPerEpoch[0]!, 'kept weights are the best validation epoch\'s');
    assert.equal(testReads, 1, 'the test split is read exactly once');
    assert.equal(result.testLoss, testPerEpoch[0], 'the test MSE is that of the kept weights');
    autoencoder.dispose();
  });

  it('rejects a bad epoch count by name', async () => {
    const { autoencoder } = createAutoencoder({ latentDim: 2 });
    await assert.rejects(fit(autoencoder, smallLoaders(128, 128), { epochs: 0 }), /^Error: epochs must be a positive integer, got 0$/);
    autoencoder.dispose();
  });

  it('reports losses in pixel units from the loaders\' normalization, and refuses loaders that disagree', async () => {
    const { autoencoder } = createAutoencoder({ latentDim: 2, normalization: { mean: 0.5, std: 0.5 } });
    const { test } = loadMnist();
    const indices = Int32Array.from({ length: 128 }, (_, i) => i);
    const loader = (std: number) => new Loader(test, { indices, normalization: { mean: 0.5, std } });
    // One batch of 128 images: the MSE in normalized units, times std², is the pixel-unit MSE.
    const halfStd = loader(0.5);
    const normalizedMse = tf.tidy(() => {
      const x = batchTensor([...halfStd.batches(0)][0]!);
      return tf.mean(tf.squaredDifference(autoencoder.apply(x, { training: false }) as tf.Tensor, x)).dataSync()[0]!;
    });
    const pixelMse = testEpoch(autoencoder, halfStd);
    assert.ok(Math.abs(pixelMse - normalizedMse * 0.25) < 1e-6 * pixelMse, `${pixelMse} vs ${normalizedMse} × 0.25`);
    await assert.rejects(fit(autoencoder, { train: loader(0.5), validation: loader(0.5), test: loader(1) }, { epochs: 1 }),
      /^Error: the loaders normalize differently: \(0\.5, 0\.5\), \(0\.5, 0\.5\), \(0\.5, 1\)$/);
    autoencoder.dispose();
  });
});

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`mseLoss on ${backend}`, () => {
    it('is tfjs’s mean squared difference, with the same gradients to 1e-6', async () => {
      await useBackend(backend);
      const [a, b] = tf.tidy(() => [tf.randomUniform([3, 5, 4, 1], -1, 1, 'float32', 1), tf.randomUniform([3, 5, 4, 1], -1, 1, 'float32', 2)]);
      const before = tf.memory().numTensors;
      const ours = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.mul(mseLoss(x, y), 3))([a!, b!]);
      const reference = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.mul(tf.mean(tf.squaredDifference(x, y)), 3))([a!, b!]);
      const [value, referenceValue] = [mseLoss(a!, b!), tf.tidy(() => tf.mean(tf.squaredDifference(a!, b!)))];
      assert.equal(value.dataSync()[0], referenceValue.dataSync()[0]);
      ours.forEach((grad, i) => {
        const [got, want] = [grad.dataSync(), reference[i]!.dataSync()];
        got.forEach((g, k) => assert.ok(Math.abs(g - want[k]!) <= 1e-6 * Math.abs(want[k]!) + 1e-9, `gradient ${i}[${k}]: ${g} vs ${want[k]}`));
      });
      tf.dispose([...ours, ...reference, value, referenceValue]);
      assert.equal(tf.memory().numTensors, before, 'tensors leaked');
      tf.dispose([a!, b!]);
    });
  });
}
