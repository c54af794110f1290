/**
 * The input gradient of a 2-D convolution (NHWC, dilation 1), which is also the forward pass of
 * a transposed convolution:
 *
 *   dx[b, i, j, ci] = Σ_{kh, kw, co} dy[b, oh, ow, co] · W[kh, kw, ci, co]
 *
 * over the taps with i + top − kh = oh·sh and j + left − kw = ow·sw for an (oh, ow) inside dy.
 * Columns are visited phase by phase (j + left ≡ p mod sw), so a pixel's taps and their dy
 * columns follow by addition, with no division per pixel. The same pixel of four images at once
 * has the same taps: each filter vector loaded (the filter transposed to [kh, kw, co, ci],
 * `filterT`, which the caller provides) feeds four images' accumulators, eight in registers
 * (input channels eight at a time for four images, sixteen at a time for two). Channels beyond a
 * multiple of four, and images beyond a multiple of four, are done one pixel at a time, from
 * the filter as it is (`filter`). Each dx element is one float32 sum over its taps in (kh, kw,
 * co) order whichever path computes it; every dx element is written, zero where no tap reaches
 * it. Pointers are byte offsets into tfjs-backend-wasm's heap.
 */
export function conv2dInputGrad(
  dy: usize, filter: usize, filterT: usize, dx: usize,
  batch: i32, inHeight: i32, inWidth: i32, inChannels: i32,
  outHeight: i32, outWidth: i32, outChannels: i32,
  filterHeight: i32, filterWidth: i32, strideHeight: i32, strideWidth: i32, top: i32, left: i32,
): void {
  const dyImage = (<usize>(outHeight * outWidth * outChannels)) << 2;
  const dxImage = (<usize>(inHeight * inWidth * inChannels)) << 2;
  for (let b = 0; b < batch; b += 4) {
    const images = min(4, batch - b);
    for (let i = 0; i < inHeight; i++) {
      const khFirst = (i + top) % strideHeight;
      const ohFirst = (i + top - khFirst) / strideHeight;
      for (let phase = 0; phase < strideWidth; phase++) {
        // The first column of this phase: j + left ≡ phase (mod sw), j ≥ 0.
        let j = phase - left;
        if (j < 0) j += ((-j + strideWidth - 1) / strideWidth) * strideWidth;
        for (let owFirst = (j + left - phase) / strideWidth; j < inWidth; j += strideWidth, owFirst++) {
          const out = dx + ((<usize>(((b * inHeight + i) * inWidth + j) * inChannels)) << 2);
          let ci = 0;
          if (images == 4) {
            ci = fourImages(dy, filterT, out, b, inChannels, outHeight, outWidth, outChannels,
              filterHeight, filterWidth, strideHeight, strideWidth, khFirst, ohFirst, phase, owFirst, dyImage, dxImage);
          }
          for (let image = 0; image < images; image++) {
            pixel(dy, filter, filterT, out + (<usize>image) * dxImage, b + image, ci, inChannels, outHeight, outWidth, outChannels,
              filterHeight, filterWidth, strideHeight, strideWidth, khFirst, ohFirst, phase, owFirst);
          }
        }
      }
    }
  }
}

/**
 * One dx pixel of four consecutive images (b … b + 3), its input channels up to the last
 * multiple of four; returns the first channel left for {@link pixel}.
 */
