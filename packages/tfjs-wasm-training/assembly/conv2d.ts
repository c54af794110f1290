/**
 * The forward pass of a 2-D convolution without padding (NHWC, dilation 1; every tap inside x),
 * as a matrix product whose rows are output pixels and whose inner index k runs over
 * (kh, kw, ci):
 *
 *   y[p, co] = Σ_k x[pixel p's corner + offset of k] · W[k, co]
 *
 * `offsets` (scratch, one u32 per output pixel and then one per k) holds where each pixel's
 * receptive field starts in x and where each k lies from there, so one loop walks k for any
 * filter size. Four pixels and eight output channels go at a time (eight accumulators): each W
 * vector loaded feeds four pixels. Each output is one float32 sum from zero in (kh, kw, ci)
 * order, XNNPACK's order, so the results are the bits of wasm's own `Conv2D`. Pointers are byte
 * offsets into tfjs-backend-wasm's heap.
 */
export function conv2dValid(
  x: usize, filter: usize, y: usize, offsets: usize,
  batch: i32, inHeight: i32, inWidth: i32, inChannels: i32,
  outHeight: i32, outWidth: i32, outChannels: i32,
  filterHeight: i32, filterWidth: i32, strideHeight: i32, strideWidth: i32,
): void {
  const pixels = batch * outHeight * outWidth;
  let at = offsets;
  for (let b = 0; b < batch; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++, at += 4) store<u32>(at, (((b * inHeight + oh * strideHeight) * inWidth + ow * strideWidth) * inChannels) << 2);
    }
  }
  const innerOffsets = at;
  for (let kh = 0; kh < filterHeight; kh++) {
    for (let kw = 0; kw < filterWidth; kw++) {
      for (let ci = 0; ci < inChannels; ci++, at += 4) store<u32>(at, ((kh * inWidth + kw) * inChannels + ci) << 2);
    }
  }
  const innerEnd = at;
  const wRow = (<usize>outChannels) << 2;
  let co = 0;
  for (; co + 8 <= outChannels; co += 8) {
    let p = 0;
    for (; p + 4 <= pixels; p += 4) {
      const pp = offsets + ((<usize>p) << 2);
      const x0 = x + <usize>load<u32>(pp);
      const x1 = x + <usize>load<u32>(pp, 4);
      const x2 = x + <usize>load<u32>(pp, 8);
      const x3 = x + <usize>load<u32>(pp, 12);
      let a0 = f32x4.splat(0);
      let a1 = f32x4.splat(0);
      let b0 = f32x4.splat(0);
      let b1 = f32x4.splat(0);
      let c0 = f32x4.splat(0);
      let c1 = f32x4.splat(0);
      let d0 = f32x4.splat(0);
      let d1 = f32x4.splat(0);
      let wp = filter + ((<usize>co) << 2);
      for (let kp = innerOffsets; kp < innerEnd; kp += 4, wp += wRow) {
        const k = <usize>load<u32>(kp);
        const w0 = v128.load(wp);
        const w1 = v128.load(wp, 16);
        let v = v128.load32_splat(x0 + k);
        a0 = f32x4.add(a0, f32x4.mul(v, w0));
        a1 = f32x4.add(a1, f32x4.mul(v, w1));
        v = v128.load32_splat(x1 + k);
        b0 = f32x4.add(b0, f32x4.mul(v, w0));
        b1 = f32x4.add(b1, f32x4.mul(v, w1));
        v = v128.load32_splat(x2 + k);
        c0 = f32x4.add(c0, f32x4.mul(v, w0));
        c1 = f32x4.add(c1, f32x4.mul(v, w1));
        v = v128.load32_splat(x3 + k);
        d0 = f32x4.add(d0, f32x4.mul(v, w0));
        d1 = f32x4.add(d1, f32x4.mul(v, w1));
      }
      const out = y + ((<usize>(p * outChannels + co)) << 2);
      v128.store(out, a0);
      v128.store(out, a1, 16);
      v128.store(out + wRow, b0);
      v128.store(out + wRow, b1, 16);
      v128.store(out + 2 * wRow, c0);
      v128.store(out + 2 * wRow, c1, 16);
      v128.store(out + 3 * wRow, d0);
      v128.store(out + 3 * wRow, d1, 16);
    }
    for (; p < pixels; p++) {
      const x0 = x + <usize>load<u32>(offsets + ((<usize>p) << 2));
      let a0 = f32x4.splat(0);
      let a1 = f32x4.splat(0);
      let wp = filter + ((<usize>co) << 2);
      for (let kp = innerOffsets; kp < innerEnd; kp += 4, wp += wRow) {
        const v = v128.load32_splat(x0 + <usize>load<u32>(kp));
        a0 = f32x4.add(a0, f32x4.mul(v, v128.load(wp)));
        a1 = f32x4.add(a1, f32x4.mul(v, v128.load(wp, 16)));
      }
      const out = y + ((<usize>(p * outChannels + co)) << 2);
      v128.store(out, a0);
      v128.store(out, a1, 16);
    }
  }
  for (; co + 4 <= outChannels; co += 4) {
    for (let p = 0; p < pixels; p++) {
      const x0 = x + <usize>load<u32>(offsets + ((<usize>p) << 2));
      let a0 = f32x4.splat(0);
      let wp = filter + ((<usize>co) << 2);
      for (let kp = innerOffsets; kp < innerEnd; kp += 4, wp += wRow) a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(x0 + <usize>load<u32>(kp)), v128.load(wp)));
      v128.store(y + ((<usize>(p * outChannels + co)) << 2), a0);
    }
  }
  for (; co < outChannels; co++) {
    for (let p = 0; p < pixels; p++) {
      const x0 = x + <usize>load<u32>(offsets + ((<usize>p) << 2));
      let sum: f32 = 0;
      let wp = filter + ((<usize>co) << 2);
      for (let kp = innerOffsets; kp < innerEnd; kp += 4, wp += wRow) sum += load<f32>(x0 + <usize>load<u32>(kp)) * load<f32>(wp);
      store<f32>(y + ((<usize>(p * outChannels + co)) << 2), sum);
    }
  }
}
