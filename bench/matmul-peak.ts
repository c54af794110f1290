/**
 * The wasm backend's matrix-multiply rate on one core: a 512×512×512 float32 matmul (XNNPACK,
 * 128-bit wasm SIMD), the "peak" that `bench:gemm` compares with PyTorch and `bench:profile`
 * measures each kernel against. Assumes the backend is already selected.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The size of the square matmul timed. */
export const MATMUL_SIZE = 512;

/** Milliseconds per `MATMUL_SIZE`³ matmul on the active backend, the mean of `repeats` after 3 warm-ups. */
export function timeSquareMatmul(repeats = 30): number {
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