// @ts-ignore: AssemblyScript's inline decorator
@inline function fourImages(
  dy: usize, filterT: usize, out: usize, b: i32, inChannels: i32,
  outHeight: i32, outWidth: i32, outChannels: i32, filterHeight: i32, filterWidth: i32, strideHeight: i32, strideWidth: i32,
  khFirst: i32, ohFirst: i32, kwFirst: i32, owFirst: i32, dyImage: usize, dxImage: usize,
): i32 {
  const tapBytes = (<usize>(outChannels * inChannels)) << 2; // one (kh, kw) of filterT
  const filterTRow = (<usize>inChannels) << 2; // one co of filterT
  let ci = 0;
  for (; ci + 16 <= inChannels; ci += 16) {
    // Sixteen channels of two images at a time: eight accumulators.
    for (let pair = 0; pair < 4; pair += 2) {
      let a0 = f32x4.splat(0);
      let a1 = f32x4.splat(0);
      let a2 = f32x4.splat(0);
      let a3 = f32x4.splat(0);
      let c0 = f32x4.splat(0);
      let c1 = f32x4.splat(0);
      let c2 = f32x4.splat(0);
      let c3 = f32x4.splat(0);
      for (let kh = khFirst, oh = ohFirst; kh < filterHeight && oh >= 0; kh += strideHeight, oh--) {
        if (oh >= outHeight) continue;
        for (let kw = kwFirst, ow = owFirst; kw < filterWidth && ow >= 0; kw += strideWidth, ow--) {
          if (ow >= outWidth) continue;
          let dp = dy + ((<usize>((((b + pair) * outHeight + oh) * outWidth + ow) * outChannels)) << 2);
          let wp = filterT + (<usize>(kh * filterWidth + kw)) * tapBytes + ((<usize>ci) << 2);
          for (let co = 0; co < outChannels; co++, dp += 4, wp += filterTRow) {
            const w0 = v128.load(wp);
            const w1 = v128.load(wp, 16);
            const w2 = v128.load(wp, 32);
            const w3 = v128.load(wp, 48);
            const d = v128.load32_splat(dp);
            const e = v128.load32_splat(dp + dyImage);
            a0 = f32x4.add(a0, f32x4.mul(d, w0));
            a1 = f32x4.add(a1, f32x4.mul(d, w1));
            a2 = f32x4.add(a2, f32x4.mul(d, w2));
            a3 = f32x4.add(a3, f32x4.mul(d, w3));
            c0 = f32x4.add(c0, f32x4.mul(e, w0));
            c1 = f32x4.add(c1, f32x4.mul(e, w1));
            c2 = f32x4.add(c2, f32x4.mul(e, w2));
            c3 = f32x4.add(c3, f32x4.mul(e, w3));
          }
        }
      }
      const at = out + (<usize>pair) * dxImage + ((<usize>ci) << 2);
      v128.store(at, a0);
      v128.store(at, a1, 16);
      v128.store(at, a2, 32);
      v128.store(at, a3, 48);
      v128.store(at + dxImage, c0);
      v128.store(at + dxImage, c1, 16);
      v128.store(at + dxImage, c2, 32);
      v128.store(at + dxImage, c3, 48);
    }
  }
  for (; ci + 8 <= inChannels; ci += 8) {
    // Eight channels of four images: eight accumulators.
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let b0 = f32x4.splat(0);
    let b1 = f32x4.splat(0);
    let c0 = f32x4.splat(0);
    let c1 = f32x4.splat(0);
    let d0 = f32x4.splat(0);
    let d1 = f32x4.splat(0);
    for (let kh = khFirst, oh = ohFirst; kh < filterHeight && oh >= 0; kh += strideHeight, oh--) {
      if (oh >= outHeight) continue;
      for (let kw = kwFirst, ow = owFirst; kw < filterWidth && ow >= 0; kw += strideWidth, ow--) {
        if (ow >= outWidth) continue;
        let dp = dy + ((<usize>(((b * outHeight + oh) * outWidth + ow) * outChannels)) << 2);
        let wp = filterT + (<usize>(kh * filterWidth + kw)) * tapBytes + ((<usize>ci) << 2);
        for (let co = 0; co < outChannels; co++, dp += 4, wp += filterTRow) {
          const w0 = v128.load(wp);
          const w1 = v128.load(wp, 16);
          const x0 = v128.load32_splat(dp);
          const x1 = v128.load32_splat(dp + dyImage);
          const x2 = v128.load32_splat(dp + 2 * dyImage);
          const x3 = v128.load32_splat(dp + 3 * dyImage);
          a0 = f32x4.add(a0, f32x4.mul(x0, w0));
          a1 = f32x4.add(a1, f32x4.mul(x0, w1));
          b0 = f32x4.add(b0, f32x4.mul(x1, w0));
          b1 = f32x4.add(b1, f32x4.mul(x1, w1));
          c0 = f32x4.add(c0, f32x4.mul(x2, w0));
          c1 = f32x4.add(c1, f32x4.mul(x2, w1));
          d0 = f32x4.add(d0, f32x4.mul(x3, w0));
          d1 = f32x4.add(d1, f32x4.mul(x3, w1));
        }
      }
    }
    const at = out + ((<usize>ci) << 2);
    v128.store(at, a0);
    v128.store(at, a1, 16);
    v128.store(at + dxImage, b0);
    v128.store(at + dxImage, b1, 16);
    v128.store(at + 2 * dxImage, c0);
    v128.store(at + 2 * dxImage, c1, 16);
    v128.store(at + 3 * dxImage, d0);
    v128.store(at + 3 * dxImage, d1, 16);
  }
  for (; ci + 4 <= inChannels; ci += 4) {
    let a0 = f32x4.splat(0);
    let b0 = f32x4.splat(0);
    let c0 = f32x4.splat(0);
    let d0 = f32x4.splat(0);
    for (let kh = khFirst, oh = ohFirst; kh < filterHeight && oh >= 0; kh += strideHeight, oh--) {
      if (oh >= outHeight) continue;
      for (let kw = kwFirst, ow = owFirst; kw < filterWidth && ow >= 0; kw += strideWidth, ow--) {
        if (ow >= outWidth) continue;
        let dp = dy + ((<usize>(((b * outHeight + oh) * outWidth + ow) * outChannels)) << 2);
        let wp = filterT + (<usize>(kh * filterWidth + kw)) * tapBytes + ((<usize>ci) << 2);
        for (let co = 0; co < outChannels; co++, dp += 4, wp += filterTRow) {
          const w0 = v128.load(wp);
          a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(dp), w0));
          b0 = f32x4.add(b0, f32x4.mul(v128.load32_splat(dp + dyImage), w0));
          c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(dp + 2 * dyImage), w0));
          d0 = f32x4.add(d0, f32x4.mul(v128.load32_splat(dp + 3 * dyImage), w0));
        }
      }
    }
    const at = out + ((<usize>ci) << 2);
    v128.store(at, a0);
    v128.store(at + dxImage, b0);
    v128.store(at + 2 * dxImage, c0);
    v128.store(at + 3 * dxImage, d0);
  }
  return ci;
}

