/**
 * One matrix product C[m, n] = A · B (`BatchMatMul` of batch 1), float32:
 *
 *   C[i, j] = Σ_{t < k} A[i, t] · B[t, j]
 *
 * A is stored [m, k], or [k, m] when `transposeA`; B is [k, n], or [n, k] when `transposeB`, in
 * which case it is first copied into `packed` as [k, n]. Each C element is one float32 sum from
 * zero in t order, a product rounded and then added: the same order as XNNPACK's GEMM, which
 * wasm's own `BatchMatMul` runs for a single product, so the two give the same bits. Four rows and eight columns go at
 * a time (eight accumulators): each B vector loaded feeds four rows, each broadcast A value two
 * vectors. Pointers are byte offsets into tfjs-backend-wasm's heap.
 */
export function matmul(
  a: usize, b: usize, c: usize, packed: usize,
  m: i32, k: i32, n: i32, transposeA: i32, transposeB: i32,
): void {
  let bk = b; // B as [k, n]
  if (transposeB != 0) {
    for (let t = 0; t < k; t++) {
      for (let j = 0; j < n; j++) store<f32>(packed + ((<usize>(t * n + j)) << 2), load<f32>(b + ((<usize>(j * k + t)) << 2)));
    }
    bk = packed;
  }
  // A[i, t] lies at a + i·rowStep + t·innerStep.
  const rowStep: usize = transposeA != 0 ? 4 : (<usize>k) << 2;
  const innerStep: usize = transposeA != 0 ? (<usize>m) << 2 : 4;
  const bRow = (<usize>n) << 2;
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      let a0 = f32x4.splat(0);
      let a1 = f32x4.splat(0);
      let b0 = f32x4.splat(0);
      let b1 = f32x4.splat(0);
      let c0 = f32x4.splat(0);
      let c1 = f32x4.splat(0);
      let d0 = f32x4.splat(0);
      let d1 = f32x4.splat(0);
      let ap = a + (<usize>i) * rowStep;
      let bp = bk + ((<usize>j) << 2);
      for (let t = 0; t < k; t++, ap += innerStep, bp += bRow) {
        const w0 = v128.load(bp);
        const w1 = v128.load(bp, 16);
        let x = v128.load32_splat(ap);
        a0 = f32x4.add(a0, f32x4.mul(x, w0));
        a1 = f32x4.add(a1, f32x4.mul(x, w1));
        x = v128.load32_splat(ap + rowStep);
        b0 = f32x4.add(b0, f32x4.mul(x, w0));
        b1 = f32x4.add(b1, f32x4.mul(x, w1));
        x = v128.load32_splat(ap + 2 * rowStep);
        c0 = f32x4.add(c0, f32x4.mul(x, w0));
        c1 = f32x4.add(c1, f32x4.mul(x, w1));
        x = v128.load32_splat(ap + 3 * rowStep);
        d0 = f32x4.add(d0, f32x4.mul(x, w0));
        d1 = f32x4.add(d1, f32x4.mul(x, w1));
      }
      const at = c + ((<usize>(i * n + j)) << 2);
      v128.store(at, a0);
      v128.store(at, a1, 16);
      v128.store(at + bRow, b0);
      v128.store(at + bRow, b1, 16);
      v128.store(at + 2 * bRow, c0);
      v128.store(at + 2 * bRow, c1, 16);
      v128.store(at + 3 * bRow, d0);
      v128.store(at + 3 * bRow, d1, 16);
    }
    for (; i < m; i++) {
      let a0 = f32x4.splat(0);
      let a1 = f32x4.splat(0);
      let ap = a + (<usize>i) * rowStep;
      let bp = bk + ((<usize>j) << 2);
      for (let t = 0; t < k; t++, ap += innerStep, bp += bRow) {
        const x = v128.load32_splat(ap);
        a0 = f32x4.add(a0, f32x4.mul(x, v128.load(bp)));
        a1 = f32x4.add(a1, f32x4.mul(x, v128.load(bp, 16)));
      }
      const at = c + ((<usize>(i * n + j)) << 2);
      v128.store(at, a0);
      v128.store(at, a1, 16);
    }
  }
  for (; j + 4 <= n; j += 4) {
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      let a0 = f32x4.splat(0);
      let b0 = f32x4.splat(0);
      let c0 = f32x4.splat(0);
      let d0 = f32x4.splat(0);
      let ap = a + (<usize>i) * rowStep;
      let bp = bk + ((<usize>j) << 2);
      for (let t = 0; t < k; t++, ap += innerStep, bp += bRow) {
        const w0 = v128.load(bp);
        a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(ap), w0));
        b0 = f32x4.add(b0, f32x4.mul(v128.load32_splat(ap + rowStep), w0));
        c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(ap + 2 * rowStep), w0));
        d0 = f32x4.add(d0, f32x4.mul(v128.load32_splat(ap + 3 * rowStep), w0));
      }
      const at = c + ((<usize>(i * n + j)) << 2);
      v128.store(at, a0);
      v128.store(at + bRow, b0);
      v128.store(at + 2 * bRow, c0);
      v128.store(at + 3 * bRow, d0);
    }
    for (; i < m; i++) {
      let a0 = f32x4.splat(0);
      let ap = a + (<usize>i) * rowStep;
      let bp = bk + ((<usize>j) << 2);
      for (let t = 0; t < k; t++, ap += innerStep, bp += bRow) a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(ap), v128.load(bp)));
      v128.store(c + ((<usize>(i * n + j)) << 2), a0);
    }
  }
  for (; j < n; j++) {
    for (let i = 0; i < m; i++) {
      let sum: f32 = 0;
      let ap = a + (<usize>i) * rowStep;
      let bp = bk + ((<usize>j) << 2);
      for (let t = 0; t < k; t++, ap += innerStep, bp += bRow) sum += load<f32>(ap) * load<f32>(bp);
      store<f32>(c + ((<usize>(i * n + j)) << 2), sum);
    }
  }
}
