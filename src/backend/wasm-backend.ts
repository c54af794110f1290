/**
 * What this project's wasm kernels use of tfjs-backend-wasm's `BackendWasm` (public methods
 * only), and the arguments tfjs passes a kernel: the one home of both.
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
