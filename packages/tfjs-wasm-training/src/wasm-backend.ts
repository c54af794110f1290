/**
 * What this project's kernels use of tfjs-backend-wasm's `BackendWasm` (public methods only),
 * the arguments tfjs passes a kernel, and the check of a kernel's named float32 inputs: the one
 * home of each.
 */
import type * as tf from '@tensorflow/tfjs-core';

/** A tensor's data as a view of the wasm heap. */
export type HeapArray = Float32Array | Int32Array | Uint8Array;

/** The part of tfjs-backend-wasm's backend the kernels call. */
export interface WasmBackend {
  /** Allocates an output on the wasm heap. Growing the heap invalidates earlier views. */
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  /** Counts one more owner of a buffer (what `Reshape` does to share it). */
  incRef(dataId: tf.DataId): void;
  /** Drops one owner of a buffer, freeing it with the last. */
  disposeData(dataId: tf.DataId): boolean;
  /** A view (no copy) of a tensor's data on the wasm heap. */
  typedArrayFromHeap(info: tf.TensorInfo): HeapArray;
}

/** What tfjs passes a kernel function. */
export interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  attrs?: tf.NamedAttrMap;
  backend: unknown;
}

/** A tensor's byte offset in the wasm heap: the pointer the SIMD kernels take. */
export function heapAddress(backend: unknown, info: tf.TensorInfo): number {
  return (backend as WasmBackend).typedArrayFromHeap(info).byteOffset;
}

/** The named float32 inputs of `kernelName`, or an error naming the one that is missing or not float32. */
export function float32Inputs(kernelName: string, inputs: tf.NamedTensorInfoMap, names: readonly string[]): tf.TensorInfo[] {
  return names.map((name) => {
    const info = inputs[name];
    if (info == null) throw new Error(`${kernelName}: input ${name} is missing`);
    if (info.dtype !== 'float32') throw new Error(`${kernelName}: input ${name} is ${info.dtype}, not float32`);
    return info;
  });
}

/** The part of tfjs-backend-wasm's backend that holds its Emscripten module (not public API). */
interface WasmBackendModule {
  wasm?: { asm?: { memory?: unknown } };
}

/**
 * The `WebAssembly.Memory` of a tfjs-backend-wasm backend: `backend.wasm.asm.memory`, which 4.22
 * does not document (listed in ./tfjs-internals.ts).
 *
 * @throws Error when it is not there.
 */
export function backendMemory(backend: unknown): WebAssembly.Memory {
  const memory = (backend as WasmBackendModule).wasm?.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) throw new Error('SIMD kernels: the wasm backend does not expose its memory (wasm.asm.memory)');
  return memory;
}
