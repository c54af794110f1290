/**
 * Batch normalization in training mode as two wasm kernels (SIMD, ../assembly/batch-norm.ts):
 * {@link BATCH_NORM_TRAINING} (statistics and output in one call) and
 * {@link BATCH_NORM_TRAINING_GRAD} (its closed-form gradient in one call).
 *
 * As tfjs ops, a training step of one BatchNorm layer is ~20 kernels, and wasm runs each of the
 * six per-channel reductions over a channels-last tensor by transposing it first: ~2 ms a layer
 * at the autoencoder's shapes. These read the tensor in place, a few passes in all.
 * `batchNormTraining` (./layers/batch-norm.ts) uses them where they are registered and the ops
 * elsewhere.
 */
import * as tf from '@tensorflow/tfjs-core';
import { simdKernels } from './simd-kernels';
import { type KernelArgs, type WasmBackend, float32Inputs, heapAddress } from './wasm-backend';

/** Inputs `x` [..., C], `gamma`, `beta` [C]; attr `epsilon`; outputs `y` (x's shape), batch `mean` and biased `variance` [C]. */
export const BATCH_NORM_TRAINING = 'BatchNormTraining';
/** Inputs `dy`, `x`, `mean`, `variance`, `gamma`; attr `epsilon`; outputs `dx`, `dGamma`, `dBeta`. */
export const BATCH_NORM_TRAINING_GRAD = 'BatchNormTrainingGrad';

/** Rows and channels of a channels-last tensor, checking that every per-channel input has C values. */
function rowsAndChannels(kernelName: string, x: tf.TensorInfo, perChannel: tf.TensorInfo[]): [number, number] {
  const channels = x.shape.at(-1) ?? 1;
  if (perChannel.some((t) => tf.util.sizeFromShape(t.shape) !== channels)) throw new Error(`${kernelName}: per-channel inputs must have ${channels} values`);
  return [tf.util.sizeFromShape(x.shape) / channels, channels];
}

function batchNormTraining({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo[] {
  const [x, gamma, beta] = float32Inputs(BATCH_NORM_TRAINING, inputs, ['x', 'gamma', 'beta']) as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
  const [rows, channels] = rowsAndChannels(BATCH_NORM_TRAINING, x, [gamma, beta]);
  const wasm = backend as WasmBackend;
  const simd = simdKernels(backend);
  const outputs = [wasm.makeOutput(x.shape, 'float32'), wasm.makeOutput([channels], 'float32'), wasm.makeOutput([channels], 'float32')] as const;
  const address = (info: tf.TensorInfo) => heapAddress(backend, info);
  const [y, mean, variance] = outputs.map(address) as [number, number, number];
  simd.batchNormMoments({ x: address(x), rows, channels, mean, variance });
  simd.batchNormApply({ x: address(x), rows, channels, mean, variance, gamma: address(gamma), beta: address(beta), epsilon: Math.fround(attrs!['epsilon'] as number), y });
  return [...outputs];
}

function batchNormTrainingGrad({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo[] {
  const [dy, x, mean, variance, gamma] = float32Inputs(BATCH_NORM_TRAINING_GRAD, inputs, ['dy', 'x', 'mean', 'variance', 'gamma']) as
    [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
  const [rows, channels] = rowsAndChannels(BATCH_NORM_TRAINING_GRAD, x, [mean, variance, gamma]);
  if (!tf.util.arraysEqual(dy.shape, x.shape)) throw new Error(`${BATCH_NORM_TRAINING_GRAD}: dy and x differ in shape`);
  const wasm = backend as WasmBackend;
  const simd = simdKernels(backend);
  const outputs = [wasm.makeOutput(x.shape, 'float32'), wasm.makeOutput(gamma.shape, 'float32'), wasm.makeOutput(gamma.shape, 'float32')] as const;
  const address = (info: tf.TensorInfo) => heapAddress(backend, info);
  simd.batchNormGrad({
    dy: address(dy), x: address(x), rows, channels, mean: address(mean), variance: address(variance), gamma: address(gamma),
    epsilon: Math.fround(attrs!['epsilon'] as number), dx: address(outputs[0]), dGamma: address(outputs[1]), dBeta: address(outputs[2]),
  });
  return [...outputs];
}

/** Registers both kernels for the wasm backend (idempotent). */
export function registerBatchNormWasmKernels(): void {
  for (const [kernelName, kernelFunc] of [[BATCH_NORM_TRAINING, batchNormTraining], [BATCH_NORM_TRAINING_GRAD, batchNormTrainingGrad]] as const) {
    if (tf.getKernel(kernelName, 'wasm') === undefined) tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  }
}
