/**
 * Memory-bound kernels of the training step, one pass each. Pointers are byte offsets into
 * tfjs-backend-wasm's heap; `rows` × `channels` views a channels-last tensor with every axis
 * but the last as rows.
 */

/** out[c] = Σ_r x[r, c]: a bias gradient (each channel summed row after row, in float32). */
export function columnSums(x: usize, rows: i32, channels: i32, out: usize): void {
  const stride = (<usize>channels) << 2;
  let c = 0;
  for (; c + 16 <= channels; c += 16) {
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let a2 = f32x4.splat(0);
    let a3 = f32x4.splat(0);
    for (let r = 0, at = x + ((<usize>c) << 2); r < rows; r++, at += stride) {
      a0 = f32x4.add(a0, v128.load(at));
      a1 = f32x4.add(a1, v128.load(at, 16));
      a2 = f32x4.add(a2, v128.load(at, 32));
      a3 = f32x4.add(a3, v128.load(at, 48));
    }
    const to = out + ((<usize>c) << 2);
    v128.store(to, a0);
    v128.store(to, a1, 16);
    v128.store(to, a2, 32);
    v128.store(to, a3, 48);
  }
  for (; c + 4 <= channels; c += 4) {
    let a = f32x4.splat(0);
    for (let r = 0, at = x + ((<usize>c) << 2); r < rows; r++, at += stride) a = f32x4.add(a, v128.load(at));
    v128.store(out + ((<usize>c) << 2), a);
  }
  for (; c < channels; c++) {
    let a: f32 = 0;
    for (let r = 0, at = x + ((<usize>c) << 2); r < rows; r++, at += stride) a += load<f32>(at);
    store<f32>(out + ((<usize>c) << 2), a);
  }
}

/** y[r, c] = x[r, c] + bias[c]: a layer's bias added. */
export function addBias(x: usize, rows: i32, channels: i32, bias: usize, y: usize): void {
  const rowBytes = (<usize>channels) << 2;
  if ((channels & 3) == 0) {
    for (let r = 0, offset: usize = 0; r < rows; r++, offset += rowBytes) {
      for (let at: usize = 0; at < rowBytes; at += 16) v128.store(y + offset + at, f32x4.add(v128.load(x + offset + at), v128.load(bias + at)));
    }
    return;
  }
  for (let r = 0, offset: usize = 0; r < rows; r++, offset += rowBytes) {
    for (let at: usize = 0; at < rowBytes; at += 4) store<f32>(y + offset + at, load<f32>(x + offset + at) + load<f32>(bias + at));
  }
}

/** dx = dy where x > 0, else 0: ReLU's gradient (tfjs: dy · step(x), with step(0) = 0). */
export function reluGrad(dy: usize, x: usize, n: i32, dx: usize): void {
  const vectorEnd = n & ~3;
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i < vectorEnd; i += 4) {
    const at = (<usize>i) << 2;
    v128.store(dx + at, v128.and(v128.load(dy + at), f32x4.gt(v128.load(x + at), zero)));
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(dx + at, load<f32>(x + at) > 0 ? load<f32>(dy + at) : 0);
  }
}

/** y[i] = x[i] + value: a tensor plus a one-element tensor (a [1, 1, 1, 1] bias, a scalar offset). */
export function addScalar(x: usize, n: i32, value: f32, y: usize): void {
  const v = f32x4.splat(value);
  const vectorEnd = n & ~3;
  let i = 0;
  for (; i < vectorEnd; i += 4) {
    const at = (<usize>i) << 2;
    v128.store(y + at, f32x4.add(v128.load(x + at), v));
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(y + at, load<f32>(x + at) + value);
  }
}
