/**
 * The filter gradient of a 2-D convolution (NHWC, dilation 1), directly:
 *
 *   dW[kh, kw, ci, co] = Σ_{b, oh, ow} x[b, oh·sh + kh − top, ow·sw + kw − left, ci] · dy[b, oh, ow, co]
 *
 * over the (oh, ow) whose input tap lies inside x (padding contributes nothing). Output
 * channels go four to a lane group, up to sixteen at once in registers, and input channels in
 * pairs: each broadcast x value feeds four vector multiply-adds, each dy vector two, and the two
 * channels' accumulators do not wait on one another. The range of oh and ow is worked out per
 * tap instead of testing bounds per pixel. Where taps see every output position, the blocked
 * paths below ({@link threeTaps}, {@link fullTap}) take over. Whichever path computes it, each dW
 * element is one float32 sum over (b, oh, ow) in ascending order. `offsets` is scratch for one
 * u32 per output position. Pointers are byte offsets into tfjs-backend-wasm's heap.
 */
export function conv2dFilterGrad(
  x: usize, dy: usize, dw: usize, offsets: usize,
  batch: i32, inHeight: i32, inWidth: i32, inChannels: i32,
  outHeight: i32, outWidth: i32, outChannels: i32,
  filterHeight: i32, filterWidth: i32, strideHeight: i32, strideWidth: i32, top: i32, left: i32,
): void {
  const xStep = (<usize>(strideWidth * inChannels)) << 2; // one output column further in x
  const dyStep = (<usize>outChannels) << 2; // one output column further in dy
  // Where each output position's receptive field starts in x (tap (top, left)), in dy's order,
  // for the taps that see every output position: their sums run over dy in one straight loop.
  const positions = batch * outHeight * outWidth;
  const fullTaps = (inChannels & 1) == 0 && (outChannels & 15) == 0;
  if (fullTaps) {
    let at = offsets;
    for (let b = 0; b < batch; b++) {
      for (let oh = 0; oh < outHeight; oh++) {
        for (let ow = 0; ow < outWidth; ow++, at += 4) store<u32>(at, (((b * inHeight + oh * strideHeight) * inWidth + ow * strideWidth) * inChannels) << 2);
      }
    }
  }
  if (fullTaps && top == 0 && left == 0 && (outHeight - 1) * strideHeight + filterHeight <= inHeight && (outWidth - 1) * strideWidth + filterWidth <= inWidth) {
    // Every tap sees every output position (no padding): positions in chunks small enough that
    // their dy rows and x pixels stay in the L1 cache while every tap, channel pair and block of
    // output channels runs over them; the sums carry over between chunks in dW (float32 either
    // way: the same sums as one pass). A tap at a time would stream x and dy from L2 per tile.
    for (let start = 0; start < positions; start += POSITIONS_PER_CHUNK) {
      const count = min(POSITIONS_PER_CHUNK, positions - start);
      for (let kh = 0; kh < filterHeight; kh++) {
        for (let kw = 0; kw < filterWidth; kw++) {
          const tapX = x + ((<usize>((kh * inWidth + kw) * inChannels)) << 2);
          const out = dw + ((<usize>((kh * filterWidth + kw) * inChannels * outChannels)) << 2);
          fullTap(tapX, dy, out, offsets, start, count, inChannels, outChannels);
        }
      }
    }
    return;
  }
  for (let kh = 0; kh < filterHeight; kh++) {
    const ohStart = max(0, ceilDiv(top - kh, strideHeight));
    const ohEnd = min(outHeight, floorDiv(inHeight - 1 + top - kh, strideHeight) + 1);
    for (let kw = 0; kw < filterWidth; kw++) {
      const owStart = max(0, ceilDiv(left - kw, strideWidth));
      const owEnd = min(outWidth, floorDiv(inWidth - 1 + left - kw, strideWidth) + 1);
      if (inChannels == 1 && (outChannels & 7) == 0 && kw + 3 <= filterWidth && sameColumns(kw, owStart, owEnd, inWidth, left, strideWidth)) {
        threeTaps(x, dy, dw + ((<usize>((kh * filterWidth + kw) * outChannels)) << 2), batch, inHeight, inWidth, outHeight, outWidth, outChannels,
          strideHeight, strideWidth, kh - top, kw - left, ohStart, ohEnd, owStart, owEnd);
        kw += 2;
        continue;
      }
      if (fullTaps && ohStart == 0 && ohEnd == outHeight && owStart == 0 && owEnd == outWidth) {
        const tapX = x + ((<usize>(((kh - top) * inWidth + kw - left) * inChannels)) << 2);
        const out = dw + ((<usize>((kh * filterWidth + kw) * inChannels * outChannels)) << 2);
        fullTap(tapX, dy, out, offsets, 0, positions, inChannels, outChannels);
        continue;
      }
      let ci = 0;
      // Two input channels at a time: each dy vector loaded feeds both, and the two sets of
      // accumulators do not wait on one another.
      for (; ci + 2 <= inChannels; ci += 2) {
        const out = dw + ((<usize>(((kh * filterWidth + kw) * inChannels + ci) * outChannels)) << 2);
        const next = (<usize>outChannels) << 2; // dW[kh, kw, ci + 1, ·] follows dW[kh, kw, ci, ·]
        let co = 0;
        for (; co + 16 <= outChannels; co += 16) {
          let a0 = f32x4.splat(0);
          let a1 = f32x4.splat(0);
          let a2 = f32x4.splat(0);
          let a3 = f32x4.splat(0);
          let b0 = f32x4.splat(0);
          let b1 = f32x4.splat(0);
          let b2 = f32x4.splat(0);
          let b3 = f32x4.splat(0);
          for (let b = 0; b < batch; b++) {
            for (let oh = ohStart; oh < ohEnd; oh++) {
              let xp = x + ((<usize>(((b * inHeight + oh * strideHeight + kh - top) * inWidth + owStart * strideWidth + kw - left) * inChannels + ci)) << 2);
              let dp = dy + ((<usize>(((b * outHeight + oh) * outWidth + owStart) * outChannels + co)) << 2);
              for (let ow = owStart; ow < owEnd; ow++, xp += xStep, dp += dyStep) {
                const x0 = v128.load32_splat(xp);
                const x1 = v128.load32_splat(xp, 4);
                const d0 = v128.load(dp);
                const d1 = v128.load(dp, 16);
                const d2 = v128.load(dp, 32);
                const d3 = v128.load(dp, 48);
                a0 = f32x4.add(a0, f32x4.mul(x0, d0));
                a1 = f32x4.add(a1, f32x4.mul(x0, d1));
                a2 = f32x4.add(a2, f32x4.mul(x0, d2));
                a3 = f32x4.add(a3, f32x4.mul(x0, d3));
                b0 = f32x4.add(b0, f32x4.mul(x1, d0));
                b1 = f32x4.add(b1, f32x4.mul(x1, d1));
                b2 = f32x4.add(b2, f32x4.mul(x1, d2));
                b3 = f32x4.add(b3, f32x4.mul(x1, d3));
              }
            }
          }
          const at = out + ((<usize>co) << 2);
          v128.store(at, a0);
          v128.store(at, a1, 16);
          v128.store(at, a2, 32);
          v128.store(at, a3, 48);
          v128.store(at + next, b0);
          v128.store(at + next, b1, 16);
          v128.store(at + next, b2, 32);
          v128.store(at + next, b3, 48);
        }
        for (; co + 4 <= outChannels; co += 4) {
          let a0 = f32x4.splat(0);
          let b0 = f32x4.splat(0);
          for (let b = 0; b < batch; b++) {
            for (let oh = ohStart; oh < ohEnd; oh++) {
              let xp = x + ((<usize>(((b * inHeight + oh * strideHeight + kh - top) * inWidth + owStart * strideWidth + kw - left) * inChannels + ci)) << 2);
              let dp = dy + ((<usize>(((b * outHeight + oh) * outWidth + owStart) * outChannels + co)) << 2);
              for (let ow = owStart; ow < owEnd; ow++, xp += xStep, dp += dyStep) {
                const d0 = v128.load(dp);
                a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(xp), d0));
                b0 = f32x4.add(b0, f32x4.mul(v128.load32_splat(xp, 4), d0));
              }
            }
          }
          const at = out + ((<usize>co) << 2);
          v128.store(at, a0);
          v128.store(at + next, b0);
        }
        for (; co < outChannels; co++) {
          let a: f32 = 0;
          let c: f32 = 0;
          for (let b = 0; b < batch; b++) {
            for (let oh = ohStart; oh < ohEnd; oh++) {
              let xp = x + ((<usize>(((b * inHeight + oh * strideHeight + kh - top) * inWidth + owStart * strideWidth + kw - left) * inChannels + ci)) << 2);
              let dp = dy + ((<usize>(((b * outHeight + oh) * outWidth + owStart) * outChannels + co)) << 2);
              for (let ow = owStart; ow < owEnd; ow++, xp += xStep, dp += dyStep) {
                const d = load<f32>(dp);
                a += load<f32>(xp) * d;
                c += load<f32>(xp, 4) * d;
              }
            }
          }
          const at = out + ((<usize>co) << 2);
          store<f32>(at, a);
          store<f32>(at + next, c);
        }
      }
      for (; ci < inChannels; ci++) {
        const out = dw + ((<usize>(((kh * filterWidth + kw) * inChannels + ci) * outChannels)) << 2);
        let co = 0;
        for (; co + 16 <= outChannels; co += 16) {
          let a0 = f32x4.splat(0);
          let a1 = f32x4.splat(0);
          let a2 = f32x4.splat(0);
          let a3 = f32x4.splat(0);
          for (let b = 0; b < batch; b++) {
            for (let oh = ohStart; oh < ohEnd; oh++) {
              let xp = x + ((<usize>(((b * inHeight + oh * strideHeight + kh - top) * inWidth + owStart * strideWidth + kw - left) * inChannels + ci)) << 2);
              let dp = dy + ((<usize>(((b * outHeight + oh) * outWidth + owStart) * outChannels + co)) << 2);
              for (let ow = owStart; ow < owEnd; ow++, xp += xStep, dp += dyStep) {
                const xv = v128.load32_splat(xp);
                a0 = f32x4.add(a0, f32x4.mul(xv, v128.load(dp)));
                a1 = f32x4.add(a1, f32x4.mul(xv, v128.load(dp, 16)));
                a2 = f32x4.add(a2, f32x4.mul(xv, v128.load(dp, 32)));
                a3 = f32x4.add(a3, f32x4.mul(xv, v128.load(dp, 48)));
              }
            }
          }
          const at = out + ((<usize>co) << 2);
          v128.store(at, a0);
          v128.store(at, a1, 16);
          v128.store(at, a2, 32);
          v128.store(at, a3, 48);
        }
        for (; co + 4 <= outChannels; co += 4) {
          let a0 = f32x4.splat(0);
          for (let b = 0; b < batch; b++) {
            for (let oh = ohStart; oh < ohEnd; oh++) {
              let xp = x + ((<usize>(((b * inHeight + oh * strideHeight + kh - top) * inWidth + owStart * strideWidth + kw - left) * inChannels + ci)) << 2);
              let dp = dy + ((<usize>(((b * outHeight + oh) * outWidth + owStart) * outChannels + co)) << 2);
              for (let ow = owStart; ow < owEnd; ow++, xp += xStep, dp += dyStep) {
                a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(xp), v128.load(dp)));
              }
            }
          }
          v128.store(out + ((<usize>co) << 2), a0);
        }
        for (; co < outChannels; co++) {
          let a: f32 = 0;
          for (let b = 0; b < batch; b++) {
            for (let oh = ohStart; oh < ohEnd; oh++) {
              let xp = x + ((<usize>(((b * inHeight + oh * strideHeight + kh - top) * inWidth + owStart * strideWidth + kw - left) * inChannels + ci)) << 2);
              let dp = dy + ((<usize>(((b * outHeight + oh) * outWidth + owStart) * outChannels + co)) << 2);
              for (let ow = owStart; ow < owEnd; ow++, xp += xStep, dp += dyStep) a += load<f32>(xp) * load<f32>(dp);
            }
          }
          store<f32>(out + ((<usize>co) << 2), a);
        }
      }
    }
  }
}

