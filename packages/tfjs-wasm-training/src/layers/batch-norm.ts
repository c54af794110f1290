import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { BatchNormalization, BatchNormalizationLayerArgs } from '@tensorflow/tfjs-layers/dist/layers/normalization';
import { BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD } from '../batch-norm-kernel';

/**
 * tfjs-layers' `BatchNormalization` with a cheaper *training* step; inference, weights,
 * configuration and the saved format are the parent's, and it serializes under the same
 * class name, so checkpoints stay plain tfjs models (`tf.loadLayersModel` reads them).
 *
 * Why: in training mode the parent normalizes with `tf.moments` + `tf.batchNorm` and lets
 * autodiff differentiate through all of it — the FusedBatchNorm gradient (a `Tile` of the
 * statistics to the activation's shape, five elementwise passes), then the gradients of the
 * variance and mean (a ones-tensor built in JavaScript per call) — about 40 kernels and six
 * full-size reductions per layer. Here the forward pass computes the same batch statistics
 * (bit-identical moving averages) and the backward pass is the closed form
 *
 *   dβ = Σ dy,  dγ = Σ dy·x̂,  dx = γ/σ · (dy − dβ/M − x̂·dγ/M)
 *
 * with x̂ = (x − μ)/σ, σ = √(var + ε) and M the number of values per channel: as ops, two
 * reductions and five full-size elementwise passes; on wasm, each direction is one SIMD kernel
 * (../batch-norm-kernel.ts).
 *
 * Only channels-last inputs with both `center` and `scale` (the autoencoder's) take this
 * path; anything else falls back to the parent.
 */
// tfjs-layers exports the class only as a type; its factory's product carries the constructor.
// (A bare layer object: no weights exist until a model builds it.)
const BatchNormalizationLayer = tfl.layers.batchNormalization({}).constructor as typeof BatchNormalization;

/** The parent's state this class reads (all set by the parent's `build`). */
interface BatchNormState {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: tfl.LayerVariable;
  beta: tfl.LayerVariable;
  movingMean: tfl.LayerVariable;
  movingVariance: tfl.LayerVariable;
}

/**
 * Normalizes `x` [..., C] over every axis but the last with batch statistics; returns the
 * output and the batch mean and (biased) variance, as tfjs-layers computes them. The caller
 * must dispose `mean` and `variance` itself: they are kept (`tf.keep`), so no `tf.tidy` will.
 */
export function batchNormTraining(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number): { y: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor } {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const perChannel = x.size / (x.shape.at(-1) ?? 1);
  let mean: tf.Tensor | undefined;
  let variance: tf.Tensor | undefined;
  const normalize = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, scale, offset, save] = args as [tf.Tensor, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
    // What tf.moments computes, so that output and moving averages match the parent's bit for bit.
    // Kept: customGrad disposes what its forward function makes; the caller disposes these.
    mean = tf.keep(tf.mean(input, axes));
    variance = tf.keep(tf.mean(tf.squaredDifference(input, mean), axes));
    const y = tf.batchNorm(input, mean as tf.Tensor1D, variance as tf.Tensor1D, offset, scale, epsilon);
    const invStd = tf.rsqrt(tf.add(variance, epsilon));
    save([tf.mul(tf.sub(input, mean), invStd), invStd, scale]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [normalized, invStdSaved, scaleSaved] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const dBeta = tf.sum(dy, axes);
        const dGamma = tf.sum(tf.mul(dy, normalized), axes);
        const gain = tf.mul(scaleSaved, invStdSaved);
        const dx = tf.mul(tf.sub(tf.sub(dy, tf.div(dBeta, perChannel)), tf.mul(normalized, tf.div(dGamma, perChannel))), gain);
        return [dx, dGamma, dBeta];
      },
    };
  });
  // The same computation as two kernels (wasm: ../batch-norm-kernel.ts), one call each way.
  const normalizeWithKernels = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, scale, offset, save] = args as [tf.Tensor, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
    const [y, batchMean, batchVariance] = tf.engine().runKernel(BATCH_NORM_TRAINING, { x: input, gamma: scale, beta: offset }, { epsilon }) as tf.Tensor[];
    mean = tf.keep(batchMean!);
    variance = tf.keep(batchVariance!);
    save([input, mean, variance, scale]);
    return {
      value: y!,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedInput, savedMean, savedVariance, savedScale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
        return tf.engine().runKernel(BATCH_NORM_TRAINING_GRAD, { dy, x: savedInput, mean: savedMean, variance: savedVariance, gamma: savedScale }, { epsilon }) as tf.Tensor[];
      },
    };
  });
  const y = (tf.getKernel(BATCH_NORM_TRAINING, tf.getBackend()) === undefined ? normalize : normalizeWithKernels)(x, gamma, beta);
  return { y, mean: mean!, variance: variance! };
}

/** See the module comment. Registered under tfjs-layers' own class name. */
export class FastBatchNormalization extends BatchNormalizationLayer {
  static override className = 'BatchNormalization';

  constructor(args: BatchNormalizationLayerArgs = {}) {
    super(args);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const state = this as unknown as BatchNormState;
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const channelsLast = state.axis === -1 || state.axis === x.rank - 1;
    if (kwargs['training'] !== true || !channelsLast || !state.center || !state.scale) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const { y, mean, variance } = batchNormTraining(x, state.gamma.read() as tf.Tensor1D, state.beta.read() as tf.Tensor1D, state.epsilon);
      // The parent's moving-average update, operation for operation.
      const decay = 1 - state.momentum;
      for (const [variable, value] of [[state.movingMean, mean], [state.movingVariance, variance]] as const) {
        tf.tidy(() => {
          const current = variable.read();
          variable.write(tf.sub(current, tf.mul(tf.sub(current, value), decay)));
        });
      }
      tf.dispose([mean, variance]);
      return y;
    });
  }
}
