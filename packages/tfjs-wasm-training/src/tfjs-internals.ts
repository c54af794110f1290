/**
 * What this package uses of TensorFlow.js that is not its documented API, each with a live
 * probe. tfjs 4.22 is pinned; a later version may move any of these, and `checkTfjsInternals`
 * (run by the package's tests) then names what moved instead of letting a kernel fail deep in a
 * training step.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** One thing this package relies on beyond tfjs's documented API. */
export interface TfjsInternal {
  /** What it is, e.g. `BackendWasm.wasm.asm.memory`. */
  what: string;
  /** The files of this package that use it. */
  usedBy: string;
  /** Why it is needed. */
  why: string;
}

/** The tfjs version every internal below was checked against. */
export const TFJS_VERSION = '4.22.0';

const WASM_METHODS = ['makeOutput', 'incRef', 'disposeData', 'typedArrayFromHeap'] as const;
const CONV_STATE = ['strides', 'padding', 'dataFormat', 'dilationRate', 'kernel', 'bias', 'activation'] as const;
const BATCH_NORM_STATE = ['axis', 'momentum', 'epsilon', 'center', 'scale', 'gamma', 'beta', 'movingMean', 'movingVariance'] as const;

/** Every internal this package touches. */
export const TFJS_INTERNALS: readonly TfjsInternal[] = Object.freeze([
  { what: 'BackendWasm.wasm.asm.memory', usedBy: 'wasm-backend.ts, simd-kernels.ts', why: 'the SIMD module imports the backend\'s own memory, so kernels work on tensors in place' },
  { what: `BackendWasm.${WASM_METHODS.join('/')}`, usedBy: 'all wasm kernels', why: 'allocating outputs and reading tensors on the wasm heap, as wasm\'s own kernels do' },
  { what: 'MathBackendCPU.data.get(dataId).values, makeTensorInfo', usedBy: 'adam-kernel.ts', why: 'the Adam step\'s cpu kernel' },
  { what: 'MathBackendCPU.firstUse', usedBy: 'select.ts', why: 'silences the cpu backend\'s "install tfjs-node" banner' },
  { what: 'Engine.makeTensorFromTensorInfo', usedBy: 'tensor-info.ts', why: 'the filled kernels run tf ops on kernel inputs' },
  { what: `Conv2D fields ${CONV_STATE.join(', ')}`, usedBy: 'layers/conv.ts', why: 'FastConv2D\'s training call reads the parent\'s configuration and weights' },
  { what: `BatchNormalization fields ${BATCH_NORM_STATE.join(', ')}`, usedBy: 'layers/batch-norm.ts', why: 'FastBatchNormalization\'s training call reads the parent\'s configuration and weights' },
  { what: 'Conv2D and BatchNormalization constructors via tfl.layers.*(…).constructor', usedBy: 'layers/conv.ts, layers/batch-norm.ts', why: 'tfjs-layers exports these classes as types only' },
]);

/** The backends to probe; by default the registered ones (wasm only once initialised). */
export interface InternalsProbe {
  wasm?: unknown;
  cpu?: unknown;
}

const isFunction = (value: unknown) => typeof value === 'function';
const field = (object: unknown, key: string): unknown => (object as Record<string, unknown> | null | undefined)?.[key];

/**
 * Probes every entry of {@link TFJS_INTERNALS} on the live objects; returns one line per entry
 * that is not where this package expects it (empty: all there). Call it with a backend active.
 * The wasm entries need wasm to be the active backend (`await tf.setBackend('wasm')`), or
 * `probe.wasm`; otherwise they are reported as unchecked (asking tfjs for an uninitialised wasm
 * backend would start initialising it).
 */
export function checkTfjsInternals(probe: InternalsProbe = {}): string[] {
  const active = tf.engine().backendName as string | null | undefined;
  if (active == null) return ['no backend is active: nothing was checked'];
  const problems: string[] = [];
  const versions = { 'tfjs-core': tf.version_core, 'tfjs-layers': tfl.version_layers };
  for (const [name, version] of Object.entries(versions)) {
    if (version !== TFJS_VERSION) problems.push(`${name} is ${version}; these internals were checked against ${TFJS_VERSION}`);
  }
  const wasm = 'wasm' in probe ? probe.wasm : active === 'wasm' ? tf.engine().backend : null;
  if (wasm == null) {
    problems.push('wasm backend: not active, so its internals are unchecked');
  } else {
    if (!(field(field(field(wasm, 'wasm'), 'asm'), 'memory') instanceof WebAssembly.Memory)) problems.push('BackendWasm.wasm.asm.memory is not a WebAssembly.Memory');
    for (const method of WASM_METHODS) if (!isFunction(field(wasm, method))) problems.push(`BackendWasm.${method} is not a method`);
  }
  const cpu = 'cpu' in probe ? probe.cpu : tf.findBackend('cpu');
  if (cpu != null) {
    if (!isFunction(field(field(cpu, 'data'), 'get'))) problems.push('MathBackendCPU.data.get is not a method');
    if (!isFunction(field(cpu, 'makeTensorInfo'))) problems.push('MathBackendCPU.makeTensorInfo is not a method');
    if (typeof field(cpu, 'firstUse') !== 'boolean') problems.push('MathBackendCPU.firstUse is not a boolean');
  }
  if (!isFunction(field(tf.engine(), 'makeTensorFromTensorInfo'))) problems.push('Engine.makeTensorFromTensorInfo is not a method');
  problems.push(...layerFields('Conv2D', tfl.layers.conv2d({ filters: 1, kernelSize: 1, inputShape: [2, 2, 1] }), CONV_STATE));
  problems.push(...layerFields('BatchNormalization', tfl.layers.batchNormalization({ inputShape: [2, 2, 1] }), BATCH_NORM_STATE));
  return problems;
}

/** The fields `names` a built layer lacks (built in a throwaway model, disposed after). */
function layerFields(className: string, layer: tfl.layers.Layer, names: readonly string[]): string[] {
  const model = tfl.sequential({ layers: [layer] });
  try {
    if (layer.getClassName() !== className) return [`tfl.layers factory for ${className} builds ${layer.getClassName()}`];
    return names.filter((name) => field(layer, name) === undefined).map((name) => `${className}.${name} is missing`);
  } finally {
    model.dispose();
  }
}