/**
 * One tap that sees every output position, over positions [start, start + count), for an even
 * number of input channels and a multiple of sixteen output channels: input channels in pairs,
 * sixteen output channels in registers, as in the general loop, but over the positions in one
 * loop (dy in order, x through `offsets`) rather than row by row: at 3 or 7 output columns a
 * row, the rows' setup cost as much as their sums. The sums start from zero at position 0 and
 * from dW's partial sums after it. `tapX` is x shifted to the tap; `out` is dW[kh, kw, 0, 0].
 */
// @ts-ignore: AssemblyScript's inline decorator
@inline function fullTap(tapX: usize, dy: usize, out: usize, offsets: usize, start: i32, count: i32, inChannels: i32, outChannels: i32): void {
  const next = (<usize>outChannels) << 2; // dW[kh, kw, ci + 1, ·] follows dW[kh, kw, ci, ·]
  const dyStep = (<usize>outChannels) << 2;
  const first = offsets + ((<usize>start) << 2);
  const end = first + ((<usize>count) << 2);
  const dyFirst = dy + (<usize>start) * dyStep;
  for (let ci = 0; ci < inChannels; ci += 2) {
    const xc = tapX + ((<usize>ci) << 2);
    for (let co = 0; co < outChannels; co += 16) {
      const at = out + ((<usize>(ci * outChannels + co)) << 2);
      let a0 = f32x4.splat(0);
      let a1 = f32x4.splat(0);
      let a2 = f32x4.splat(0);
      let a3 = f32x4.splat(0);
      let b0 = f32x4.splat(0);
      let b1 = f32x4.splat(0);
      let b2 = f32x4.splat(0);
      let b3 = f32x4.splat(0);
      if (start > 0) {
        a0 = v128.load(at);
        a1 = v128.load(at, 16);
        a2 = v128.load(at, 32);
        a3 = v128.load(at, 48);
        b0 = v128.load(at + next);
        b1 = v128.load(at + next, 16);
        b2 = v128.load(at + next, 32);
        b3 = v128.load(at + next, 48);
      }
      let dp = dyFirst + ((<usize>co) << 2);
      for (let op = first; op < end; op += 4, dp += dyStep) {
        const xp = xc + <usize>load<u32>(op);
        const x0 = v128.load32_splat(xp);
        const x1 = v128.load32_splat(xp, 4);
        const d0 = v128.load(dp);
        const d1 = v128.load(dp, 16);
        const d2 = v128.load(dp, 32);
        const d3 = v128.load(dp, 48);
        a0 = f32x4.add(a0, f32x4.mul(x0, d0));
        a1 = f32x4.add(a1, f32x4.mul(x0, d1));
        a2 = f32x4.add(a2, f32x4.mul(x0, d2));
        a3 = f32x4.add(a3, f32x4.mul(x0, d3));
        b0 = f32x4.add(b0, f32x4.mul(x1, d0));
        b1 = f32x4.add(b1, f32x4.mul(x1, d1));
        b2 = f32x4.add(b2, f32x4.mul(x1, d2));
        b3 = f32x4.add(b3, f32x4.mul(x1, d3));
      }
      v128.store(at, a0);
      v128.store(at, a1, 16);
      v128.store(at, a2, 32);
      v128.store(at, a3, 48);
      v128.store(at + next, b0);
      v128.store(at + next, b1, 16);
      v128.store(at + next, b2, 32);
      v128.store(at + next, b3, 48);
    }
  }
}

