/**
 * The input gradient of a 2-D convolution (NHWC, dilation 1), which is also the forward pass of
 * a transposed convolution:
 *
 *   dx[b, i, j, ci] = Σ_{kh, kw, co} dy[b, oh, ow, co] · W[kh, kw, ci, co]
 *
 * over the taps with i + top − kh = oh·sh and j + left − kw = ow·sw for an (oh, ow) inside dy.
 * Columns are visited phase by phase (j + left ≡ p mod sw), so a pixel's taps and their dy
 * columns follow by addition, with no division per pixel. Input channels go four to a lane group
 * (up to sixteen in registers), reading the filter transposed to [kh, kw, co, ci] (`filterT`,
 * which the caller provides); channels beyond a multiple of four are done one at a time, four
 * output channels to a lane group, from the filter as it is (`filter`). Every dx element is
 * written, zero where no tap reaches it. Pointers are byte offsets into tfjs-backend-wasm's heap.
 */
export function conv2dInputGrad(
  dy: usize, filter: usize, filterT: usize, dx: usize,
  batch: i32, inHeight: i32, inWidth: i32, inChannels: i32,
  outHeight: i32, outWidth: i32, outChannels: i32,
  filterHeight: i32, filterWidth: i32, strideHeight: i32, strideWidth: i32, top: i32, left: i32,
): void {
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < inHeight; i++) {
      const khFirst = (i + top) % strideHeight;
      const ohFirst = (i + top - khFirst) / strideHeight;
      for (let phase = 0; phase < strideWidth; phase++) {
        // The first column of this phase: j + left ≡ phase (mod sw), j ≥ 0.
        let j = phase - left;
        if (j < 0) j += ((-j + strideWidth - 1) / strideWidth) * strideWidth;
        for (let owFirst = (j + left - phase) / strideWidth; j < inWidth; j += strideWidth, owFirst++) {
          const out = dx + ((<usize>(((b * inHeight + i) * inWidth + j) * inChannels)) << 2);
          pixel(dy, filter, filterT, out, b, inChannels, outHeight, outWidth, outChannels,
            filterHeight, filterWidth, strideHeight, strideWidth, khFirst, ohFirst, phase, owFirst);
        }
      }
    }
  }
}

