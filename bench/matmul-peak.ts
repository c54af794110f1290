/**
 * The wasm backend's matrix-multiply rate on one core: a 512×512×512 float32 matmul, by XNNPACK
 * (wasm's own `BatchMatMul`, 128-bit wasm SIMD) or by the kernel registered now (this project's,
 * once tfjs-wasm-training's kernels are registered). XNNPACK's is the yardstick that `bench:gemm`
 * compares with PyTorch and `bench:profile` measures each kernel against. Assumes the backend is
 * already selected.
 */
import * as tf from '@tensorflow/tfjs-core';
import { registerTrainingKernels, unregisterFastWasmKernels } from 'tfjs-wasm-training';

/** The size of the square matmul timed. */
export const MATMUL_SIZE = 512;

/**
 * Milliseconds per `MATMUL_SIZE`³ matmul on the active backend, the mean of `repeats` after 3
 * warm-ups; with `xnnpack`, by wasm's own kernel (this project's are put back afterwards).
 */
export function timeSquareMatmul(repeats = 30, { xnnpack = false } = {}): number {
  if (xnnpack && tf.getBackend() !== 'wasm') throw new Error('timeSquareMatmul: xnnpack needs the wasm backend');
  if (xnnpack) unregisterFastWasmKernels();
  try {
    return timeMatmul(repeats);
  } finally {
    if (xnnpack) registerTrainingKernels();
  }
}

function timeMatmul(repeats: number): number {
  const a = tf.randomNormal([MATMUL_SIZE, MATMUL_SIZE], 0, 1, 'float32', 1);
  const multiply = (): void => {
    const product = tf.matMul(a, a);
    product.dataSync();
    product.dispose();
  };
  for (let i = 0; i < 3; i++) multiply();
  const started = performance.now();
  for (let i = 0; i < repeats; i++) multiply();
  const ms = (performance.now() - started) / repeats;
  a.dispose();
  return ms;
}

/** Multiply-accumulates per second, in billions, of a `MATMUL_SIZE`³ matmul taking `ms`. */
export function matmulGmacPerSecond(ms: number): number {
  return MATMUL_SIZE ** 3 / ms / 1e6;
}
