import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import seedrandom from 'seedrandom';
import { AdamWithL2 } from '../../src/train/index.js';
import { type AdamOptions } from '../../src/train/optimizer.js';
import { useBackend } from '../helpers.js';

const SHAPES = [[3, 3, 1, 8], [8], [5, 4], [4], [1]];

function randomValues(rng: () => number, shape: number[]): Float32Array {
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng() * 2 - 1);
}

/**
 * The reference: torch.optim.Adam(weight_decay=λ)'s coupled-L2 update written out element by
 * element, in float32 (`Math.fround` after every operation, which makes float64 +, −, ×, ÷, √
 * exactly float32's) and in the operation order tfjs's Adam uses, so it can be compared bit
 * for bit. Moments start at 0; β₁ᵗ and β₂ᵗ are float32 scalars as in tfjs.
 */
function referenceAdam(options: Required<AdamOptions>) {
  const f = Math.fround;
  let accBeta1 = f(options.beta1);
  let accBeta2 = f(options.beta2);
  const moments = new Map<string, { m: Float32Array; v: Float32Array }>();
  return (variables: tf.Variable[], grads: tf.NamedTensorMap): void => {
    for (const variable of variables) {
      const params = variable.dataSync() as Float32Array;
      const grad = grads[variable.name]!.dataSync() as Float32Array;
      const state = moments.get(variable.name) ?? { m: new Float32Array(params.length), v: new Float32Array(params.length) };
      moments.set(variable.name, state);
      const next = new Float32Array(params.length);
      for (let i = 0; i < params.length; i++) {
        const g = f(grad[i]! + f(params[i]! * f(options.weightDecay)));
        state.m[i] = f(f(state.m[i]! * f(options.beta1)) + f(g * f(1 - options.beta1)));
        state.v[i] = f(f(state.v[i]! * f(options.beta2)) + f(f(g * g) * f(1 - options.beta2)));
        const mHat = f(state.m[i]! / f(1 - accBeta1));
        const vHat = f(state.v[i]! / f(1 - accBeta2));
        next[i] = f(f(f(mHat / f(f(Math.sqrt(vHat)) + f(options.epsilon))) * f(-options.learningRate)) + params[i]!);
      }
      tf.tidy(() => variable.assign(tf.tensor(next, variable.shape)));
    }
    accBeta1 = f(accBeta1 * f(options.beta1));
    accBeta2 = f(accBeta2 * f(options.beta2));
  };
}

/** Four steps on a loss with random targets; returns every variable after each step. */
function train(step: (loss: () => tf.Scalar, variables: tf.Variable[]) => void): Float32Array[][] {
  const rng = seedrandom('ae-adam');
  const variables = tf.tidy(() => SHAPES.map((shape) => tf.variable(tf.tensor(randomValues(rng, shape), shape))));
  const targets = SHAPES.map((shape) => tf.tensor(randomValues(rng, shape), shape));
  const history: Float32Array[][] = [];
  for (let i = 0; i < 4; i++) {
    // A different loss each step, so every moment estimate changes in a non-trivial way.
    step(() => tf.addN(variables.map((v, k) => tf.sum(tf.mul(tf.square(tf.sub(v, targets[k]!)), i + k + 1)))) as tf.Scalar, variables);
    history.push(variables.map((v) => Float32Array.from(v.dataSync())));
  }
  tf.dispose([...variables, ...targets]);
  return history;
}

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`AdamWithL2 on ${backend}`, () => {
    it('matches a float32 element-by-element reference of Adam with coupled L2 bit for bit, and frees everything', async () => {
      await useBackend(backend);
      const start = tf.memory().numTensors;
      const options = { learningRate: 0.01, weightDecay: 0.05, beta1: 0.8, beta2: 0.95, epsilon: 1e-6 };
      const ours = new AdamWithL2(options);
      const actual = train((loss, variables) => ours.step(loss, variables).dispose());
      ours.dispose();

      const update = referenceAdam(options);
      const expected = train((loss, variables) => {
        const { value, grads } = tf.variableGrads(loss, variables);
        update(variables, grads);
        tf.dispose([value, ...Object.values(grads)]);
      });
      assert.deepEqual(actual, expected);
      assert.equal(tf.memory().numTensors, start, 'tensors leaked');
    });

    it('hands its state to a fresh optimizer that goes on bit for bit (a resumed run)', async () => {
      await useBackend(backend);
      const start = tf.memory().numTensors;
      const options = { learningRate: 0.01, weightDecay: 0.05, beta1: 0.8, beta2: 0.95, epsilon: 1e-6 };
      const one = new AdamWithL2(options);
      const uninterrupted = train((loss, variables) => one.step(loss, variables).dispose());
      one.dispose();
      let current = new AdamWithL2(options);
      let steps = 0;
      const handedOver = train((loss, variables) => {
        if (steps === 2) {
          const state = current.state();
          current.dispose();
          current = new AdamWithL2(options);
          assert.throws(() => current.restore(state, variables.slice(1)), /^Error: restore: the saved moments do not fit the model's 4 trainable variables$/);
          current.restore(state, variables);
        }
        current.step(loss, variables).dispose();
        steps += 1;
      });
      current.dispose();
      assert.deepEqual(handedOver, uninterrupted);
      assert.equal(tf.memory().numTensors, start, 'tensors leaked');
    });
  });
}

describe('AdamWithL2 options', () => {
  it('rejects a negative or non-finite option by name', () => {
    assert.throws(() => new AdamWithL2({ learningRate: -1 }), /^Error: learningRate must be a finite number ≥ 0, got -1$/);
    assert.throws(() => new AdamWithL2({ weightDecay: Number.NaN }), /^Error: weightDecay must be a finite number ≥ 0, got NaN$/);
  });
});
