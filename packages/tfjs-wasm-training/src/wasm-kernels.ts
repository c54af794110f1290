/**
 * Kernels that `@tensorflow/tfjs-backend-wasm` 4.22 lacks but that training
 * on the wasm backend needs, composed from wasm's own kernels.
 *
 * Filled kernels and why:
 *
 * - `Conv2DBackpropFilter`: the filter gradient of `conv2d` AND of
 *   `conv2dTranspose` (tfjs issue #8474). Without it every `tf.variableGrads`
 *   over a model with a conv layer throws "Kernel 'Conv2DBackpropFilter' not
 *   registered for backend 'wasm'".
 * - `UnsortedSegmentSum`: the gradient of `tf.gather` (GatherV2) is an
 *   unsorted segment sum. The autoencoder does not gather under a tape, but
 *   the fill is three ops and makes gather-based losses/embeddings trainable.
 *
 * How they were found: a throwaway probe trained small tfjs-layers models on
 * wasm (conv2d valid/same s1/s2 + zeroPadding2d, conv2dTranspose valid/same
 * s2, cropping2d, batchNormalization in training mode, maxPooling2d,
 * upSampling2d, dense, relu, sigmoid, rescaling, flatten/reshape, MSE,
 * `tf.variableGrads` + Adam `applyGradients`) plus ~40 raw ops under
 * `tf.grad`, recording every kernel name the engine dispatched and which of
 * them had no wasm registration. Only the two above were missing.
 *
 * Deliberately NOT filled:
 * - `DepthwiseConv2dNativeBackpropFilter/Input` (depthwise/separable conv
 *   gradients): unused by these models, and no cheap composition exists.
 * - `tf.maxPoolWithArgmax`, `tf.depthToSpace`, `tf.stridedSlice` have no
 *   gradient function in tfjs-core itself, so they fail identically on cpu;
 *   that is not a wasm gap and a kernel cannot fix it. Their forward kernels
 *   exist on wasm.
 *
 * Every fill runs `tf.*` ops while wasm is the active backend, so the work is
 * done by wasm's (XNNPACK) kernels, never by the cpu backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { asTensor } from './tensor-info';

/** Names of the kernels {@link registerFilledWasmKernels} adds to the wasm backend. */
export const FILLED_WASM_KERNELS: readonly string[] = Object.freeze([
  'Conv2DBackpropFilter',
  'UnsortedSegmentSum',
]);

type Attrs = tf.NamedAttrMap;

/**
 * Runs `body` under `tf.tidy`, then frees any temporary input handles. The
 * returned Tensor is a valid kernel output: the engine passes through
 * objects that already are Tensors (they carry `rank`).
 */
function runFill(
  inputs: tf.NamedTensorInfoMap,
  body: (t: Record<string, tf.Tensor>) => tf.Tensor,
): tf.Tensor {
  const temps: tf.Tensor[] = [];
  try {
    const tensors: Record<string, tf.Tensor> = {};
    for (const [k, v] of Object.entries(inputs)) {
      if (v != null) tensors[k] = asTensor(v, temps);
    }
    return tf.tidy(() => body(tensors));
  } finally {
    for (const t of temps) t.dispose();
  }
}

/**
 * Filter gradient of a 2-D convolution as ONE forward conv2d:
 *
 *   dW[kh,kw,ci,co] = sum_{b,oh,ow} xPad[b, oh*s + kh, ow*s + kw, ci] * dy[b,oh,ow,co]
 *
 * is a conv2d whose "batch" is ci (x transposed to [ci, H, W, B], so the
 * reduction over b becomes the channel reduction), whose filter is dy
 * transposed to [OH, OW, B, co], with dilation = the forward stride and
 * stride 1. The result [ci, KH, KW, co] is transposed to [KH, KW, ci, co].
 */
