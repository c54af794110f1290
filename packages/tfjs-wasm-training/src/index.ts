/**
 * tfjs-wasm-training: training kernels for TensorFlow.js's wasm backend, for Node and the
 * browser. This entry point imports nothing from Node; `tfjs-wasm-training/node` adds backend
 * selection for Node processes.
 *
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-wasm';
 * import { registerTrainingKernels, registerTrainingLayers } from 'tfjs-wasm-training';
 * registerTrainingKernels();
 * registerTrainingLayers();
 * await tf.setBackend('wasm');
 * ```
 */
export { registerTrainingKernels, registerTrainingLayers, activeTrainingKernels, ADDED_KERNELS } from './register';
export type { ActiveKernel, KernelSource } from './register';
export { FILLED_WASM_KERNELS } from './wasm-kernels';
export { FAST_WASM_KERNELS, unregisterFastWasmKernels } from './wasm-fast-kernels';
export { FastConv2D } from './layers/conv';
export { FastBatchNormalization, batchNormTraining } from './layers/batch-norm';
export { ADAM_STEP, adamStepInputs, adamStepOps, adamStepValues, registerAdamStepKernels } from './adam-kernel';
export type { AdamStepAttrs } from './adam-kernel';
export { BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD } from './batch-norm-kernel';
export { RELU_GRAD } from './simd-small-kernels';
export { TFJS_INTERNALS, TFJS_VERSION, checkTfjsInternals } from './tfjs-internals';
export type { TfjsInternal, InternalsProbe } from './tfjs-internals';
