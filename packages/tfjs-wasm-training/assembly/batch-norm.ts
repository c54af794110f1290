/**
 * Batch normalization in training mode over a channels-last tensor seen as `rows` × `channels`
 * (every axis but the last is a row). Each channel's statistics are summed row after row,
 * four channels to a SIMD lane group when `channels` is a multiple of 4 (the autoencoder's 8
 * and 16), two groups to a pass over the rows where there are eight channels more, one channel
 * at a time otherwise; either way each channel's sum is the same sequence of float32 additions. Pointers are byte offsets into tfjs-backend-wasm's heap.
 */

/** mean[c] = Σ x[r, c] / rows and variance[c] = Σ (x[r, c] − mean[c])² / rows (biased, as tf.moments). */
export function batchNormMoments(x: usize, rows: i32, channels: i32, mean: usize, variance: usize): void {
  const count = <f32>rows;
  const stride = (<usize>channels) << 2;
  if ((channels & 3) == 0) {
    let c = 0;
    for (; c + 8 <= channels; c += 8) {
      // Eight channels in one pass: two lane groups whose sums do not wait on one another.
      const column = (<usize>c) << 2;
      let sum0 = f32x4.splat(0);
      let sum1 = f32x4.splat(0);
      for (let r = 0, at = x + column; r < rows; r++, at += stride) {
        sum0 = f32x4.add(sum0, v128.load(at));
        sum1 = f32x4.add(sum1, v128.load(at, 16));
      }
      const m0 = f32x4.div(sum0, f32x4.splat(count));
      const m1 = f32x4.div(sum1, f32x4.splat(count));
      let squares0 = f32x4.splat(0);
      let squares1 = f32x4.splat(0);
      for (let r = 0, at = x + column; r < rows; r++, at += stride) {
        const d0 = f32x4.sub(v128.load(at), m0);
        const d1 = f32x4.sub(v128.load(at, 16), m1);
        squares0 = f32x4.add(squares0, f32x4.mul(d0, d0));
        squares1 = f32x4.add(squares1, f32x4.mul(d1, d1));
      }
      v128.store(mean + column, m0);
      v128.store(mean + column, m1, 16);
      v128.store(variance + column, f32x4.div(squares0, f32x4.splat(count)));
      v128.store(variance + column, f32x4.div(squares1, f32x4.splat(count)), 16);
    }
    for (; c < channels; c += 4) {
      const column = (<usize>c) << 2;
      let sum = f32x4.splat(0);
      for (let r = 0, at = x + column; r < rows; r++, at += stride) sum = f32x4.add(sum, v128.load(at));
      const m = f32x4.div(sum, f32x4.splat(count));
      let squares = f32x4.splat(0);
      for (let r = 0, at = x + column; r < rows; r++, at += stride) {
        const d = f32x4.sub(v128.load(at), m);
        squares = f32x4.add(squares, f32x4.mul(d, d));
      }
      v128.store(mean + column, m);
      v128.store(variance + column, f32x4.div(squares, f32x4.splat(count)));
    }
    return;
  }
  for (let c = 0; c < channels; c++) {
    const column = (<usize>c) << 2;
    let sum: f32 = 0;
    for (let r = 0, at = x + column; r < rows; r++, at += stride) sum += load<f32>(at);
    const m = sum / count;
    let squares: f32 = 0;
    for (let r = 0, at = x + column; r < rows; r++, at += stride) {
      const d = load<f32>(at) - m;
      squares += d * d;
    }
    store<f32>(mean + column, m);
    store<f32>(variance + column, squares / count);
  }
}

