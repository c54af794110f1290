/**
 * Faster replacements for kernels that `@tensorflow/tfjs-backend-wasm` 4.22 HAS but runs
 * slowly at the autoencoder's shapes. Each was found with `tf.profile` of one training step
 * (`npm run bench:profile`) and is tested against the cpu backend; what each fixes, with its
 * cost in that profile:
 * - `Slice` (Cropping2D and the gradient of ZeroPadding2D): wasm's JS loop copies one
 *   innermost row per `subarray().set()`, i.e. one call per pixel when channels = 1
 *   (7 calls, 26 ms). Here trailing whole dimensions are merged first, so each copy moves
 *   a full image row; and a contiguous slice is one copy from a heap view, where wasm
 *   first copies the whole input out of the heap.
 * - `Tile` (BatchNorm's gradient tiles a [1,1,1,C] tensor to the activation's shape):
 *   wasm's generic C++ loop computes an index per element (3 calls, 16 ms). Here the
 *   first copy is written once and doubled with `copyWithin`.
 * - `BatchMatMul` (every Dense layer, forward and gradients): wasm's transposed paths are ~10×
 *   slower than its plain one (4.2 vs 0.37 ms at 128×288×128), and the plain one creates an
 *   XNNPACK operator for every new B. A single product runs as one SIMD kernel
 *   (./matmul-kernel.ts, XNNPACK's bits); a batch of several transposes explicitly (wasm's
 *   `Transpose`), then runs wasm's plain path.
 * - `Conv2D` without padding (every forward convolution of the tutorial's model, which pads with
 *   ZeroPadding2D first): one SIMD kernel (./conv2d-kernel.ts, XNNPACK's bits).
 * - `Conv2DBackpropInput` (conv input gradients and every `conv2dTranspose`): wasm runs a
 *   direct nested loop (6 calls, 32 ms). ./conv-input-grad-kernel.ts sums it in SIMD. (An
 *   earlier replacement, one XNNPACK conv in sub-pixel form plus a JavaScript gather, took
 *   ~9 ms a step; this one ~4.)
 * - `PadV2` (ZeroPadding2D and the gradient of Cropping2D): wasm's generic C++ loop, ~1.5 ms
 *   for a [128,28,28,1] batch. Here: fill, then copy whole input rows (trailing unpadded
 *   dimensions merged), like `Slice`.
 * - `Conv2DBackpropFilter` (every conv's filter gradient): the fill in ./wasm-kernels.ts,
 *   composed of wasm's kernels, took ~2 ms a layer; ./conv-filter-grad-kernel.ts sums it in
 *   one SIMD pass.
 * - `Sum` over leading axes (bias gradients) and `Add` of a per-channel bias: one SIMD pass
 *   each (./simd-small-kernels.ts).
 * - `Identity` (the engine clones every tensor it saves for the backward pass): wasm copies
 *   the data (141 calls, ~2.5 ms a step); the cpu backend shares it by reference count,
 *   which is what this does (wasm tensors are immutable; `Variable.assign` swaps buffers).
 *
 * All keep the original kernel for the cases they do not speed up (string tensors, plain
 * matmuls, NCHW), by calling it directly. Tried and dropped, slower in a real training step:
 * `Sum`/`Mean` over leading axes as JavaScript column sums, and as ones·x matrix products
 * (fast in isolation only because XNNPACK caches the packed operand of a repeated tensor).
 */
import * as tf from '@tensorflow/tfjs-core';
import { conv2DBackpropFilterSimd } from './conv-filter-grad-kernel';
import { conv2DBackpropInputSimd } from './conv-input-grad-kernel';
import { conv2DSimd } from './conv2d-kernel';
import { batchMatMulSimd } from './matmul-kernel';
import { simdKernels } from './simd-kernels';
import { addSimd, sumSimd } from './simd-small-kernels';
import { asTensor } from './tensor-info';
import type { HeapArray, KernelArgs, WasmBackend } from './wasm-backend';