/** One dx pixel's channels from `ci` on, from the taps (khFirst + u·sh, ohFirst − u) × (kwFirst + v·sw, owFirst − v). */
// @ts-ignore: AssemblyScript's inline decorator
@inline function pixel(
  dy: usize, filter: usize, filterT: usize, out: usize, b: i32, firstChannel: i32, inChannels: i32,
  outHeight: i32, outWidth: i32, outChannels: i32, filterHeight: i32, filterWidth: i32, strideHeight: i32, strideWidth: i32,
  khFirst: i32, ohFirst: i32, kwFirst: i32, owFirst: i32,
): void {
  const tapBytes = (<usize>(outChannels * inChannels)) << 2; // one (kh, kw) of filterT, or of filter
  const filterTRow = (<usize>inChannels) << 2; // one co of filterT
  let ci = firstChannel;
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
  if (filterHeight == 3 && filterWidth == 3 && top == 0 && left == 0 &&
      (outHeight - 1) * strideHeight + 3 <= inHeight && (outWidth - 1) * strideWidth + 3 <= inWidth) {
    threeByThreeInside(dy, tapFilter, dx, batch, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, strideHeight, strideWidth);
    return;
  }
  for (let ci = 0; ci < inChannels; ci++) {
    const channelFilter = tapFilter + (<usize>(ci * outChannels)) * rowBytes;
    const dyPixel = (<usize>outChannels) << 2;
    let dp = dy;
    let sp = scratch;
    for (let p = 0; p < pixels; p++, dp += dyPixel, sp += rowBytes) {
      // Three tap groups at a time: one broadcast dy value feeds three independent accumulators.
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
    // Each dx element sums its taps' P entries in (kh, kw) order, as one float32 sum: row by row,
    // one kh at a time, the partial sums kept in dx between them.
    const dxPixel = (<usize>inChannels) << 2;
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < inHeight; i++) {
        const khFirst = (i + top) % strideHeight;
        const ohFirst = (i + top - khFirst) / strideHeight;
        const row = dx + ((<usize>(((b * inHeight + i) * inWidth) * inChannels + ci)) << 2);
        let first = true;
        for (let kh = khFirst, oh = ohFirst; kh < filterHeight && oh >= 0; kh += strideHeight, oh--) {
          if (oh >= outHeight) continue;
          const taps = scratch + (<usize>((b * outHeight + oh) * outWidth)) * rowBytes + ((<usize>(kh * filterWidth)) << 2);
          for (let phase = 0; phase < strideWidth; phase++) {
            let j = phase - left;
            if (j < 0) j += ((-j + strideWidth - 1) / strideWidth) * strideWidth;
            let out = row + (<usize>j) * dxPixel;
            for (let owFirst = (j + left - phase) / strideWidth; j < inWidth; j += strideWidth, owFirst++, out += (<usize>strideWidth) * dxPixel) {
              let sum: f32 = first ? 0 : load<f32>(out);
              for (let kw = phase, ow = owFirst; kw < filterWidth && ow >= 0; kw += strideWidth, ow--) {
                if (ow >= outWidth) continue;
                sum += load<f32>(taps + (<usize>ow) * rowBytes + ((<usize>kw) << 2));
              }
              store<f32>(out, sum);
            }
          }
          first = false;
        }
        if (first) {
          for (let j = 0; j < inWidth; j++) store<f32>(row + (<usize>j) * dxPixel, 0);
        }
      }
    }
  }
}