/** y = (x − mean)·(γ/σ) + β per channel, σ = √(variance + ε). */
export function batchNormApply(x: usize, rows: i32, channels: i32, mean: usize, variance: usize, gamma: usize, beta: usize, epsilon: f32, y: usize): void {
  const stride = (<usize>channels) << 2;
  if ((channels & 3) == 0) {
    let c = 0;
    for (; c + 8 <= channels; c += 8) {
      const column = (<usize>c) << 2;
      const m0 = v128.load(mean + column);
      const m1 = v128.load(mean + column, 16);
      const gain0 = f32x4.div(v128.load(gamma + column), f32x4.sqrt(f32x4.add(v128.load(variance + column), f32x4.splat(epsilon))));
      const gain1 = f32x4.div(v128.load(gamma + column, 16), f32x4.sqrt(f32x4.add(v128.load(variance + column, 16), f32x4.splat(epsilon))));
      const b0 = v128.load(beta + column);
      const b1 = v128.load(beta + column, 16);
      for (let r = 0, at = column; r < rows; r++, at += stride) {
        v128.store(y + at, f32x4.add(f32x4.mul(f32x4.sub(v128.load(x + at), m0), gain0), b0));
        v128.store(y + at, f32x4.add(f32x4.mul(f32x4.sub(v128.load(x + at, 16), m1), gain1), b1), 16);
      }
    }
    for (; c < channels; c += 4) {
      const column = (<usize>c) << 2;
      const m = v128.load(mean + column);
      const gain = f32x4.div(v128.load(gamma + column), f32x4.sqrt(f32x4.add(v128.load(variance + column), f32x4.splat(epsilon))));
      const b = v128.load(beta + column);
      for (let r = 0, at = column; r < rows; r++, at += stride) v128.store(y + at, f32x4.add(f32x4.mul(f32x4.sub(v128.load(x + at), m), gain), b));
    }
    return;
  }
  for (let c = 0; c < channels; c++) {
    const column = (<usize>c) << 2;
    const m = load<f32>(mean + column);
    const gain = load<f32>(gamma + column) / Mathf.sqrt(load<f32>(variance + column) + epsilon);
    const b = load<f32>(beta + column);
    for (let r = 0, at = column; r < rows; r++, at += stride) store<f32>(y + at, (load<f32>(x + at) - m) * gain + b);
  }
}

/**
 * The closed-form gradient, with x̂ = (x − mean)/σ, σ = √(variance + ε) and M = rows:
 * dβ = Σ dy, dγ = Σ dy·x̂, dx = (γ/σ)·(dy − dβ/M − x̂·dγ/M).
 */
