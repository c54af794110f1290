/**
 * `Conv2DBackpropInput` on wasm as one SIMD kernel (../assembly/conv-input-grad.ts): every conv
 * layer's input gradient and every `conv2dTranspose`'s forward pass, summed straight from dy and
 * the filter where they lie in the heap. It replaced a sub-pixel form (one XNNPACK conv over a
 * rearranged filter, then a JavaScript gather); what it does not cover goes to wasm's own kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import { simdKernels } from './simd-kernels';
import { type KernelArgs, type WasmBackend, heapAddress } from './wasm-backend';

/**
 * dx, or `undefined` for what the SIMD kernel does not cover (NCHW, dtypes other than
 * float32), which the caller hands to the kernel it replaces.
 */
export function conv2DBackpropInputSimd(args: KernelArgs): tf.TensorInfo | undefined {
  const { dy, filter } = args.inputs;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = (args.attrs ?? {}) as unknown as tf.Conv2DBackpropInputAttrs;
  if (dy == null || filter == null || dy.dtype !== 'float32' || filter.dtype !== 'float32' || (dataFormat != null && dataFormat !== 'NHWC')) return undefined;
  const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth } = info;
  if (!tf.util.arraysEqual(dy.shape, [batchSize, outHeight, outWidth, outChannels])) {
    throw new Error(`wasm Conv2DBackpropInput: dy ${dy.shape} does not fit inputShape ${inputShape} and filter ${filter.shape}`);
  }
  const wasm = args.backend as WasmBackend;
  const simd = simdKernels(args.backend); // before any allocation: it throws on a broken module
  const out = wasm.makeOutput([...inputShape], 'float32');
  const temps: tf.TensorInfo[] = [];
  const temp = (shape: number[]) => {
    const info = wasm.makeOutput(shape, 'float32');
    temps.push(info);
    return info;
  };
  try {
    const address = (tensor: tf.TensorInfo) => heapAddress(args.backend, tensor);
    const geometry = {
      batch: batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels,
      filterHeight, filterWidth, strideHeight: info.strideHeight, strideWidth: info.strideWidth, top: info.padInfo.top, left: info.padInfo.left,
    };
    const taps = filterHeight * filterWidth;
    if (inChannels < 4) {
      // The filter as [ci, co, taps rounded up to 4] (zeros after the last tap), and a product per dy pixel and tap.
      const roundedTaps = Math.ceil(taps / 4) * 4;
      const tapFilter = temp([inChannels, outChannels, roundedTaps]);
      const scratch = temp([batchSize * outHeight * outWidth, roundedTaps]);
      const w = wasm.typedArrayFromHeap(filter) as Float32Array;
      const t = wasm.typedArrayFromHeap(tapFilter) as Float32Array;
      t.fill(0);
      for (let tap = 0; tap < taps; tap++) {
        for (let ci = 0; ci < inChannels; ci++) {
          for (let co = 0; co < outChannels; co++) t[(ci * outChannels + co) * roundedTaps + tap] = w[(tap * inChannels + ci) * outChannels + co]!;
        }
      }
      simd.conv2dInputGradFewChannels({ dy: address(dy), tapFilter: address(tapFilter), scratch: address(scratch), dx: address(out), ...geometry });
    } else {
      // The filter as [kh, kw, co, ci]: the SIMD loop reads input channels contiguously.
      const transposed = temp([filterHeight, filterWidth, outChannels, inChannels]);
      const w = wasm.typedArrayFromHeap(filter) as Float32Array;
      const t = wasm.typedArrayFromHeap(transposed) as Float32Array;
      for (let tap = 0; tap < taps; tap++) {
        const base = tap * inChannels * outChannels;
        for (let ci = 0; ci < inChannels; ci++) {
          for (let co = 0; co < outChannels; co++) t[base + co * inChannels + ci] = w[base + ci * outChannels + co]!;
        }
      }
      simd.conv2dInputGrad({ dy: address(dy), filter: address(filter), filterT: address(transposed), dx: address(out), ...geometry });
    }
  } finally {
    for (const info of temps) wasm.disposeData(info.dataId);
  }
  return out;
}