/** The kernels {@link registerFastWasmKernels} replaces on the wasm backend. */
export const FAST_WASM_KERNELS: readonly string[] = Object.freeze(['Slice', 'Tile', 'BatchMatMul', 'Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'Identity', 'PadV2', 'Sum', 'Add']);

const originals = new Map<string, tf.KernelFunc>();

function original(kernelName: string, args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const kernelFunc = originals.get(kernelName);
  if (kernelFunc === undefined) throw new Error(`wasm ${kernelName}: the original kernel is not registered`);
  return kernelFunc(args as Parameters<tf.KernelFunc>[0]);
}

function input(args: KernelArgs, name: string, kernelName: string): tf.TensorInfo {
  const info = args.inputs[name];
  if (info == null) throw new Error(`wasm ${kernelName} (fast): input ${name} is required.`);
  return info;
}

/** Copies `length` elements; a plain loop beats `subarray().set()` for short runs. */
function copyRun(from: HeapArray, fromOffset: number, to: HeapArray, toOffset: number, length: number): void {
  if (length >= 64) {
    to.set(from.subarray(fromOffset, fromOffset + length), toOffset);
    return;
  }
  for (let i = 0; i < length; i++) to[toOffset + i] = from[fromOffset + i]!;
}

/**
 * Calls `visit(row, offset)` for every index of the `counts` grid in row-major order, with the
 * offset `base + Σ index[d]·strides[d]` kept up to date incrementally (an odometer).
 */
function forEachRow(counts: readonly number[], strides: readonly number[], base: number, visit: (row: number, offset: number) => void): void {
  const rows = counts.reduce((a, b) => a * b, 1);
  const index = new Array<number>(counts.length).fill(0);
  let offset = base;
  for (let row = 0; row < rows; row++) {
    visit(row, offset);
    for (let d = counts.length - 1; d >= 0; d--) {
      index[d]! += 1;
      offset += strides[d]!;
      if (index[d]! < counts[d]!) break;
      offset -= index[d]! * strides[d]!;
      index[d] = 0;
    }
  }
}

/**
 * Copies `run` elements per index of the `counts` grid (up to three outer dimensions, element
 * strides on either side) in one SIMD-module call, one `memory.copy` per run. Returns false,
 * copying nothing, for more outer dimensions or elements that are not 4 bytes.
 */
function copyRunsInHeap(
  backend: unknown, from: HeapArray, fromBase: number, fromStrides: readonly number[],
  to: HeapArray, toBase: number, toStrides: readonly number[], counts: readonly number[], run: number,
): boolean {
  if (counts.length > 3 || from.BYTES_PER_ELEMENT !== 4 || to.BYTES_PER_ELEMENT !== 4) return false;
  const pad = 3 - counts.length;
  const grid = [...Array<number>(pad).fill(1), ...counts];
  const bytes = (strides: readonly number[]) => [...Array<number>(pad).fill(0), ...strides.map((stride) => stride * 4)];
  const [f0, f1, f2] = bytes(fromStrides) as [number, number, number];
  const [t0, t1, t2] = bytes(toStrides) as [number, number, number];
  simdKernels(backend).copyRuns({
    from: from.byteOffset + fromBase * 4, to: to.byteOffset + toBase * 4, runBytes: run * 4, count0: grid[0]!, count1: grid[1]!, count2: grid[2]!,
    fromStride0: f0, fromStride1: f1, fromStride2: f2, toStride0: t0, toStride1: t1, toStride2: t2,
  });
  return true;
}

/** Row-major element strides of a grid whose innermost cell holds `run` elements. */
function packedStrides(counts: readonly number[], run: number): number[] {
  const strides = new Array<number>(counts.length);
  for (let d = counts.length - 1, stride = run; d >= 0; d--) {
    strides[d] = stride;
    stride *= counts[d]!;
  }
  return strides;
}

function slice(args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const x = input(args, 'x', 'Slice');
  const { begin, size } = args.attrs as unknown as tf.SliceAttrs;
  const [start, extent] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size);
  if (x.dtype === 'string') return original('Slice', args);
  const backend = args.backend as WasmBackend;
  const strides = tf.util.computeStrides(x.shape);
  if (x.shape.length < 2 || tf.slice_util.isSliceContinous(x.shape, start, extent)) {
    // One block copy (wasm first copies the WHOLE input out of the heap: 26 slices of the
    // optimizer's flat parameter vector cost 3 ms that way).
    const out = backend.makeOutput(extent, x.dtype);
    const offset = tf.slice_util.computeFlatOffset(start, strides);
    const size = extent.reduce((a, b) => a * b, 1);
    backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(x).subarray(offset, offset + size));
    return out;
  }
  strides.push(1);
  // Merge trailing dimensions taken whole into one contiguous run.
  let dim = x.shape.length - 1;
  let run = 1;
  while (dim > 0 && start[dim] === 0 && extent[dim] === x.shape[dim]) {
    run *= x.shape[dim]!;
    dim -= 1;
  }
  run *= extent[dim]!;
  const out = backend.makeOutput(extent, x.dtype);
  const from = backend.typedArrayFromHeap(x);
  const to = backend.typedArrayFromHeap(out);
  const baseOffset = start.reduce((sum, s, i) => sum + s * strides[i]!, 0);
  const counts = extent.slice(0, dim);
  if (!copyRunsInHeap(args.backend, from, baseOffset, strides.slice(0, dim), to, 0, packedStrides(counts, run), counts, run)) {
    forEachRow(counts, strides, baseOffset, (row, fromOffset) => copyRun(from, fromOffset, to, row * run, run));
  }
  return out;
}

