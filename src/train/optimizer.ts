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
 * Everything Adam has accumulated, as plain numbers: enough to continue a run exactly where it
 * stopped (a resumed run repeats the uninterrupted one bit for bit).
 */
export interface AdamState {
  /** Steps taken. */
  iterations: number;
  /** β₁ and β₂ to the power of steps + 1, as Adam accumulated them (float32 products, not recomputed powers). */
  accBeta1: number;
  accBeta2: number;
  /** First and second moment of each variable, in the order of the variables stepped. */
  firstMoments: Float32Array[];
  secondMoments: Float32Array[];
}

/** The fields of tfjs's AdamOptimizer that hold its state (its setWeights recomputes β powers with pow, which rounds differently). */
interface AdamInternals {
  iterations_: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
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

  /** Adam's state now (copies). */
  state(): AdamState {
    const adam = this.adam as unknown as AdamInternals;
    const values = (moments: AdamInternals['accumulatedFirstMoment']) => moments.map((m) => Float32Array.from(m.variable.dataSync()));
    return {
      iterations: adam.iterations_,
      accBeta1: adam.accBeta1.dataSync()[0]!,
      accBeta2: adam.accBeta2.dataSync()[0]!,
      firstMoments: values(adam.accumulatedFirstMoment),
      secondMoments: values(adam.accumulatedSecondMoment),
    };
  }

  /**
   * Puts back a state taken by {@link state} from an optimizer that stepped the same `variables`
   * (same order, same shapes), before this one has taken any step.
   *
   * @throws Error when the moments do not fit the variables.
   */
  restore(state: AdamState, variables: readonly tf.Variable[]): void {
    const adam = this.adam as unknown as AdamInternals;
    if (adam.accumulatedFirstMoment.length > 0) throw new Error('restore: this optimizer has already taken steps');
    const fits = (moments: Float32Array[]) => moments.length === variables.length && moments.every((m, i) => m.length === variables[i]!.size);
    if (!fits(state.firstMoments) || !fits(state.secondMoments)) {
      throw new Error(`restore: the saved moments do not fit the model's ${variables.length} trainable variables`);
    }
    const moments = (values: Float32Array[], suffix: string) => values.map((m, i) => ({
      originalName: `${variables[i]!.name}/${suffix}`,
      variable: tf.tidy(() => tf.tensor(m, variables[i]!.shape).variable(false)),
    }));
    adam.accumulatedFirstMoment = moments(state.firstMoments, 'm');
    adam.accumulatedSecondMoment = moments(state.secondMoments, 'v');
    tf.tidy(() => {
      adam.accBeta1.assign(tf.scalar(state.accBeta1));
      adam.accBeta2.assign(tf.scalar(state.accBeta2));
    });
    adam.iterations_ = state.iterations;
  }

  /** Frees Adam's moment estimates. */
  dispose(): void {
    this.adam.dispose();
  }
}