/** One dx pixel: all its channels, from the taps (khFirst + u·sh, ohFirst − u) × (kwFirst + v·sw, owFirst − v). */
// @ts-ignore: AssemblyScript's inline decorator
@inline function pixel(
  dy: usize, filter: usize, filterT: usize, out: usize, b: i32, inChannels: i32,
  outHeight: i32, outWidth: i32, outChannels: i32, filterHeight: i32, filterWidth: i32, strideHeight: i32, strideWidth: i32,
  khFirst: i32, ohFirst: i32, kwFirst: i32, owFirst: i32,
): void {
  const tapBytes = (<usize>(outChannels * inChannels)) << 2; // one (kh, kw) of filterT, or of filter
  const filterTRow = (<usize>inChannels) << 2; // one co of filterT
  let ci = 0;
  for (; ci + 16 <= inChannels; ci += 16) {
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let a2 = f32x4.splat(0);
    let a3 = f32x4.splat(0);
    for (let kh = khFirst, oh = ohFirst; kh < filterHeight && oh >= 0; kh += strideHeight, oh--) {
      if (oh >= outHeight) continue;
      for (let kw = kwFirst, ow = owFirst; kw < filterWidth && ow >= 0; kw += strideWidth, ow--) {
        if (ow >= outWidth) continue;
        let dp = dy + ((<usize>(((b * outHeight + oh) * outWidth + ow) * outChannels)) << 2);
        let wp = filterT + (<usize>(kh * filterWidth + kw)) * tapBytes + ((<usize>ci) << 2);
        for (let co = 0; co < outChannels; co++, dp += 4, wp += filterTRow) {
          const d = v128.load32_splat(dp);
          a0 = f32x4.add(a0, f32x4.mul(d, v128.load(wp)));
          a1 = f32x4.add(a1, f32x4.mul(d, v128.load(wp, 16)));
          a2 = f32x4.add(a2, f32x4.mul(d, v128.load(wp, 32)));
          a3 = f32x4.add(a3, f32x4.mul(d, v128.load(wp, 48)));
        }
      }
    }
    const at = out + ((<usize>ci) << 2);
    v128.store(at, a0);
    v128.store(at, a1, 16);
    v128.store(at, a2, 32);
    v128.store(at, a3, 48);
  }
  for (; ci + 8 <= inChannels; ci += 8) {
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    for (let kh = khFirst, oh = ohFirst; kh < filterHeight && oh >= 0; kh += strideHeight, oh--) {
      if (oh >= outHeight) continue;
      for (let kw = kwFirst, ow = owFirst; kw < filterWidth && ow >= 0; kw += strideWidth, ow--) {
        if (ow >= outWidth) continue;
        let dp = dy + ((<usize>(((b * outHeight + oh) * outWidth + ow) * outChannels)) << 2);
        let wp = filterT + (<usize>(kh * filterWidth + kw)) * tapBytes + ((<usize>ci) << 2);
        for (let co = 0; co < outChannels; co++, dp += 4, wp += filterTRow) {
          const d = v128.load32_splat(dp);
          a0 = f32x4.add(a0, f32x4.mul(d, v128.load(wp)));
          a1 = f32x4.add(a1, f32x4.mul(d, v128.load(wp, 16)));
        }
      }
    }
    const at = out + ((<usize>ci) << 2);
    v128.store(at, a0);
    v128.store(at, a1, 16);
  }
  for (; ci + 4 <= inChannels; ci += 4) {
    let a0 = f32x4.splat(0);
    for (let kh = khFirst, oh = ohFirst; kh < filterHeight && oh >= 0; kh += strideHeight, oh--) {
      if (oh >= outHeight) continue;
      for (let kw = kwFirst, ow = owFirst; kw < filterWidth && ow >= 0; kw += strideWidth, ow--) {
        if (ow >= outWidth) continue;
        let dp = dy + ((<usize>(((b * outHeight + oh) * outWidth + ow) * outChannels)) << 2);
        let wp = filterT + (<usize>(kh * filterWidth + kw)) * tapBytes + ((<usize>ci) << 2);
        for (let co = 0; co < outChannels; co++, dp += 4, wp += filterTRow) {
          a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(dp), v128.load(wp)));
        }
      }
    }
    v128.store(out + ((<usize>ci) << 2), a0);
  }
  for (; ci < inChannels; ci++) {
    let vector = f32x4.splat(0);
    let scalar: f32 = 0;
    for (let kh = khFirst, oh = ohFirst; kh < filterHeight && oh >= 0; kh += strideHeight, oh--) {
      if (oh >= outHeight) continue;
      for (let kw = kwFirst, ow = owFirst; kw < filterWidth && ow >= 0; kw += strideWidth, ow--) {
        if (ow >= outWidth) continue;
        const dp = dy + ((<usize>(((b * outHeight + oh) * outWidth + ow) * outChannels)) << 2);
        const wp = filter + (<usize>(kh * filterWidth + kw)) * tapBytes + ((<usize>(ci * outChannels)) << 2);
        let co = 0;
        for (; co + 4 <= outChannels; co += 4) {
          const at = (<usize>co) << 2;
          vector = f32x4.add(vector, f32x4.mul(v128.load(dp + at), v128.load(wp + at)));
        }
        for (; co < outChannels; co++) {
          const at = (<usize>co) << 2;
          scalar += load<f32>(dp + at) * load<f32>(wp + at);
        }
      }
    }
    const pairs = f32x4.add(vector, v128.shuffle<f32>(vector, vector, 2, 3, 0, 1));
    store<f32>(out + ((<usize>ci) << 2), f32x4.extract_lane(pairs, 0) + f32x4.extract_lane(pairs, 1) + scalar);
  }
}

