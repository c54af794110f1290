import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import seedrandom from 'seedrandom';
import { FastBatchNormalization, registerTrainingLayers } from '../src/index.js';
import { relativeError, savedAndLoaded, useBackend } from './helpers.js';


function random(rng: () => number, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng() * 4 - 1);
}

interface Run {
  output: Float32Array;
  movingMean: Float32Array;
  movingVariance: Float32Array;
  dx: Float32Array;
  dGamma: Float32Array;
  dBeta: Float32Array;
}

/** Two training steps' worth of calls on `layer`: outputs, moving statistics and gradients. */
function run(layer: tfl.layers.Layer, shape: [number, number, number, number], x: Float32Array, weight: Float32Array, gamma: Float32Array, beta: Float32Array): Run {
  const input = tf.tensor4d(x, shape);
  const upstream = tf.tensor4d(weight, shape);
  layer.build(shape);
  const [gammaVar, betaVar] = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  gammaVar!.assign(tf.tensor1d(gamma));
  betaVar!.assign(tf.tensor1d(beta));
  const before = tf.memory().numTensors;
  const loss = (t: tf.Tensor): tf.Scalar => tf.sum(tf.mul(layer.apply(t, { training: true }) as tf.Tensor, upstream));
  const dx = tf.grad(loss)(input);
  const { value, grads } = tf.variableGrads(() => loss(input), [gammaVar!, betaVar!]);
  value.dispose();
  const output = tf.tidy(() => layer.apply(input, { training: true }) as tf.Tensor);
  assert.equal(tf.memory().numTensors, before + 4, 'only dx, two gradients and the output are left');
  const [movingMean, movingVariance] = layer.getWeights().slice(2).map((w) => w.dataSync() as Float32Array);
  const result = {
    output: output.dataSync() as Float32Array,
    movingMean: movingMean!, movingVariance: movingVariance!,
    dx: dx.dataSync() as Float32Array,
    dGamma: grads[gammaVar!.name]!.dataSync() as Float32Array,
    dBeta: grads[betaVar!.name]!.dataSync() as Float32Array,
  };
  tf.dispose([input, upstream, dx, output, ...Object.values(grads)]);
  layer.weights.forEach((w) => w.dispose()); // applied eagerly, never "used" in a model: Layer.dispose refuses
  return result;
}

// Three channels take the kernels' one-channel-at-a-time path, eight their SIMD path (two lane
// groups a pass), twelve both SIMD paths (eight, then one group of four).
const SHAPES: [number, number, number, number][] = [[6, 5, 4, 3], [4, 5, 3, 8], [3, 4, 5, 12]];

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`FastBatchNormalization on ${backend}`, () => {
    // The forward pass computes the parent's batch statistics (so its moving averages), but not
    // always its output's last bit: on wasm it is one kernel that rounds differently, and on cpu
    // tfjs-layers takes another route than tf.moments for some shapes.
    const outputTolerance = 1e-6;
    for (const shape of SHAPES) {
      it(`trains like tfjs-layers’ BatchNormalization (${shape.join('×')}): same moving averages bit for bit, outputs to ${outputTolerance}, gradients to 1e-5`, async () => {
        await useBackend(backend);
        const rng = seedrandom('ae-batch-norm');
        const n = shape.reduce((a, b) => a * b, 1);
        const channels = shape[3];
        const x = random(rng, n);
        const weight = random(rng, n);
        const gamma = random(rng, channels);
        const beta = random(rng, channels);
        const options = { momentum: 0.9, epsilon: 1e-5 };
        const fast = run(new FastBatchNormalization(options), shape, x, weight, gamma, beta);
        const reference = run(tfl.layers.batchNormalization(options), shape, x, weight, gamma, beta);
        const error = relativeError(fast.output, reference.output);
        assert.ok(error < outputTolerance, `output: relative error ${error.toExponential(2)}`);
        assert.deepEqual(fast.movingMean, reference.movingMean);
        assert.deepEqual(fast.movingVariance, reference.movingVariance);
        for (const key of ['dx', 'dGamma', 'dBeta'] as const) {
          const error = relativeError(fast[key], reference[key]);
          assert.ok(error < 1e-5, `${key}: relative error ${error.toExponential(2)}`);
        }
      });
    }
  });
}

describe('FastBatchNormalization serialization', () => {
  it('saves as a plain BatchNormalization and loads back as the fast one', async () => {
    await useBackend('cpu');
    registerTrainingLayers();
    const input = tfl.input({ shape: [4, 4, 2] });
    const model = tfl.model({ inputs: input, outputs: new FastBatchNormalization({ name: 'bn' }).apply(input) as tfl.SymbolicTensor });
    const json = model.toJSON(undefined, false) as { config: { layers: { class_name: string }[] } };
    assert.deepEqual(json.config.layers.map((layer) => layer.class_name), ['InputLayer', 'BatchNormalization']);
    const loaded = await savedAndLoaded(model);
    assert.ok(loaded.getLayer('bn') instanceof FastBatchNormalization);
    model.dispose();
    loaded.dispose();
  });
});
