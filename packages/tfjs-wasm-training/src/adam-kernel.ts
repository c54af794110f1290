/**
 * One kernel for a whole Adam step: the coupled L2 term and Adam's update of every trainable
 * variable and both moment estimates, in one pass over each variable's values.
 *
 * Written as TensorFlow.js ops (what tfjs's own `AdamOptimizer` does) a step of the tutorial's
 * model launched ~470 kernels for 26 variables: ~15 elementwise ops and their scalars per
 * variable, each a separate pass over memory with the engine's bookkeeping around it. Here it
 * is one kernel launch; its JavaScript loop rounds after every operation (`Math.fround` of a
 * float64 +, −, ×, ÷ or √ is exactly float32's result), in the order tfjs's Adam applies them,
 * so the numbers are the ones the op-by-op form gives, bit for bit.
 *
 * Registered for the wasm backend (the same loop in wasm SIMD, ../assembly/adam.ts, on the tensors
 * where they lie in the wasm heap) and the cpu backend (this loop); other backends (tfjs-node) run the same arithmetic as ops ({@link adamStepOps}).
 */
import * as tf from '@tensorflow/tfjs-core';
import { simdKernels } from './simd-kernels';
import { type KernelArgs, type WasmBackend, float32Inputs, heapAddress } from './wasm-backend';

/** The kernel's name in tfjs's registry. */
export const ADAM_STEP = 'AdamWithL2Step';

/** Hyper-parameters of one step, and the bias corrections as Adam has accumulated them. */
export interface AdamStepAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Coupled L2 coefficient: `g ← g + λ·θ` before the moments (0: none). */
  weightDecay: number;
  /** β₁ᵗ and β₂ᵗ as float32 values (t = steps taken + 1). */
  accBeta1: number;
  accBeta2: number;
}

/** The step's inputs for variable i are named `x{i}` (values), `g{i}` (gradient), `m{i}` and `v{i}` (moments). */
export function adamStepInputs(values: readonly tf.Tensor[], grads: readonly tf.Tensor[], first: readonly tf.Tensor[], second: readonly tf.Tensor[]): tf.NamedTensorMap {
  const inputs: tf.NamedTensorMap = {};
  values.forEach((x, i) => {
    inputs[`x${i}`] = x;
    inputs[`g${i}`] = grads[i]!;
    inputs[`m${i}`] = first[i]!;
    inputs[`v${i}`] = second[i]!;
  });
  return inputs;
}

/**
 * One variable's update over plain arrays: writes the new values and moments to `out*`
 * (which may not alias the inputs).
 */
export function adamStepValues(
  x: ArrayLike<number>, g: ArrayLike<number>, m: ArrayLike<number>, v: ArrayLike<number>,
  outX: Float32Array, outM: Float32Array, outV: Float32Array, attrs: AdamStepAttrs,
): void {
  const f = Math.fround;
  const decay = f(attrs.weightDecay);
  const beta1 = f(attrs.beta1);
  const beta2 = f(attrs.beta2);
  const oneMinusBeta1 = f(1 - attrs.beta1);
  const oneMinusBeta2 = f(1 - attrs.beta2);
  const correction1 = f(1 - attrs.accBeta1);
  const correction2 = f(1 - attrs.accBeta2);
  const epsilon = f(attrs.epsilon);
  const step = f(-attrs.learningRate);
  for (let i = 0; i < outX.length; i++) {
    const xi = x[i]!;
    const gi = attrs.weightDecay === 0 ? g[i]! : f(g[i]! + f(xi * decay));
    const mi = f(f(m[i]! * beta1) + f(gi * oneMinusBeta1));
    const vi = f(f(v[i]! * beta2) + f(f(gi * gi) * oneMinusBeta2));
    outM[i] = mi;
    outV[i] = vi;
    const mHat = f(mi / correction1);
    const vHat = f(vi / correction2);
    outX[i] = f(f(f(mHat / f(f(Math.sqrt(vHat)) + epsilon)) * step) + xi);
  }
}

/**
 * The same step as tfjs ops, for backends without the kernel. Returns, per variable, the new
 * values and moments (tensors the caller owns).
 */