/**
 * The same dx for few input channels (fewer than four: the lanes would sit idle), in two steps
 * per channel: a product P[pixel, tap] = Σ_co dy[pixel, co] · W[tap, ci, co] for every dy pixel,
 * four taps to a lane group (`tapFilter` holds W as [ci, co, taps rounded up to 4], zeros after
 * the last tap), into `scratch` (dy pixels × taps rounded up to 4); then each dx element sums
 * the P entries of its taps.
 */
export function conv2dInputGradFewChannels(
  dy: usize, tapFilter: usize, scratch: usize, dx: usize,
  batch: i32, inHeight: i32, inWidth: i32, inChannels: i32,
  outHeight: i32, outWidth: i32, outChannels: i32,
  filterHeight: i32, filterWidth: i32, strideHeight: i32, strideWidth: i32, top: i32, left: i32,
): void {
  const groups = (filterHeight * filterWidth + 3) >> 2;
  const pixels = batch * outHeight * outWidth;
  const rowBytes = (<usize>groups) << 4; // one dy pixel's taps in scratch
  for (let ci = 0; ci < inChannels; ci++) {
    const channelFilter = tapFilter + (<usize>(ci * outChannels)) * rowBytes;
    let dp = dy;
    let sp = scratch;
    for (let p = 0; p < pixels; p++, dp += (<usize>outChannels) << 2, sp += rowBytes) {
      // Three tap groups at a time (a 3×3 filter's nine taps): one broadcast dy value feeds three
      // independent accumulators.
      let g = 0;
      for (; g + 3 <= groups; g += 3) {
        let a0 = f32x4.splat(0);
        let a1 = f32x4.splat(0);
        let a2 = f32x4.splat(0);
        let wp = channelFilter + ((<usize>g) << 4);
        for (let co = 0; co < outChannels; co++, wp += rowBytes) {
          const d = v128.load32_splat(dp + ((<usize>co) << 2));
          a0 = f32x4.add(a0, f32x4.mul(d, v128.load(wp)));
          a1 = f32x4.add(a1, f32x4.mul(d, v128.load(wp, 16)));
          a2 = f32x4.add(a2, f32x4.mul(d, v128.load(wp, 32)));
        }
        const at = sp + ((<usize>g) << 4);
        v128.store(at, a0);
        v128.store(at, a1, 16);
        v128.store(at, a2, 32);
      }
      for (; g < groups; g++) {
        let a = f32x4.splat(0);
        let wp = channelFilter + ((<usize>g) << 4);
        for (let co = 0; co < outChannels; co++, wp += rowBytes) a = f32x4.add(a, f32x4.mul(v128.load32_splat(dp + ((<usize>co) << 2)), v128.load(wp)));
        v128.store(sp + ((<usize>g) << 4), a);
      }
    }
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < inHeight; i++) {
        const khFirst = (i + top) % strideHeight;
        const ohFirst = (i + top - khFirst) / strideHeight;
        for (let phase = 0; phase < strideWidth; phase++) {
          let j = phase - left;
          if (j < 0) j += ((-j + strideWidth - 1) / strideWidth) * strideWidth;
          for (let owFirst = (j + left - phase) / strideWidth; j < inWidth; j += strideWidth, owFirst++) {
            let sum: f32 = 0;
            for (let kh = khFirst, oh = ohFirst; kh < filterHeight && oh >= 0; kh += strideHeight, oh--) {
              if (oh >= outHeight) continue;
              for (let kw = phase, ow = owFirst; kw < filterWidth && ow >= 0; kw += strideWidth, ow--) {
                if (ow >= outWidth) continue;
                sum += load<f32>(scratch + (<usize>((b * outHeight + oh) * outWidth + ow)) * rowBytes + ((<usize>(kh * filterWidth + kw)) << 2));
              }
            }
            store<f32>(dx + ((<usize>(((b * inHeight + i) * inWidth + j) * inChannels + ci)) << 2), sum);
          }
        }
      }
    }
  }
}
