/**
 * Backend selection for the autoencoder tutorial: picks tfjs-node, wasm or
 * cpu, fills the kernels wasm lacks for training, and describes the choice.
 */
export { selectBackend, backendInfo, backendFromEnv, silenceCpuBackendBanner, BACKEND_ENV } from './select';
export type { BackendName, BackendInfo, SelectBackendOptions } from './select';
export { registerFilledWasmKernels, FILLED_WASM_KERNELS } from './wasm-kernels';
export { registerFastWasmKernels, unregisterFastWasmKernels, FAST_WASM_KERNELS } from './wasm-fast-kernels';