/** Output positions per chunk when every tap is full (measured: 32 to 128 alike, 256 and more slower). */
const POSITIONS_PER_CHUNK = 64;

/** Whether taps kw + 1 and kw + 2 see the same output columns [owStart, owEnd) as tap kw. */
// @ts-ignore: AssemblyScript's inline decorator
@inline function sameColumns(kw: i32, owStart: i32, owEnd: i32, inWidth: i32, left: i32, strideWidth: i32): bool {
  for (let k = kw + 1; k < kw + 3; k++) {
    if (max(0, ceilDiv(left - k, strideWidth)) != owStart) return false;
    if (min(owEnd, floorDiv(inWidth - 1 + left - k, strideWidth) + 1) != owEnd) return false;
  }
  return true;
}

/**
 * Three neighbouring taps (kw, kw + 1, kw + 2) of a one-channel input, eight output channels at
 * a time: the three x values of a tap row lie side by side, and each dy vector loaded feeds all
 * three taps' accumulators (six in registers), where a tap alone would keep one accumulator per
 * lane group waiting on its own additions. `out` is dW[kh, kw, 0, 0].
 */
// @ts-ignore: AssemblyScript's inline decorator
@inline function threeTaps(
  x: usize, dy: usize, out: usize, batch: i32, inHeight: i32, inWidth: i32,
  outHeight: i32, outWidth: i32, outChannels: i32, strideHeight: i32, strideWidth: i32,
  rowOffset: i32, columnOffset: i32, ohStart: i32, ohEnd: i32, owStart: i32, owEnd: i32,
): void {
  const xStep = (<usize>strideWidth) << 2;
  const dyStep = (<usize>outChannels) << 2;
  const tapBytes = (<usize>outChannels) << 2; // dW[kh, kw + 1, 0, ·] follows dW[kh, kw, 0, ·]
  for (let co = 0; co < outChannels; co += 8) {
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let b0 = f32x4.splat(0);
    let b1 = f32x4.splat(0);
    let c0 = f32x4.splat(0);
    let c1 = f32x4.splat(0);
    for (let b = 0; b < batch; b++) {
      for (let oh = ohStart; oh < ohEnd; oh++) {
        let xp = x + ((<usize>((b * inHeight + oh * strideHeight + rowOffset) * inWidth + owStart * strideWidth + columnOffset)) << 2);
        let dp = dy + ((<usize>(((b * outHeight + oh) * outWidth + owStart) * outChannels + co)) << 2);
        for (let ow = owStart; ow < owEnd; ow++, xp += xStep, dp += dyStep) {
          const d0 = v128.load(dp);
          const d1 = v128.load(dp, 16);
          let v = v128.load32_splat(xp);
          a0 = f32x4.add(a0, f32x4.mul(v, d0));
          a1 = f32x4.add(a1, f32x4.mul(v, d1));
          v = v128.load32_splat(xp, 4);
          b0 = f32x4.add(b0, f32x4.mul(v, d0));
          b1 = f32x4.add(b1, f32x4.mul(v, d1));
          v = v128.load32_splat(xp, 8);
          c0 = f32x4.add(c0, f32x4.mul(v, d0));
          c1 = f32x4.add(c1, f32x4.mul(v, d1));
        }
      }
    }
    const at = out + ((<usize>co) << 2);
    v128.store(at, a0);
    v128.store(at, a1, 16);
    v128.store(at + tapBytes, b0);
    v128.store(at + tapBytes, b1, 16);
    v128.store(at + 2 * tapBytes, c0);
    v128.store(at + 2 * tapBytes, c1, 16);
  }
}

/** ⌊a / b⌋ for b > 0 and any sign of a (i32 division truncates toward zero). */
// @ts-ignore: AssemblyScript's inline decorator
@inline function floorDiv(a: i32, b: i32): i32 {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/** ⌈a / b⌉ for b > 0. */
// @ts-ignore: AssemblyScript's inline decorator
@inline function ceilDiv(a: i32, b: i32): i32 {
  return -floorDiv(-a, b);
}