/**
 * The few-channel input gradient of a 3×3 filter whose every tap lands inside dx (no padding:
 * the transposed convolutions of the tutorial's decoder, before their cropping), without the
 * scratch: each dy pixel's nine products P[tap] (as in {@link conv2dInputGradFewChannels}, four
 * pixels at a time) are added into dx straight from registers. dx starts at zero and the dy
 * pixels are visited last to first, so every dx element receives its taps in the order the
 * gather sums them (kh, then kw, ascending: oh, then ow, descending): the same float32 sums.
 */
function threeByThreeInside(
  dy: usize, tapFilter: usize, dx: usize,
  batch: i32, inHeight: i32, inWidth: i32, inChannels: i32,
  outHeight: i32, outWidth: i32, outChannels: i32, strideHeight: i32, strideWidth: i32,
): void {
  memory.fill(dx, 0, (<usize>(batch * inHeight * inWidth * inChannels)) << 2);
  const pixels = batch * outHeight * outWidth;
  const dyPixel = (<usize>outChannels) << 2;
  const filterRow: usize = 48; // one co of tapFilter: twelve taps
  const column = (<usize>inChannels) << 2; // one dx pixel further right
  const row = (<usize>(inWidth * inChannels)) << 2; // one dx row further down
  for (let ci = 0; ci < inChannels; ci++) {
    const channelFilter = tapFilter + (<usize>(ci * outChannels)) * filterRow;
    // The dy pixel p = (b, oh, ow), counted down from the last.
    let b = batch - 1;
    let oh = outHeight - 1;
    let ow = outWidth - 1;
    let p = pixels;
    for (; p >= 4; ) {
      p -= 4;
      const dp = dy + (<usize>p) * dyPixel;
      let a0 = f32x4.splat(0);
      let a1 = f32x4.splat(0);
      let a2 = f32x4.splat(0);
      let b0 = f32x4.splat(0);
      let b1 = f32x4.splat(0);
      let b2 = f32x4.splat(0);
      let c0 = f32x4.splat(0);
      let c1 = f32x4.splat(0);
      let c2 = f32x4.splat(0);
      let d0 = f32x4.splat(0);
      let d1 = f32x4.splat(0);
      let d2 = f32x4.splat(0);
      let wp = channelFilter;
      let xp = dp;
      for (let co = 0; co < outChannels; co++, wp += filterRow, xp += 4) {
        const w0 = v128.load(wp);
        const w1 = v128.load(wp, 16);
        const w2 = v128.load(wp, 32);
        let x = v128.load32_splat(xp);
        a0 = f32x4.add(a0, f32x4.mul(x, w0));
        a1 = f32x4.add(a1, f32x4.mul(x, w1));
        a2 = f32x4.add(a2, f32x4.mul(x, w2));
        x = v128.load32_splat(xp + dyPixel);
        b0 = f32x4.add(b0, f32x4.mul(x, w0));
        b1 = f32x4.add(b1, f32x4.mul(x, w1));
        b2 = f32x4.add(b2, f32x4.mul(x, w2));
        x = v128.load32_splat(xp + 2 * dyPixel);
        c0 = f32x4.add(c0, f32x4.mul(x, w0));
        c1 = f32x4.add(c1, f32x4.mul(x, w1));
        c2 = f32x4.add(c2, f32x4.mul(x, w2));
        x = v128.load32_splat(xp + 3 * dyPixel);
        d0 = f32x4.add(d0, f32x4.mul(x, w0));
        d1 = f32x4.add(d1, f32x4.mul(x, w1));
        d2 = f32x4.add(d2, f32x4.mul(x, w2));
      }
      // Pixels p + 3, …, p, last to first.
      addTaps(dx + corner(b, oh, ow, ci, inHeight, inWidth, inChannels, strideHeight, strideWidth), row, column, d0, d1, d2);
      if (--ow < 0) { ow = outWidth - 1; if (--oh < 0) { oh = outHeight - 1; b--; } }
      addTaps(dx + corner(b, oh, ow, ci, inHeight, inWidth, inChannels, strideHeight, strideWidth), row, column, c0, c1, c2);
      if (--ow < 0) { ow = outWidth - 1; if (--oh < 0) { oh = outHeight - 1; b--; } }
      addTaps(dx + corner(b, oh, ow, ci, inHeight, inWidth, inChannels, strideHeight, strideWidth), row, column, b0, b1, b2);
      if (--ow < 0) { ow = outWidth - 1; if (--oh < 0) { oh = outHeight - 1; b--; } }
      addTaps(dx + corner(b, oh, ow, ci, inHeight, inWidth, inChannels, strideHeight, strideWidth), row, column, a0, a1, a2);
      if (--ow < 0) { ow = outWidth - 1; if (--oh < 0) { oh = outHeight - 1; b--; } }
    }
    while (p > 0) {
      p--;
      let a0 = f32x4.splat(0);
      let a1 = f32x4.splat(0);
      let a2 = f32x4.splat(0);
      let wp = channelFilter;
      let xp = dy + (<usize>p) * dyPixel;
      for (let co = 0; co < outChannels; co++, wp += filterRow, xp += 4) {
        const x = v128.load32_splat(xp);
        a0 = f32x4.add(a0, f32x4.mul(x, v128.load(wp)));
        a1 = f32x4.add(a1, f32x4.mul(x, v128.load(wp, 16)));
        a2 = f32x4.add(a2, f32x4.mul(x, v128.load(wp, 32)));
      }
      addTaps(dx + corner(b, oh, ow, ci, inHeight, inWidth, inChannels, strideHeight, strideWidth), row, column, a0, a1, a2);
      if (--ow < 0) { ow = outWidth - 1; if (--oh < 0) { oh = outHeight - 1; b--; } }
    }
  }
}