/** Repeats `to[offset, offset + block)` until `count` blocks are there, doubling each time. */
function replicate(to: HeapArray, offset: number, block: number, count: number): void {
  const total = block * count;
  for (let filled = block; filled < total; ) {
    const n = Math.min(filled, total - filled);
    to.copyWithin(offset + filled, offset, offset + n);
    filled += n;
  }
}

function tile(args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const x = input(args, 'x', 'Tile');
  const { reps } = args.attrs as unknown as tf.TileAttrs;
  const rank = x.shape.length;
  if (x.dtype === 'string' || rank === 0) return original('Tile', args);
  const outShape = x.shape.map((n, i) => n * reps[i]!);
  const backend = args.backend as WasmBackend;
  const out = backend.makeOutput(outShape, x.dtype);
  if (outShape.includes(0)) return out;
  const from = backend.typedArrayFromHeap(x);
  const to = backend.typedArrayFromHeap(out);
  const inStrides = [...tf.util.computeStrides(x.shape), 1];
  const outStrides = [...tf.util.computeStrides(outShape), 1];
  const fill = (d: number, fromOffset: number, toOffset: number): void => {
    if (d === rank - 1) {
      copyRun(from, fromOffset, to, toOffset, x.shape[d]!);
    } else {
      for (let i = 0; i < x.shape[d]!; i++) fill(d + 1, fromOffset + i * inStrides[d]!, toOffset + i * outStrides[d]!);
    }
    replicate(to, toOffset, x.shape[d]! * outStrides[d]!, reps[d]!);
  };
  fill(0, 0, 0);
  return out;
}

/** Swaps the last two axes. */
function transposeLast2(t: tf.Tensor): tf.Tensor {
  const perm = t.shape.map((_, i) => i);
  perm.push(...perm.splice(-2).reverse());
  return tf.transpose(t, perm);
}