function conv2DBackpropFilter(args: {
  inputs: tf.NamedTensorInfoMap;
  attrs?: Attrs;
}): tf.TensorInfo {
  const attrs = (args.attrs ?? {}) as unknown as tf.Conv2DBackpropFilterAttrs & {
    dilations?: number | [number, number];
  };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  if (dataFormat != null && dataFormat !== 'NHWC') {
    throw new Error(
      `wasm Conv2DBackpropFilter (filled): dataFormat '${dataFormat}' is not supported; use 'NHWC'.`,
    );
  }
  const dil = attrs.dilations ?? 1;
  if ((typeof dil === 'number' ? [dil, dil] : dil).some((d) => d !== 1)) {
    throw new Error(
      `wasm Conv2DBackpropFilter (filled): forward dilations ${JSON.stringify(dil)} are not supported; only 1.`,
    );
  }

  return runFill(args.inputs, ({ x, dy }) => {
    if (x === undefined || dy === undefined) {
      throw new Error('wasm Conv2DBackpropFilter (filled): inputs x and dy are required.');
    }
    const x4 = x as tf.Tensor4D;
    const dy4 = dy as tf.Tensor4D;
    const [kh, kw, ci, co] = filterShape;
    // computeConv2DInfo resolves 'same'/'valid'/number/explicit padding and the
    // rounding mode exactly as the forward op did; we only need top/left.
    const info = tf.backend_util.computeConv2DInfo(
      x4.shape, filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast',
    );
    const [, H, W] = x4.shape;
    const [, oh, ow] = dy4.shape;
    if (info.outHeight !== oh || info.outWidth !== ow || x4.shape[3] !== ci || dy4.shape[3] !== co) {
      throw new Error(
        `wasm Conv2DBackpropFilter (filled): shapes disagree: x ${x4.shape}, dy ${dy4.shape}, ` +
          `filterShape ${filterShape}, expected dy spatial ${info.outHeight}x${info.outWidth}.`,
      );
    }
    const { top, left } = info.padInfo;
    const sh = info.strideHeight;
    const sw = info.strideWidth;
    // Bottom/right padding is NOT copied from the forward op: we pad exactly
    // as much as the last tap (oh-1)*s + kh-1 needs, so the conv emits exactly
    // kh x kw rows/cols. When the forward geometry leaves unused rows at the
    // bottom (e.g. 'valid', or stride 2 over an odd padded size) this value
    // is negative and those rows are cropped from x instead; padding to the
    // forward amount and cropping the output would compute up to ~80% more.
    const bottom = (oh - 1) * sh + kh - top - H;
    const right = (ow - 1) * sw + kw - left - W;
    let xs = x4;
    if (bottom < 0 || right < 0) {
      xs = tf.slice(x4, [0, 0, 0, 0], [-1, H + Math.min(bottom, 0), W + Math.min(right, 0), -1]);
    }
    const xT = tf.transpose(xs, [3, 1, 2, 0]); // [ci, H', W', B]
    const dyT = tf.transpose(dy4, [1, 2, 0, 3]); // [oh, ow, B, co]
    const padding: tf.backend_util.ExplicitPadding = [
      [0, 0], [top, Math.max(bottom, 0)], [left, Math.max(right, 0)], [0, 0],
    ];
    const g = tf.conv2d(xT, dyT, 1, padding, 'NHWC', [sh, sw]); // [ci, kh, kw, co]
    return tf.transpose(g, [1, 2, 0, 3]);
  });
}

/**
 * out[s, ...rest] = sum over i with ids[i] == s of x[i, ...rest], as
 * oneHot(ids)^T @ x. Ids outside [0, numSegments) get an all-zero one-hot
 * row, so they are dropped exactly like the reference kernels drop them.
 */
function unsortedSegmentSum(args: { inputs: tf.NamedTensorInfoMap; attrs?: Attrs }): tf.TensorInfo {
  const { numSegments } = (args.attrs ?? {}) as unknown as tf.UnsortedSegmentSumAttrs;
  return runFill(args.inputs, ({ x, segmentIds }) => {
    if (x === undefined || segmentIds === undefined) {
      throw new Error('wasm UnsortedSegmentSum (filled): inputs x and segmentIds are required.');
    }
    const n = segmentIds.size;
    const rest = x.shape.slice(segmentIds.rank);
    const xf = x.dtype === 'float32' ? x : tf.cast(x, 'float32');
    const x2 = tf.reshape(xf, [n, -1]) as tf.Tensor2D;
    const ids = tf.reshape(tf.cast(segmentIds, 'int32'), [n]) as tf.Tensor1D;
    const oneHot = tf.cast(tf.oneHot(ids, numSegments), 'float32') as tf.Tensor2D;
    const sums = tf.matMul(oneHot, x2, true, false); // [numSegments, prod(rest)]
    const out = tf.reshape(sums, [numSegments, ...rest]);
    return x.dtype === 'float32' ? out : tf.cast(out, x.dtype);
  });
}

const FILLS: Record<string, tf.KernelFunc> = {
  Conv2DBackpropFilter: conv2DBackpropFilter as unknown as tf.KernelFunc,
  UnsortedSegmentSum: unsortedSegmentSum as unknown as tf.KernelFunc,
};

/**
 * Registers the kernels listed in {@link FILLED_WASM_KERNELS} for backend
 * `'wasm'`. Idempotent: a kernel already present (registered by an earlier
 * call, or by a future tfjs-backend-wasm that ships it natively) is left
 * alone, since `tf.registerKernel` warns and replaces on duplicates.
 * Registration does not need the wasm backend to be initialised yet.
 */
export function registerFilledWasmKernels(): void {
  for (const kernelName of FILLED_WASM_KERNELS) {
    if (tf.getKernel(kernelName, 'wasm') !== undefined) continue;
    const kernelFunc = FILLS[kernelName];
    if (kernelFunc === undefined) throw new Error(`no fill for wasm kernel ${kernelName}`);
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
  }
}

/** Whether `kernelFunc` is one of the fills above (for `activeTrainingKernels`). */
export function isFilledWasmKernel(kernelFunc: tf.KernelFunc): boolean {
  return Object.values(FILLS).includes(kernelFunc);
}
