/**
 * A short training job that runs the same in Node and in a page (test/browser-run.test.ts
 * bundles this module for the browser): a small convolutional network with the training-path
 * layers, fixed weights and data from a seeded generator, plain SGD through tfjs-layers' graph,
 * so that every kind of this package's kernels runs. Returns each step's loss.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { FastBatchNormalization, FastConv2D } from '../src/index';

/** A seeded generator of floats in [-1, 1) (a 32-bit LCG: the same numbers in every JavaScript engine). */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  };
}

/** What the job reports: each step's loss, and the sum of the trained weights. */
export interface JobResult {
  losses: number[];
  weightSum: number;
}

/** Trains `steps` SGD steps of batch 8 on 12×12 random images (the backend must be active). */
export function trainingJob(steps = 3): JobResult {
  const random = generator(7);
  const model = tfl.sequential({
    layers: [
      new FastConv2D({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', inputShape: [12, 12, 1] }),
      new FastBatchNormalization({}),
      tfl.layers.reLU(),
      tfl.layers.zeroPadding2d({ padding: 1 }),
      tfl.layers.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2 }),
      tfl.layers.cropping2D({ cropping: [[2, 1], [2, 1]] }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 6 }),
    ],
  });
  model.setWeights(model.getWeights().map((w) => tf.tensor(Float32Array.from({ length: w.size }, () => 0.3 * random()), w.shape)));
  const x = tf.tensor4d(Float32Array.from({ length: 8 * 12 * 12 }, random), [8, 12, 12, 1]);
  const y = tf.tensor2d(Float32Array.from({ length: 8 * 6 }, random), [8, 6]);
  const optimizer = tf.train.sgd(0.05);
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const loss = optimizer.minimize(() => tf.losses.meanSquaredError(y, model.apply(x, { training: true }) as tf.Tensor), true) as tf.Scalar;
    losses.push(loss.dataSync()[0]!);
    loss.dispose();
  }
  const weightSum = model.getWeights().reduce((sum, w) => sum + tf.sum(w).dataSync()[0]!, 0);
  tf.dispose([x, y]);
  model.dispose();
  return { losses, weightSum };
}
