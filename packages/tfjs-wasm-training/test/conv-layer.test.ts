import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import seedrandom from 'seedrandom';
import { FastConv2D, registerTrainingLayers } from '../src/index.js';
import { relativeError, savedAndLoaded, useBackend } from './helpers.js';

const SHAPE: [number, number, number, number] = [3, 9, 9, 2];
const CONFIGS = [
  { filters: 8, kernelSize: 3, strides: 2, padding: 'valid' as const },
  { filters: 5, kernelSize: 3, strides: 1, padding: 'same' as const, activation: 'relu' as const },
];

interface Step {
  output: Float32Array;
  grads: Float32Array[];
  kernels: string[];
}

/** One training step of a layer with the given weights on x: its output, weight gradients and the kernels launched. */
async function trainStep(layer: tfl.layers.Layer, x: tf.Tensor4D, weights: tf.Tensor[]): Promise<Step> {
  layer.build(SHAPE);
  layer.setWeights(weights);
  const variables = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  let grads: tf.Tensor[] = [];
  const profile = await tf.profile(() => {
    const result = tf.variableGrads(() => tf.sum(tf.square(layer.apply(x, { training: true }) as tf.Tensor)), variables);
    grads = variables.map((v) => result.grads[v.name]!);
    result.value.dispose();
  });
  const output = tf.tidy(() => (layer.apply(x, { training: true }) as tf.Tensor).dataSync() as Float32Array);
  const step = { output, grads: grads.map((g) => g.dataSync() as Float32Array), kernels: profile.kernels.map((k) => k.name) };
  tf.dispose(grads);
  layer.weights.forEach((w) => w.dispose()); // applied eagerly, never "used" in a model: Layer.dispose refuses
  return step;
}

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`FastConv2D on ${backend}`, () => {
    for (const config of CONFIGS) {
      it(`trains like tfjs-layers’ Conv2D (${config.padding}, stride ${config.strides}, ${config.activation ?? 'linear'}) without the input's gradient`, async () => {
        await useBackend(backend);
        const rng = seedrandom('ae-fast-conv');
        const random = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng() * 2 - 1), shape);
        const x = random(SHAPE) as tf.Tensor4D;
        const weights = [random([3, 3, 2, config.filters]), random([config.filters])];
        const before = tf.memory().numTensors;
        const fast = await trainStep(new FastConv2D(config), x, weights);
        const reference = await trainStep(tfl.layers.conv2d(config), x, weights);
        assert.equal(tf.memory().numTensors, before, 'tensors leaked');
        const outputError = relativeError(fast.output, reference.output);
        assert.ok(outputError < 1e-6, `output: relative error ${outputError.toExponential(2)}`);
        fast.grads.forEach((grad, i) => {
          const error = relativeError(grad, reference.grads[i]!);
          assert.ok(error < 1e-5, `gradient ${i}: relative error ${error.toExponential(2)}`);
        });
        // The fused op (tfjs fuses under a gradient only a linear activation) differentiates its
        // input too; the separate ops only what depends on a weight.
        if (config.activation === undefined) assert.ok(reference.kernels.includes('Conv2DBackpropInput'));
        assert.ok(!fast.kernels.includes('Conv2DBackpropInput'), `kernels: ${fast.kernels.join(', ')}`);
        tf.dispose([x, ...weights]);
      });
    }
  });
}

describe('FastConv2D serialization', () => {
  it('saves as a plain Conv2D and loads back as the fast one', async () => {
    await useBackend('cpu');
    registerTrainingLayers();
    const input = tfl.input({ shape: [5, 5, 1] });
    const model = tfl.model({ inputs: input, outputs: new FastConv2D({ name: 'conv', filters: 2, kernelSize: 3 }).apply(input) as tfl.SymbolicTensor });
    const json = model.toJSON(undefined, false) as { config: { layers: { class_name: string }[] } };
    assert.deepEqual(json.config.layers.map((layer) => layer.class_name), ['InputLayer', 'Conv2D']);
    const loaded = await savedAndLoaded(model);
    assert.ok(loaded.getLayer('conv') instanceof FastConv2D);
    model.dispose();
    loaded.dispose();
  });
});
