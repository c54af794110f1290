/**
 * tfjs-wasm-training for Node: everything of the main entry point, plus backend selection
 * (tfjs-node when installed, else wasm with this package's kernels, else cpu).
 */
export * from './index';
export { selectBackend, backendInfo, silenceCpuBackendBanner, BACKEND_CHOICES } from './select';
export type { BackendName, BackendInfo, SelectBackendOptions } from './select';
