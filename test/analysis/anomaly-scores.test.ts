import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import seedrandom from 'seedrandom';
import { ANOMALY_SCORES, codeDistances, fitCodeGaussian, oneClassScores, perImageBlurredMse, perImageMse } from '../../src/analysis/index.js';
import { loadMnist } from '../../src/data/mnist.js';
import { createAutoencoder, encodeImages } from '../../src/model/index.js';
import { imagesAt } from '../../src/data/batching.js';
import { useBackend } from '../helpers.js';

describe('anomaly scores', () => {
  before(() => useBackend('wasm'));

  it('the blurred error is below the plain one, equals a hand blur on one image, and leaks no tensor', () => {
    const { test } = loadMnist();
    const model = createAutoencoder({ latentDim: 2, seed: 3 });
    const some = Int32Array.from([0, 7, 42]);
    const start = tf.memory().numTensors;
    const blurred = perImageBlurredMse(model, test, 1, some);
    assert.equal(tf.memory().numTensors, start, 'tensors leaked');
    const plain = perImageMse(model, test, some);
    for (let k = 0; k < 3; k++) assert.ok(blurred[k]! < plain[k]!, `${blurred[k]} < ${plain[k]}`);

    // By hand: the difference image blurred with a 5×5 Gaussian (σ 1), zero outside the image.
    const pixels = test.images.subarray(7 * 784, 8 * 784);
    const input = Float32Array.from(pixels, (p) => p / 255 - 0.5);
    const output = model.autoencoder.predict(tf.tensor4d(input, [1, 28, 28, 1])) as tf.Tensor;
    const difference = Float32Array.from(output.dataSync(), (value, p) => value - input[p]!);
    output.dispose();
    const w = [-2, -1, 0, 1, 2].map((t) => Math.exp(-(t * t) / 2));
    const total = w.reduce((a, b) => a + b, 0);
    let sum = 0;
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        let value = 0;
        for (let dy = -2; dy <= 2; dy++) {
          for (let dx = -2; dx <= 2; dx++) {
            if (y + dy < 0 || y + dy > 27 || x + dx < 0 || x + dx > 27) continue;
            value += (w[dy + 2]! * w[dx + 2]! * difference[(y + dy) * 28 + x + dx]!) / (total * total);
          }
        }
        sum += value * value;
      }
    }
    assert.ok(Math.abs(sum / 784 - blurred[1]!) < 1e-6 * Math.max(1, sum / 784) + 1e-8, `${sum / 784} vs ${blurred[1]}`);
    assert.throws(() => perImageBlurredMse(model, test, 0), /sigma must be a positive number of pixels, got 0/);
    model.autoencoder.dispose();
  });

  it('is in [0, 1] pixel units whatever the normalization: a vanishing blur gives the plain MSE', () => {
    const { test } = loadMnist();
    // MNIST's own statistics: std 0.3081, so a missing std² would be off ~10×.
    const model = createAutoencoder({ latentDim: 3, seed: 4, normalization: { mean: 0.1307, std: 0.3081 } });
    const some = Int32Array.from([1, 2, 3]);
    // σ = 0.01: the 3×3 kernel's off-centre weights are exp(−5000), i.e. 0 in float32.
    const nearlyPlain = perImageBlurredMse(model, test, 0.01, some);
    const plain = perImageMse(model, test, some);
    for (let k = 0; k < 3; k++) assert.ok(Math.abs(nearlyPlain[k]! - plain[k]!) <= 1e-6 * plain[k]!, `${nearlyPlain[k]} vs ${plain[k]}`);
    model.autoencoder.dispose();
  });

  it('the code distance is the Mahalanobis distance: chi-squared-sized for the fitted codes, large far away', () => {
    const random = seedrandom('codes');
    const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    // 2-D codes with standard deviations 1 and 10 along the axes, centred at (5, -3).
    const codes = Float32Array.from({ length: 4000 }, (_, k) => (k % 2 === 0 ? 5 + gauss() : -3 + 10 * gauss()));
    const gaussian = fitCodeGaussian(codes, 2);
    const distances = codeDistances(gaussian, codes);
    const mean = distances.reduce((a, b) => a + b, 0) / distances.length;
    assert.ok(Math.abs(mean - 2) < 1e-3 * 2 + 1e-2, `mean squared distance ${mean}, expected the dimension 2`);
    // One step of 10 along the wide axis is one standard deviation; one of 10 along the narrow axis is ten.
    const [wide, narrow] = codeDistances(gaussian, Float32Array.of(gaussian.mean[0]!, gaussian.mean[1]! + 10, gaussian.mean[0]! + 10, gaussian.mean[1]!));
    assert.ok(Math.abs(wide! - 1) < 0.1 && Math.abs(narrow! - 100) < 10, `${wide} ${narrow}`);
    assert.throws(() => fitCodeGaussian(Float32Array.of(1, 2, 3, 4), 2), /2 codes cannot fit a Gaussian in 2 dimensions/);
    assert.throws(() => fitCodeGaussian(Float32Array.of(1, 1, 1, 1, 1, 1), 2), /the 3 codes do not vary/);
  });

  it('uses the full covariance: correlated codes, one distance checked by hand', () => {
    // Four 2-D codes around the mean (1, 1), deviations (1, 1), (−1, −1), (1, 0), (−1, 0): x and y correlate.
    const codes = Float32Array.of(2, 2, 0, 0, 2, 1, 0, 1);
    const gaussian = fitCodeGaussian(codes, 2);
    assert.deepEqual(Array.from(gaussian.mean), [1, 1]);
    // Σ = [[4/3, 2/3], [2/3, 2/3]]: Σxx = (1+1+1+1)/3, Σxy = (1+1+0+0)/3, Σyy = (1+1+0+0)/3.
    // Σ⁻¹ = 1/det · [[2/3, −2/3], [−2/3, 4/3]], det = 8/9 − 4/9 = 4/9 → [[1.5, −1.5], [−1.5, 3]].
    // The point (2, 1), deviation (1, 0): 1.5. The point (2, 2), deviation (1, 1): 1.5 − 3 + 3 = 1.5.
    // The point (1, 2), deviation (0, 1): 3 — the direction the codes do not spread in costs more.
    const [a, b, c] = codeDistances(gaussian, Float32Array.of(2, 1, 2, 2, 1, 2));
    // The ridge (1e-6 of the mean variance) moves them by a few millionths.
    for (const [got, want] of [[a, 1.5], [b, 1.5], [c, 3]] as const) assert.ok(Math.abs(got! - want) < 1e-4 * want, `${got} vs ${want}`);
    // A diagonal-only fit would give (1, 1) the distance 1/(4/3) + 1/(2/3) = 2.25, not 1.5.
    assert.throws(() => fitCodeGaussian(Float32Array.of(1, 2, 3), 2), /3 numbers are not whole codes of 2/);
  });

  it('oneClassScores: every score on the validation split (all digits) and the test split; the combined one is the z-scores summed against the normal validation images', () => {
    const mnist = loadMnist();
    const model = createAutoencoder({ latentDim: 4, seed: 1 });
    const split = { train: Int32Array.from({ length: 600 }, (_, i) => i), validation: Int32Array.from({ length: 300 }, (_, i) => 600 + i) };
    const start = tf.memory().numTensors;
    const scores = oneClassScores(model, mnist, split, 3);
    assert.equal(tf.memory().numTensors, start, 'tensors leaked');
    assert.deepEqual(Object.keys(scores), [...ANOMALY_SCORES]);
    for (const name of ANOMALY_SCORES) {
      assert.equal(scores[name].validation.length, 300, name);
      assert.equal(scores[name].test.length, mnist.test.count, name);
    }
    assert.deepEqual(scores['MSE'].test, perImageMse(model, mnist.test));
    assert.deepEqual(scores['MSE'].validation, perImageMse(model, mnist.train, split.validation));
    // One pass gives what the separate functions give.
    const closeTo = (a: ArrayLike<number>, b: ArrayLike<number>, what: string) => {
      assert.equal(a.length, b.length, what);
      for (let k = 0; k < a.length; k++) assert.ok(Math.abs(a[k]! - b[k]!) <= 1e-6 * Math.max(1e-3, Math.abs(b[k]!)), `${what} ${k}: ${a[k]} against ${b[k]}`);
    };
    closeTo(scores['blurred MSE'].test, perImageBlurredMse(model, mnist.test, 1), 'blurred test');
    closeTo(scores['blurred MSE'].validation, perImageBlurredMse(model, mnist.train, 1, split.validation), 'blurred validation');
    const ownTraining = split.train.filter((index) => mnist.train.labels[index] === 3);
    const gaussian = fitCodeGaussian(encodeImages(model, imagesAt(mnist.train, ownTraining)), 4);
    closeTo(scores['code distance'].test, codeDistances(gaussian, encodeImages(model, mnist.test.images)), 'code distance test');
    closeTo(scores['code distance'].validation, codeDistances(gaussian, encodeImages(model, imagesAt(mnist.train, split.validation))), 'code distance validation');
    const unpooling = createAutoencoder({ latentDim: 2, decoder: 'unpooling' });
    assert.throws(() => oneClassScores(unpooling, mnist, split, 3), /^Error: oneClassScores: the unpooling decoder needs its pooling switches; per-digit models are transposed$/);
    unpooling.autoencoder.dispose();
    const normal = Array.from(split.validation, (index) => mnist.train.labels[index] === 3);
    const stats = (values: ArrayLike<number>) => {
      const own = Array.from(values).filter((_, k) => normal[k]);
      const mean = own.reduce((a, b) => a + b, 0) / own.length;
      return { mean, sd: Math.sqrt(own.reduce((a, b) => a + (b - mean) ** 2, 0) / (own.length - 1)) };
    };
    const [e, c] = [stats(scores['MSE'].validation), stats(scores['code distance'].validation)];
    for (const k of [0, 5, 9999]) {
      const byHand = (scores['MSE'].test[k]! - e.mean) / e.sd + (scores['code distance'].test[k]! - c.mean) / c.sd;
      assert.ok(Math.abs(scores['MSE + code distance'].test[k]! - byHand) < 1e-3 * Math.max(1, Math.abs(byHand)), `${k}: ${scores['MSE + code distance'].test[k]} against ${byHand}`);
    }
    model.autoencoder.dispose();
  });
});
