/**
 * Memory-bound kernels of the training step in one SIMD pass each (../assembly/elementwise.ts), where
 * wasm's own take several or move data first:
 * - `Sum` over every axis but the last (each layer's bias gradient): wasm transposes the tensor
 *   so the reduced axes come last, then sums (~0.2 ms for a [128, 7, 7, 16] gradient).
 * - `Add` of a per-channel bias ([..., C] + [C]) or of one value: wasm's broadcasting loop
 *   (~0.4 ms for [128, 15, 15, 8]).
 * - ReLU's gradient, which tfjs computes as dy · cast(step(x)), three kernels with a copy
 *   for the cast: here one kernel, {@link RELU_GRAD}, which {@link registerReluGradient} makes
 *   ReLU's gradient use wherever it is registered.
 * Each returns `undefined` for what it does not cover, which the caller hands to wasm's kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import { simdKernels } from './simd-kernels';
import { type KernelArgs, type WasmBackend, heapAddress as address } from './wasm-backend';

/** `Sum` over all axes but the last, as per-channel column sums. */
export function sumSimd({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo | undefined {
  const x = inputs['x'];
  if (x == null || x.dtype !== 'float32' || x.shape.length < 2) return undefined;
  const { axis, keepDims } = attrs as unknown as tf.SumAttrs;
  const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
  const rank = x.shape.length;
  if (axes.length !== rank - 1 || axes.some((a, i) => a !== i)) return undefined;
  const channels = x.shape[rank - 1]!;
  const simd = simdKernels(backend);
  const out = (backend as WasmBackend).makeOutput(keepDims ? [...Array<number>(rank - 1).fill(1), channels] : [channels], 'float32');
  simd.columnSums({ x: address(backend, x), rows: tf.util.sizeFromShape(x.shape) / Math.max(channels, 1), channels, out: address(backend, out) });
  return out;
}

/** `Add` of a tensor [..., C] and a per-channel vector ([C], or [1, …, 1, C]) or a one-element tensor, in either order. */
export function addSimd({ inputs, backend }: KernelArgs): tf.TensorInfo | undefined {
  const { a, b } = inputs;
  if (a == null || b == null || a.dtype !== 'float32' || b.dtype !== 'float32') return undefined;
  const isBiasOf = (bias: tf.TensorInfo, x: tf.TensorInfo) => {
    const size = tf.util.sizeFromShape(bias.shape);
    return x.shape.length >= 1 && bias.shape.length <= x.shape.length && (size === 1 || (bias.shape.at(-1) === x.shape.at(-1) && size === x.shape.at(-1)));
  };
  const [x, bias] = isBiasOf(b, a) ? [a, b] : isBiasOf(a, b) ? [b, a] : [undefined, undefined];
  if (x === undefined || bias === undefined || tf.util.sizeFromShape(x.shape) === 0) return undefined;
  const channels = x.shape.at(-1)!;
  const simd = simdKernels(backend);
  const out = (backend as WasmBackend).makeOutput([...x.shape], 'float32');
  if (tf.util.sizeFromShape(bias.shape) === 1) {
    const value = (backend as WasmBackend).typedArrayFromHeap(bias)[0]!;
    simd.addScalar({ x: address(backend, x), n: tf.util.sizeFromShape(x.shape), value, y: address(backend, out) });
    return out;
  }
  simd.addBias({ x: address(backend, x), rows: tf.util.sizeFromShape(x.shape) / channels, channels, bias: address(backend, bias), y: address(backend, out) });
  return out;
}

/** dx = dy where x > 0, else 0 (inputs `dy`, `x`, same shape, float32). */
export const RELU_GRAD = 'ReluGrad';

function reluGradSimd({ inputs, backend }: KernelArgs): tf.TensorInfo {
  const { dy, x } = inputs;
  if (dy == null || x == null || dy.dtype !== 'float32' || x.dtype !== 'float32' || !tf.util.arraysEqual(dy.shape, x.shape)) {
    throw new Error(`${RELU_GRAD}: needs float32 inputs dy and x of one shape`);
  }
  const simd = simdKernels(backend);
  const out = (backend as WasmBackend).makeOutput([...x.shape], 'float32');
  simd.reluGrad({ dy: address(backend, dy), x: address(backend, x), n: tf.util.sizeFromShape(x.shape), dx: address(backend, out) });
  return out;
}

/**
 * Registers {@link RELU_GRAD} for wasm and makes ReLU's gradient use it where the active
 * backend has it (tfjs's dy · cast(step(x)) elsewhere; the two differ only in the sign of
 * zeros and where dy or x is not finite). Idempotent.
 */
export function registerReluGradient(): void {
  if (tf.getKernel(RELU_GRAD, 'wasm') === undefined) tf.registerKernel({ kernelName: RELU_GRAD, backendName: 'wasm', kernelFunc: reluGradSimd as unknown as tf.KernelFunc });
  tf.registerGradient({
    kernelName: tf.Relu,
    inputsToSave: ['x'],
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [x] = saved as [tf.Tensor];
      const upstream = dy as tf.Tensor;
      return {
        x: () => tf.getKernel(RELU_GRAD, tf.getBackend()) === undefined
          ? tf.mul(upstream, tf.cast(tf.step(x), 'float32'))
          : tf.engine().runKernel(RELU_GRAD, { dy: upstream, x }) as tf.Tensor,
      };
    },
  });
}
