import * as tf from '@tensorflow/tfjs-core';
import { TRAINING_DEFAULTS } from './defaults';

/** Options of {@link AdamWithL2}; defaults are `torch.optim.Adam`'s, with the tutorial's learning rate and decay. */
export interface AdamOptions {
  /** Step size; default {@link TRAINING_DEFAULTS} (1e-3). */
  learningRate?: number;
  /** L2 penalty coefficient added to every gradient; default {@link TRAINING_DEFAULTS} (1e-5). */
  weightDecay?: number;
  /** Default 0.9. */
  beta1?: number;
  /** Default 0.999. */
  beta2?: number;
  /** Default 1e-8 (PyTorch's; tfjs's own default is 1e-7). */
  epsilon?: number;
}

/**
 * Adam with weight decay in the form `torch.optim.Adam(weight_decay=λ)` uses: the *coupled*
 * L2 form, `g ← g + λ·θ` before the Adam moments are updated, applied to every trainable
 * variable (weights, biases and BatchNorm γ/β alike). This is not AdamW's decoupled decay
 * (`θ ← θ − lr·λ·θ` outside the moments). tfjs's Adam has no decay at all, so the term is
 * added to the gradients here and tfjs's own Adam does the rest.
 */
export class AdamWithL2 {
  readonly learningRate: number;
  readonly weightDecay: number;
  // Typed as the base class: AdamOptimizer's own declaration of applyGradients is narrower than its behaviour.
  private readonly adam: tf.Optimizer;

  constructor(options: AdamOptions = {}) {
    const { learningRate = TRAINING_DEFAULTS.learningRate, weightDecay = TRAINING_DEFAULTS.weightDecay, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = options;
    for (const [name, value] of Object.entries({ learningRate, weightDecay, beta1, beta2, epsilon })) {
      if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a finite number ≥ 0, got ${String(value)}`);
    }
    this.learningRate = learningRate;
    this.weightDecay = weightDecay;
    this.adam = tf.train.adam(learningRate, beta1, beta2, epsilon);
  }

  /**
   * One step: gradients of `loss` with respect to `variables`, plus the L2 term, applied by Adam.
   * Returns the loss value (a scalar tensor the caller disposes).
   */
  step(loss: () => tf.Scalar, variables: tf.Variable[]): tf.Scalar {
    const { value, grads } = tf.variableGrads(loss, variables);
    const decayed: tf.NamedTensorMap = {};
    tf.tidy(() => {
      for (const variable of variables) {
        const grad = grads[variable.name];
        if (grad === undefined) throw new Error(`no gradient for variable ${variable.name}`);
        decayed[variable.name] = tf.keep(this.weightDecay === 0 ? grad : tf.add(grad, tf.mul(variable, this.weightDecay)));
      }
    });
    this.adam.applyGradients(decayed);
    tf.dispose(grads);
    tf.dispose(decayed);
    return value;
  }

  /** Frees Adam's moment estimates. */
  dispose(): void {
    this.adam.dispose();
  }
}