function batchMatMul(args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
  if (!transposeA && !transposeB) return original('BatchMatMul', args);
  const a = input(args, 'a', 'BatchMatMul');
  const b = input(args, 'b', 'BatchMatMul');
  const temps: tf.Tensor[] = [];
  const aT = transposeA ? transposeLast2(asTensor(a, temps)) : a;
  const bT = transposeB ? transposeLast2(asTensor(b, temps)) : b;
  try {
    return original('BatchMatMul', { ...args, inputs: { a: aT, b: bT }, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
  } finally {
    if (aT !== a) (aT as tf.Tensor).dispose();
    if (bT !== b) (bT as tf.Tensor).dispose();
    tf.dispose(temps);
  }
}

function padV2(args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const x = input(args, 'x', 'PadV2');
  const { paddings, constantValue } = args.attrs as unknown as tf.PadV2Attrs;
  const rank = x.shape.length;
  if (x.dtype === 'string' || rank === 0) return original('PadV2', args);
  const outShape = x.shape.map((n, d) => paddings[d]![0] + n + paddings[d]![1]);
  const backend = args.backend as WasmBackend;
  const out = backend.makeOutput(outShape, x.dtype);
  const to = backend.typedArrayFromHeap(out);
  to.fill(constantValue);
  if (x.shape.includes(0)) return out;
  const from = backend.typedArrayFromHeap(x);
  const outStrides = [...tf.util.computeStrides(outShape), 1];
  // Trailing dimensions without padding are contiguous in both: merge them into one run.
  let dim = rank - 1;
  while (dim > 0 && paddings[dim]![0] === 0 && paddings[dim]![1] === 0) dim -= 1;
  const run = x.shape.slice(dim).reduce((a, b) => a * b, 1);
  const baseOffset = paddings.reduce((sum, [before], d) => sum + before * outStrides[d]!, 0);
  const counts = x.shape.slice(0, dim);
  if (!copyRunsInHeap(args.backend, from, 0, packedStrides(counts, run), to, baseOffset, outStrides.slice(0, dim), counts, run)) {
    forEachRow(counts, outStrides, baseOffset, (row, toOffset) => copyRun(from, row * run, to, toOffset, run));
  }
  return out;
}

function identity(args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const x = input(args, 'x', 'Identity');
  if (x.dtype === 'string') return original('Identity', args);
  (args.backend as WasmBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

const REPLACEMENTS: Record<string, (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[]> = {
  Slice: slice,
  Tile: tile,
  BatchMatMul: (args) => batchMatMulSimd(args) ?? batchMatMul(args),
  Conv2D: (args) => conv2DSimd(args) ?? original('Conv2D', args),
  Conv2DBackpropInput: (args) => conv2DBackpropInputSimd(args) ?? original('Conv2DBackpropInput', args),
  Conv2DBackpropFilter: (args) => conv2DBackpropFilterSimd(args) ?? original('Conv2DBackpropFilter', args),
  Identity: identity,
  PadV2: padV2,
  Sum: (args) => sumSimd(args) ?? original('Sum', args),
  Add: (args) => addSimd(args) ?? original('Add', args),
};

/**
 * Replaces the kernels in {@link FAST_WASM_KERNELS} on the wasm backend by the faster
 * versions above, keeping each original (and its setup function, which binds wasm
 * functions at backend initialisation) for the cases a replacement hands back.
 * Idempotent. Must run after tfjs-backend-wasm is imported and before the backend
 * is initialised.
 */
export function registerFastWasmKernels(): void {
  for (const kernelName of FAST_WASM_KERNELS) {
    if (originals.has(kernelName)) continue;
    const config = tf.getKernel(kernelName, 'wasm');
    if (config === undefined) throw new Error(`wasm kernel ${kernelName} is not registered; is @tensorflow/tfjs-backend-wasm loaded?`);
    originals.set(kernelName, config.kernelFunc);
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ ...config, kernelFunc: REPLACEMENTS[kernelName] as unknown as tf.KernelFunc });
  }
}

/** Whether `kernelFunc` is one of the replacements above (for `activeTrainingKernels`). */
export function isFastWasmKernel(kernelFunc: tf.KernelFunc): boolean {
  return Object.values(REPLACEMENTS).includes(kernelFunc as unknown as (typeof REPLACEMENTS)[string]);
}

/** Puts wasm's own kernels back (for side-by-side tests and benchmarks). */
export function unregisterFastWasmKernels(): void {
  for (const [kernelName, kernelFunc] of originals) {
    const config = tf.getKernel(kernelName, 'wasm');
    if (config === undefined) continue;
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ ...config, kernelFunc });
  }
  originals.clear();
}
