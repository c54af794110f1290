/**
 * `BatchMatMul` of one product (batch 1, every layer's in the tutorial's model) on wasm as one
 * SIMD kernel (../assembly/matmul.ts), transposed operands included. wasm's own kernel runs XNNPACK, which creates an operator and packs B on
 * every call whose B is a new tensor (every call in training) and takes no transposed operand
 * (the replacement before this one transposed first, one more kernel each). This one sums every
 * output in XNNPACK's order, so the products are the same bits as wasm's own.
 */
import * as tf from '@tensorflow/tfjs-core';
import { simdKernels } from './simd-kernels';
import { type KernelArgs, type WasmBackend, heapAddress } from './wasm-backend';

/**
 * A · B, or `undefined` for what the SIMD kernel does not cover (dtypes other than float32, a
 * batch of several products), which the caller hands to the kernel it replaces.
 */
export function batchMatMulSimd(args: KernelArgs): tf.TensorInfo | undefined {
  const { a, b } = args.inputs;
  const { transposeA, transposeB } = (args.attrs ?? {}) as unknown as tf.BatchMatMulAttrs;
  if (a == null || b == null || a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return undefined;
  const m = transposeA ? a.shape.at(-1)! : a.shape.at(-2)!;
  const k = transposeA ? a.shape.at(-2)! : a.shape.at(-1)!;
  const n = transposeB ? b.shape.at(-2)! : b.shape.at(-1)!;
  if ((transposeB ? b.shape.at(-1)! : b.shape.at(-2)!) !== k) return undefined; // wasm's kernel names the mismatch
  // One product only: wasm's own kernel multiplies a batch of several in blocks of 48 along k
  // (partial sums added into the output), not through XNNPACK, so its bits differ from these.
  const batchShape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  if (tf.util.sizeFromShape(batchShape) !== 1) return undefined;
  const wasm = args.backend as WasmBackend;
  const simd = simdKernels(args.backend); // before any allocation: it throws on a broken module
  const out = wasm.makeOutput([...batchShape, m, n], 'float32');
  if (m * n === 0) return out;
  const packed = transposeB ? wasm.makeOutput([k * n], 'float32') : undefined;
  try {
    const address = (t: tf.TensorInfo) => heapAddress(args.backend, t);
    simd.matmul({
      a: address(a), b: address(b), c: address(out), packed: packed ? address(packed) : 0,
      m, k, n, transposeA: transposeA ? 1 : 0, transposeB: transposeB ? 1 : 0,
    });
  } finally {
    if (packed) wasm.disposeData(packed.dataId);
  }
  return out;
}