export function adamStepOps(values: readonly tf.Tensor[], grads: readonly tf.Tensor[], first: readonly tf.Tensor[], second: readonly tf.Tensor[], attrs: AdamStepAttrs): tf.Tensor[] {
  return tf.tidy(() => {
    const correction1 = tf.scalar(Math.fround(1 - attrs.accBeta1));
    const correction2 = tf.scalar(Math.fround(1 - attrs.accBeta2));
    return values.flatMap((x, i) => {
      const g = attrs.weightDecay === 0 ? grads[i]! : tf.add(grads[i]!, tf.mul(x, attrs.weightDecay));
      const m = tf.add(tf.mul(first[i]!, attrs.beta1), tf.mul(g, 1 - attrs.beta1));
      const v = tf.add(tf.mul(second[i]!, attrs.beta2), tf.mul(tf.square(g), 1 - attrs.beta2));
      const mHat = tf.div(m, correction1);
      const vHat = tf.div(v, correction2);
      const next = tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), attrs.epsilon)), -attrs.learningRate), x);
      return [next, m, v];
    });
  });
}

/** The part of the cpu backend the kernel uses. */
interface CpuBackend {
  data: { get(dataId: tf.DataId): { values: ArrayLike<number> } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

/** The variables of a step's inputs, checked: float32, gradient and moments shaped like the values. */
function stepVariables(inputs: tf.NamedTensorInfoMap): { x: tf.TensorInfo; g: tf.TensorInfo; m: tf.TensorInfo; v: tf.TensorInfo }[] {
  const count = Object.keys(inputs).length / 4;
  if (!Number.isInteger(count)) throw new Error(`${ADAM_STEP}: expected inputs x, g, m, v for every variable`);
  return Array.from({ length: count }, (_, i) => {
    const [x, g, m, v] = float32Inputs(ADAM_STEP, inputs, [`x${i}`, `g${i}`, `m${i}`, `v${i}`]) as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
    const size = tf.util.sizeFromShape(x.shape);
    for (const other of [g, m, v]) {
      if (tf.util.sizeFromShape(other.shape) !== size) throw new Error(`${ADAM_STEP}: variable ${i} has inputs of different sizes`);
    }
    return { x, g, m, v };
  });
}

function wasmAdamStep({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo[] {
  const wasm = backend as WasmBackend;
  const simd = simdKernels(backend);
  const a = attrs as unknown as AdamStepAttrs;
  const f = Math.fround;
  const variables = stepVariables(inputs);
  // All outputs first: an allocation may grow the heap, which detaches earlier views.
  const outputs = variables.flatMap(({ x }) => [wasm.makeOutput(x.shape, 'float32'), wasm.makeOutput(x.shape, 'float32'), wasm.makeOutput(x.shape, 'float32')]);
  const address = (info: tf.TensorInfo) => heapAddress(backend, info);
  variables.forEach(({ x, g, m, v }, i) => {
    simd.adamStep({
      x: address(x), g: address(g), m: address(m), v: address(v),
      outX: address(outputs[3 * i]!), outM: address(outputs[3 * i + 1]!), outV: address(outputs[3 * i + 2]!),
      n: tf.util.sizeFromShape(x.shape), decay: f(a.weightDecay), beta1: f(a.beta1), oneMinusBeta1: f(1 - a.beta1), beta2: f(a.beta2), oneMinusBeta2: f(1 - a.beta2),
      correction1: f(1 - a.accBeta1), correction2: f(1 - a.accBeta2), epsilon: f(a.epsilon), step: f(-a.learningRate),
    });
  });
  return outputs;
}

function cpuAdamStep({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo[] {
  const cpu = backend as CpuBackend;
  return stepVariables(inputs).flatMap(({ x, g, m, v }) => {
    const size = tf.util.sizeFromShape(x.shape);
    const [outX, outM, outV] = [new Float32Array(size), new Float32Array(size), new Float32Array(size)];
    const values = (info: tf.TensorInfo) => cpu.data.get(info.dataId).values;
    adamStepValues(values(x), values(g), values(m), values(v), outX, outM, outV, attrs as unknown as AdamStepAttrs);
    return [cpu.makeTensorInfo(x.shape, 'float32', outX), cpu.makeTensorInfo(x.shape, 'float32', outM), cpu.makeTensorInfo(x.shape, 'float32', outV)];
  });
}

const KERNELS: Record<string, (args: KernelArgs) => tf.TensorInfo[]> = { wasm: wasmAdamStep, cpu: cpuAdamStep };

/** Registers {@link ADAM_STEP} for the wasm and cpu backends (idempotent). */
export function registerAdamStepKernels(): void {
  for (const [backendName, kernelFunc] of Object.entries(KERNELS)) {
    if (tf.getKernel(ADAM_STEP, backendName) === undefined) {
      tf.registerKernel({ kernelName: ADAM_STEP, backendName, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
    }
  }
}
