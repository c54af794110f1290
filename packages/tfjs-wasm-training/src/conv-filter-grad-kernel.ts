/**
 * `Conv2DBackpropFilter` on wasm as one SIMD kernel (../assembly/conv-filter-grad.ts): the filter
 * gradient summed straight from x and dy where they lie in the heap. The filled kernel
 * (./wasm-kernels.ts) builds it from wasm's own kernels instead: two transposes, a slice, and an
 * XNNPACK convolution whose "filter" is dy (a new tensor every step, so XNNPACK packs it anew
 * each call) and whose "batch" is the input channels; at the autoencoder's shapes that cost
 * ~2 ms a layer, for ~0.5–7 MFLOP each.
 */
import * as tf from '@tensorflow/tfjs-core';
import { simdKernels } from './simd-kernels';
import { type KernelArgs, type WasmBackend, heapAddress } from './wasm-backend';

/**
 * The filter gradient, or `undefined` for what the SIMD kernel does not cover (NCHW, dilation
 * other than 1, dtypes other than float32), which the caller hands to the filled kernel.
 */
export function conv2DBackpropFilterSimd(args: KernelArgs): tf.TensorInfo | undefined {
  const { x, dy } = args.inputs;
  const attrs = (args.attrs ?? {}) as unknown as tf.Conv2DBackpropFilterAttrs & { dilations?: number | [number, number] };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  const dilations = attrs.dilations ?? 1;
  if (x == null || dy == null || x.dtype !== 'float32' || dy.dtype !== 'float32') return undefined;
  if ((dataFormat != null && dataFormat !== 'NHWC') || (typeof dilations === 'number' ? [dilations] : dilations).some((d) => d !== 1)) return undefined;
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const [batch, outHeight, outWidth, outChannels] = dy.shape as [number, number, number, number];
  if (info.outHeight !== outHeight || info.outWidth !== outWidth || info.batchSize !== batch || info.outChannels !== outChannels) {
    throw new Error(`wasm Conv2DBackpropFilter: shapes disagree: x ${x.shape}, dy ${dy.shape}, filterShape ${filterShape}`);
  }
  const wasm = args.backend as WasmBackend;
  const simd = simdKernels(args.backend); // before any allocation: it throws on a broken module
  const out = wasm.makeOutput([...filterShape], 'float32');
  // Scratch for the kernel: each output position's offset into x (one int32 per dy pixel).
  const offsets = wasm.makeOutput([batch * outHeight * outWidth], 'int32');
  try {
    const address = (t: tf.TensorInfo) => heapAddress(args.backend, t);
    simd.conv2dFilterGrad({
      x: address(x), dy: address(dy), dw: address(out), offsets: address(offsets),
      batch, inHeight: info.inHeight, inWidth: info.inWidth, inChannels: info.inChannels, outHeight, outWidth, outChannels,
      filterHeight: info.filterHeight, filterWidth: info.filterWidth, strideHeight: info.strideHeight, strideWidth: info.strideWidth,
      top: info.padInfo.top, left: info.padInfo.left,
    });
  } finally {
    wasm.disposeData(offsets.dataId);
  }
  return out;
}