/** Byte offset in dx of tap (0, 0) of dy pixel (b, oh, ow), channel ci. */
// @ts-ignore: AssemblyScript's inline decorator
@inline function corner(b: i32, oh: i32, ow: i32, ci: i32, inHeight: i32, inWidth: i32, inChannels: i32, strideHeight: i32, strideWidth: i32): usize {
  return (<usize>(((b * inHeight + oh * strideHeight) * inWidth + ow * strideWidth) * inChannels + ci)) << 2;
}

/** Adds one dy pixel's nine tap products (taps kh·3 + kw in lanes of t0, t1, t2) into dx around `at`. */
// @ts-ignore: AssemblyScript's inline decorator
@inline function addTaps(at: usize, row: usize, column: usize, t0: v128, t1: v128, t2: v128): void {
  store<f32>(at, load<f32>(at) + f32x4.extract_lane(t0, 0));
  store<f32>(at + column, load<f32>(at + column) + f32x4.extract_lane(t0, 1));
  store<f32>(at + 2 * column, load<f32>(at + 2 * column) + f32x4.extract_lane(t0, 2));
  const middle = at + row;
  store<f32>(middle, load<f32>(middle) + f32x4.extract_lane(t0, 3));
  store<f32>(middle + column, load<f32>(middle + column) + f32x4.extract_lane(t1, 0));
  store<f32>(middle + 2 * column, load<f32>(middle + 2 * column) + f32x4.extract_lane(t1, 1));
  const bottom = at + 2 * row;
  store<f32>(bottom, load<f32>(bottom) + f32x4.extract_lane(t1, 2));
  store<f32>(bottom + column, load<f32>(bottom + column) + f32x4.extract_lane(t1, 3));
  store<f32>(bottom + 2 * column, load<f32>(bottom + 2 * column) + f32x4.extract_lane(t2, 0));
}