export function batchNormGrad(
  dy: usize, x: usize, rows: i32, channels: i32, mean: usize, variance: usize, gamma: usize, epsilon: f32,
  dx: usize, dGamma: usize, dBeta: usize,
): void {
  const count = <f32>rows;
  const stride = (<usize>channels) << 2;
  if ((channels & 3) == 0) {
    let c = 0;
    for (; c + 8 <= channels; c += 8) {
      // Eight channels in one pass: four sums that do not wait on one another.
      const column = (<usize>c) << 2;
      const m0 = v128.load(mean + column);
      const m1 = v128.load(mean + column, 16);
      const invStd0 = f32x4.div(f32x4.splat(1), f32x4.sqrt(f32x4.add(v128.load(variance + column), f32x4.splat(epsilon))));
      const invStd1 = f32x4.div(f32x4.splat(1), f32x4.sqrt(f32x4.add(v128.load(variance + column, 16), f32x4.splat(epsilon))));
      let sumDy0 = f32x4.splat(0);
      let sumDy1 = f32x4.splat(0);
      let sumDyXhat0 = f32x4.splat(0);
      let sumDyXhat1 = f32x4.splat(0);
      for (let r = 0, at = column; r < rows; r++, at += stride) {
        const g0 = v128.load(dy + at);
        const g1 = v128.load(dy + at, 16);
        sumDy0 = f32x4.add(sumDy0, g0);
        sumDy1 = f32x4.add(sumDy1, g1);
        sumDyXhat0 = f32x4.add(sumDyXhat0, f32x4.mul(g0, f32x4.mul(f32x4.sub(v128.load(x + at), m0), invStd0)));
        sumDyXhat1 = f32x4.add(sumDyXhat1, f32x4.mul(g1, f32x4.mul(f32x4.sub(v128.load(x + at, 16), m1), invStd1)));
      }
      v128.store(dBeta + column, sumDy0);
      v128.store(dBeta + column, sumDy1, 16);
      v128.store(dGamma + column, sumDyXhat0);
      v128.store(dGamma + column, sumDyXhat1, 16);
      const meanDy0 = f32x4.div(sumDy0, f32x4.splat(count));
      const meanDy1 = f32x4.div(sumDy1, f32x4.splat(count));
      const meanDyXhat0 = f32x4.div(sumDyXhat0, f32x4.splat(count));
      const meanDyXhat1 = f32x4.div(sumDyXhat1, f32x4.splat(count));
      const gain0 = f32x4.mul(v128.load(gamma + column), invStd0);
      const gain1 = f32x4.mul(v128.load(gamma + column, 16), invStd1);
      for (let r = 0, at = column; r < rows; r++, at += stride) {
        const xhat0 = f32x4.mul(f32x4.sub(v128.load(x + at), m0), invStd0);
        const xhat1 = f32x4.mul(f32x4.sub(v128.load(x + at, 16), m1), invStd1);
        v128.store(dx + at, f32x4.mul(f32x4.sub(f32x4.sub(v128.load(dy + at), meanDy0), f32x4.mul(xhat0, meanDyXhat0)), gain0));
        v128.store(dx + at, f32x4.mul(f32x4.sub(f32x4.sub(v128.load(dy + at, 16), meanDy1), f32x4.mul(xhat1, meanDyXhat1)), gain1), 16);
      }
    }
    for (; c < channels; c += 4) {
      const column = (<usize>c) << 2;
      const m = v128.load(mean + column);
      const invStd = f32x4.div(f32x4.splat(1), f32x4.sqrt(f32x4.add(v128.load(variance + column), f32x4.splat(epsilon))));
      let sumDy = f32x4.splat(0);
      let sumDyXhat = f32x4.splat(0);
      for (let r = 0, at = column; r < rows; r++, at += stride) {
        const g = v128.load(dy + at);
        sumDy = f32x4.add(sumDy, g);
        sumDyXhat = f32x4.add(sumDyXhat, f32x4.mul(g, f32x4.mul(f32x4.sub(v128.load(x + at), m), invStd)));
      }
      v128.store(dBeta + column, sumDy);
      v128.store(dGamma + column, sumDyXhat);
      const meanDy = f32x4.div(sumDy, f32x4.splat(count));
      const meanDyXhat = f32x4.div(sumDyXhat, f32x4.splat(count));
      const gain = f32x4.mul(v128.load(gamma + column), invStd);
      for (let r = 0, at = column; r < rows; r++, at += stride) {
        const xhat = f32x4.mul(f32x4.sub(v128.load(x + at), m), invStd);
        v128.store(dx + at, f32x4.mul(f32x4.sub(f32x4.sub(v128.load(dy + at), meanDy), f32x4.mul(xhat, meanDyXhat)), gain));
      }
    }
    return;
  }
  for (let c = 0; c < channels; c++) {
    const column = (<usize>c) << 2;
    const m = load<f32>(mean + column);
    const invStd = <f32>1 / Mathf.sqrt(load<f32>(variance + column) + epsilon);
    let sumDy: f32 = 0;
    let sumDyXhat: f32 = 0;
    for (let r = 0, at = column; r < rows; r++, at += stride) {
      const g = load<f32>(dy + at);
      sumDy += g;
      sumDyXhat += g * ((load<f32>(x + at) - m) * invStd);
    }
    store<f32>(dBeta + column, sumDy);
    store<f32>(dGamma + column, sumDyXhat);
    const meanDy = sumDy / count;
    const meanDyXhat = sumDyXhat / count;
    const gain = load<f32>(gamma + column) * invStd;
    for (let r = 0, at = column; r < rows; r++, at += stride) {
      const xhat = (load<f32>(x + at) - m) * invStd;
      store<f32>(dx + at, (load<f32>(dy + at) - meanDy - xhat * meanDyXhat) * gain);
    }
  }
}
