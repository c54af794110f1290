/**
 * Notebook 01 builds the autoencoder from stock tf.layers for a student to read (cell nb01-layers);
 * the library builds it with its own training-fast layers. This test runs the notebook's cell itself
 * and proves the two are one model: the same trainable parameter count, and the same inference
 * outputs once the library's weights (batch-norm statistics included, made non-trivial) are copied in.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { transformSync } from 'esbuild';
import { SEED_NORMALIZATION, normalizePixels } from '../../src/data/transforms.js';
import { loadMnist } from '../../src/data/mnist.js';
import { createAutoencoder, trainableParameterCount } from '../../src/model/index.js';
import type { Normalization } from '../../src/data/transforms.js';
import { findProjectRoot } from '../../src/util/paths.js';
import { useBackend } from '../helpers.js';

type Builders = {
  buildEncoder: (latentDim: number) => tfl.Sequential;
  buildDecoder: (latentDim: number, normalization: Normalization) => tfl.Sequential;
};

/** The notebook cell's code, compiled and run: its two builders. */
function notebookBuilders(): Builders {
  const file = path.join(findProjectRoot(), 'notebooks', '01-dataset-and-model.ipynb');
  const nb = JSON.parse(fs.readFileSync(file, 'utf8')) as { cells: { id: string; source: string[] }[] };
  const cell = nb.cells.find((candidate) => candidate.id === 'nb01-layers');
  assert.ok(cell, `${file} has no cell nb01-layers`);
  const { code } = transformSync(cell.source.join(''), { loader: 'ts', format: 'cjs' });
  return new Function('require', `${code}\nreturn { buildEncoder: buildEncoder, buildDecoder: buildDecoder };`)(require) as Builders;
}

describe("notebook 01's stock-layer model", () => {
  before(() => useBackend('wasm'));

  for (const latentDim of [1, 4, 10]) {
    it(`is the library's model at d = ${latentDim}: same parameter count, same outputs for the same weights`, () => {
      const { buildEncoder, buildDecoder } = notebookBuilders();
      const library = createAutoencoder({ latentDim, seed: 7 });
      // Every weight drawn anew (seeded), the batch norms' moving variances positive, so that no layer is an identity.
      const weights = library.autoencoder.weights.map((weight, k) => {
        const variance = weight.originalName.includes('moving_variance');
        return tf.randomUniform(weight.shape as number[], variance ? 0.5 : -0.5, variance ? 1.5 : 0.5, 'float32', 100 + k);
      });
      library.autoencoder.setWeights(weights);
      const encoder = buildEncoder(latentDim);
      const decoder = buildDecoder(latentDim, SEED_NORMALIZATION);
      assert.equal(trainableParameterCount(encoder) + trainableParameterCount(decoder), trainableParameterCount(library.autoencoder));
      encoder.setWeights(library.encoder.getWeights());
      decoder.setWeights(library.decoder.getWeights());

      const pixels = loadMnist().test.images.subarray(0, 16 * 784);
      const images = tf.tensor4d(normalizePixels(pixels, SEED_NORMALIZATION), [16, 28, 28, 1]);
      const fromLibrary = library.autoencoder.predict(images) as tf.Tensor;
      const fromStock = decoder.predict(encoder.predict(images) as tf.Tensor) as tf.Tensor;
      const largest = tf.max(tf.abs(tf.sub(fromLibrary, fromStock))).dataSync()[0]!;
      const spread = tf.moments(fromLibrary).variance.dataSync()[0]!;
      assert.ok(largest <= 1e-5, `largest difference ${largest}`);
      assert.ok(spread > 1e-4, `the outputs vary (variance ${spread}), so equal outputs mean something`);
      tf.dispose([images, fromLibrary, fromStock, ...weights]);
      library.autoencoder.dispose();
      encoder.dispose();
      decoder.dispose();
    });
  }
});
