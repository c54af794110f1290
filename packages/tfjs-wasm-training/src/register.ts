/**
 * The package's entry points for Node and the browser alike: register the training kernels, see
 * which are active, and make tfjs's deserializer build the training-path layers.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ADAM_STEP, registerAdamStepKernels } from './adam-kernel';
import { BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD, registerBatchNormWasmKernels } from './batch-norm-kernel';
import { FastBatchNormalization } from './layers/batch-norm';
import { FastConv2D } from './layers/conv';
import { RELU_GRAD, registerReluGradient } from './simd-small-kernels';
import { FAST_WASM_KERNELS, isFastWasmKernel, registerFastWasmKernels } from './wasm-fast-kernels';
import { FILLED_WASM_KERNELS, isFilledWasmKernel, registerFilledWasmKernels } from './wasm-kernels';

/** Kernels this package adds under names of its own (the step's own kernels, not tfjs ops). */
export const ADDED_KERNELS: readonly string[] = Object.freeze([ADAM_STEP, BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD, RELU_GRAD]);

/**
 * Registers every training kernel of this package with tfjs's kernel registry: the kernels
 * tfjs-backend-wasm 4.22 lacks ({@link FILLED_WASM_KERNELS}), faster versions of slow wasm kernels
 * ({@link FAST_WASM_KERNELS}), and the step's own kernels ({@link ADDED_KERNELS}: Adam with L2, the
 * BatchNorm training pass both ways, ReLU's gradient). Idempotent.
 *
 * Call it after `@tensorflow/tfjs-backend-wasm` is imported (it wraps that package's kernels) and
 * before training starts; tfjs-layers models then train with these kernels unchanged. The layers'
 * own faster training paths come with {@link registerTrainingLayers}.
 *
 * @throws Error when a wasm kernel it replaces is not registered (tfjs-backend-wasm not imported).
 */
export function registerTrainingKernels(): void {
  // Checked first, so that a failure registers nothing rather than some of the kernels.
  if (tf.getKernel('Slice', 'wasm') === undefined) throw new Error('registerTrainingKernels: the wasm kernels are not registered; import @tensorflow/tfjs-backend-wasm first');
  registerFilledWasmKernels();
  registerFastWasmKernels();
  registerBatchNormWasmKernels();
  registerReluGradient();
  registerAdamStepKernels();
}

/** Where a kernel that is active on a backend comes from. */
export type KernelSource = 'filled' | 'faster' | 'added';

/** One of this package's kernels as the registry holds it now. */
export interface ActiveKernel {
  kernelName: string;
  /** `filled`: missing from tfjs-backend-wasm; `faster`: replaces wasm's own; `added`: a kernel of this package's own. */
  source: KernelSource;
}

/**
 * Which of this package's kernels the registry holds for `backendName` (default: the active
 * backend; none is active: empty), in a fixed order. Empty before {@link registerTrainingKernels}
 * and on backends without them (tfjs-node; the cpu backend has the Adam step only).
 */
export function activeTrainingKernels(backendName: string | null = activeBackendName()): ActiveKernel[] {
  if (backendName === null) return [];
  const ours = (kernelName: string, source: KernelSource, isOurs: (kernelFunc: tf.KernelFunc) => boolean): ActiveKernel[] => {
    const config = tf.getKernel(kernelName, backendName);
    return config !== undefined && isOurs(config.kernelFunc) ? [{ kernelName, source }] : [];
  };
  return [
    ...FILLED_WASM_KERNELS.flatMap((name) => ours(name, 'filled', isFilledWasmKernel)),
    ...FAST_WASM_KERNELS.flatMap((name) => ours(name, 'faster', isFastWasmKernel)),
    ...ADDED_KERNELS.flatMap((name) => ours(name, 'added', () => true)),
  ];
}

/** The active backend's name, or null: unlike `tf.getBackend()`, this never initialises one. */
function activeBackendName(): string | null {
  return (tf.engine().backendName as string | null | undefined) ?? null;
}

let layersRegistered = false;

/**
 * Makes tfjs's deserializer build {@link FastConv2D} and {@link FastBatchNormalization} for
 * saved `Conv2D` and `BatchNormalization` layers (they serialize under those names), so that a
 * loaded model trains on the faster paths too. Idempotent.
 */
export function registerTrainingLayers(): void {
  if (layersRegistered) return;
  tf.serialization.registerClass(FastBatchNormalization);
  tf.serialization.registerClass(FastConv2D);
  layersRegistered = true;
}
