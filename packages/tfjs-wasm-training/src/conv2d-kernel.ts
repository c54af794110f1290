/**
 * `Conv2D` without padding on wasm as one SIMD kernel (../assembly/conv2d.ts): a matrix product
 * over output pixels, four at a time, reading x in place through a table of offsets. The
 * tutorial's convolutions have no padding of their own (ZeroPadding2D pads first), so this runs
 * every forward convolution of a training step. wasm's own kernel creates an XNNPACK operator
 * per call whose filter is a new tensor (every call in training); at one input channel it ran
 * at a third of XNNPACK's matmul rate. Sums are in XNNPACK's order: the same bits.
 */
import * as tf from '@tensorflow/tfjs-core';
import { simdKernels } from './simd-kernels';
import { type KernelArgs, type WasmBackend, heapAddress } from './wasm-backend';

/**
 * y, or `undefined` for what the SIMD kernel does not cover (padding, NCHW, dilation other than
 * 1, dtypes other than float32), which the caller hands to the kernel it replaces.
 */
export function conv2DSimd(args: KernelArgs): tf.TensorInfo | undefined {
  const { x, filter } = args.inputs;
  const { strides, pad, dataFormat, dilations, dimRoundingMode } = (args.attrs ?? {}) as unknown as tf.Conv2DAttrs;
  if (x == null || filter == null || x.dtype !== 'float32' || filter.dtype !== 'float32' || (dataFormat != null && dataFormat !== 'NHWC')) return undefined;
  if ((typeof dilations === 'number' ? [dilations] : dilations ?? [1]).some((d) => d !== 1)) return undefined;
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode);
  const { padInfo } = info;
  if (padInfo.top !== 0 || padInfo.left !== 0 || padInfo.bottom !== 0 || padInfo.right !== 0) return undefined;
  // Every tap of every output pixel inside x (true of 'valid'; checked for explicit zeros too).
  if ((info.outHeight - 1) * info.strideHeight + info.filterHeight > info.inHeight || (info.outWidth - 1) * info.strideWidth + info.filterWidth > info.inWidth) return undefined;
  const wasm = args.backend as WasmBackend;
  const simd = simdKernels(args.backend); // before any allocation: it throws on a broken module
  const out = wasm.makeOutput([...info.outShape], 'float32');
  const pixels = info.batchSize * info.outHeight * info.outWidth;
  if (pixels * info.outChannels === 0) return out;
  // Scratch: where each output pixel's receptive field starts in x, then each (kh, kw, ci) from there.
  const offsets = wasm.makeOutput([pixels + info.filterHeight * info.filterWidth * info.inChannels], 'int32');
  try {
    const address = (t: tf.TensorInfo) => heapAddress(args.backend, t);
    simd.conv2dValid({
      x: address(x), filter: address(filter), y: address(out), offsets: address(offsets),
      batch: info.batchSize, inHeight: info.inHeight, inWidth: info.inWidth, inChannels: info.inChannels,
      outHeight: info.outHeight, outWidth: info.outWidth, outChannels: info.outChannels,
      filterHeight: info.filterHeight, filterWidth: info.filterWidth, strideHeight: info.strideHeight, strideWidth: info.strideWidth,
    });
  } finally {
    wasm.disposeData(offsets.dataId);
  }
  return out;
}
