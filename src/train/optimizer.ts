import * as tf from '@tensorflow/tfjs-core';
import { ADAM_STEP, type AdamStepAttrs, adamStepInputs, adamStepOps, registerAdamStepKernels } from 'tfjs-wasm-training';
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

/**
 * Adam with weight decay in the form `torch.optim.Adam(weight_decay=λ)` uses: the *coupled*
 * L2 form, `g ← g + λ·θ` before the Adam moments are updated, applied to every trainable
 * variable (weights, biases and BatchNorm γ/β alike). This is not AdamW's decoupled decay
 * (`θ ← θ − lr·λ·θ` outside the moments). tfjs's Adam has no decay at all; this optimizer
 * does tfjs's Adam arithmetic, in its order, with the term added, as one kernel per step.
 */
export class AdamWithL2 {
  /** Step size of the next step: a schedule may change it between steps (the digit reader's does, per epoch). */
  learningRate: number;
  readonly weightDecay: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private iterations = 0;
  /** β₁ᵗ⁺¹ and β₂ᵗ⁺¹ as float32 products, as tfjs's Adam accumulates them. */
  private accBeta1: number;
  private accBeta2: number;
  /** Moment estimates per variable (in the order stepped); empty until the first step. */
  private firstMoments: tf.Tensor[] = [];
  private secondMoments: tf.Tensor[] = [];

  constructor(options: AdamOptions = {}) {
    const { learningRate = TRAINING_DEFAULTS.learningRate, weightDecay = TRAINING_DEFAULTS.weightDecay, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = options;
    for (const [name, value] of Object.entries({ learningRate, weightDecay, beta1, beta2, epsilon })) {
      if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a finite number ≥ 0, got ${String(value)}`);
    }
    this.learningRate = learningRate;
    this.weightDecay = weightDecay;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.accBeta1 = Math.fround(beta1);
    this.accBeta2 = Math.fround(beta2);
    registerAdamStepKernels();
  }

  /**
   * One step: gradients of `loss` with respect to `variables`, plus the L2 term, applied by Adam
   * (one {@link ADAM_STEP} kernel where the backend has it, the same arithmetic as ops elsewhere).
   * Returns the loss value (a scalar tensor the caller disposes).
   */
  step(loss: () => tf.Scalar, variables: tf.Variable[]): tf.Scalar {
    const { value, grads } = tf.variableGrads(loss, variables);
    const gradients = variables.map((variable) => {
      const grad = grads[variable.name];
      if (grad === undefined) throw new Error(`no gradient for variable ${variable.name}`);
      return grad;
    });
    if (this.firstMoments.length === 0) {
      this.firstMoments = variables.map((variable) => tf.zerosLike(variable));
      this.secondMoments = variables.map((variable) => tf.zerosLike(variable));
    }
    const attrs: AdamStepAttrs = {
      learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon,
      weightDecay: this.weightDecay, accBeta1: this.accBeta1, accBeta2: this.accBeta2,
    };
    const outputs = tf.getKernel(ADAM_STEP, tf.getBackend()) === undefined
      ? adamStepOps(variables, gradients, this.firstMoments, this.secondMoments, attrs)
      : tf.engine().runKernel(ADAM_STEP, adamStepInputs(variables, gradients, this.firstMoments, this.secondMoments), attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    tf.dispose([...this.firstMoments, ...this.secondMoments, ...gradients]);
    variables.forEach((variable, i) => {
      variable.assign(outputs[3 * i]!);
      outputs[3 * i]!.dispose();
    });
    this.firstMoments = variables.map((_, i) => outputs[3 * i + 1]!);
    this.secondMoments = variables.map((_, i) => outputs[3 * i + 2]!);
    this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(this.beta1));
    this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(this.beta2));
    this.iterations += 1;
    return value;
  }

  /** Adam's state now (copies). */
  state(): AdamState {
    const values = (moments: tf.Tensor[]) => moments.map((m) => Float32Array.from(m.dataSync()));
    return {
      iterations: this.iterations,
      accBeta1: this.accBeta1,
      accBeta2: this.accBeta2,
      firstMoments: values(this.firstMoments),
      secondMoments: values(this.secondMoments),
    };
  }

  /**
   * Puts back a state taken by {@link state} from an optimizer that stepped the same `variables`
   * (same order, same shapes), before this one has taken any step.
   *
   * @throws Error when the moments do not fit the variables.
   */
  restore(state: AdamState, variables: readonly tf.Variable[]): void {
    if (this.firstMoments.length > 0) throw new Error('restore: this optimizer has already taken steps');
    const fits = (moments: Float32Array[]) => moments.length === variables.length && moments.every((m, i) => m.length === variables[i]!.size);
    if (!fits(state.firstMoments) || !fits(state.secondMoments)) {
      throw new Error(`restore: the saved moments do not fit the model's ${variables.length} trainable variables`);
    }
    const tensors = (values: Float32Array[]) => values.map((m, i) => tf.tensor(m, variables[i]!.shape));
    this.firstMoments = tensors(state.firstMoments);
    this.secondMoments = tensors(state.secondMoments);
    this.accBeta1 = Math.fround(state.accBeta1);
    this.accBeta2 = Math.fround(state.accBeta2);
    this.iterations = state.iterations;
  }

  /** Frees Adam's moment estimates. */
  dispose(): void {
    tf.dispose([...this.firstMoments, ...this.secondMoments]);
    this.firstMoments = [];
    this.secondMoments = [];
  }
}
