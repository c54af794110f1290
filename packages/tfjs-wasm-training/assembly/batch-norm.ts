/**
 * Batch normalization in training mode over a channels-last tensor seen as `rows` × `channels`
 * (every axis but the last is a row). Each channel's statistics are summed row after row,
 * four channels to a SIMD lane group when `channels` is a multiple of 4 (the autoencoder's 8
 * and 16), one at a time otherwise; either way each channel's sum is the same sequence of
 * float32 additions. Pointers are byte offsets into tfjs-backend-wasm's heap.
 */

/** mean[c] = Σ x[r, c] / rows and variance[c] = Σ (x[r, c] − mean[c])² / rows (biased, as tf.moments). */
export function batchNormMoments(x: usize, rows: i32, channels: i32, mean: usize, variance: usize): void {
  const count = <f32>rows;
  const stride = (<usize>channels) << 2;
  if ((channels & 3) == 0) {
    for (let c = 0; c < channels; c += 4) {
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
    for (let c = 0; c < channels; c += 4) {
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
    for (let c = 0; c < channels; c += 4) {
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
