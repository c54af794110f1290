/**
 * Strided block copies for `Slice` and `PadV2`: up to three outer loops around one contiguous
 * run of `runBytes`, each run one `memory.copy`. Strides and offsets are in bytes; pointers are
 * byte offsets into tfjs-backend-wasm's heap.
 */
export function copyRuns(
  from: usize, to: usize, runBytes: usize,
  count0: i32, count1: i32, count2: i32,
  fromStride0: usize, fromStride1: usize, fromStride2: usize,
  toStride0: usize, toStride1: usize, toStride2: usize,
): void {
  for (let i0 = 0; i0 < count0; i0++) {
    let f1 = from + <usize>i0 * fromStride0;
    let t1 = to + <usize>i0 * toStride0;
    for (let i1 = 0; i1 < count1; i1++, f1 += fromStride1, t1 += toStride1) {
      let f2 = f1;
      let t2 = t1;
      for (let i2 = 0; i2 < count2; i2++, f2 += fromStride2, t2 += toStride2) memory.copy(t2, f2, runBytes);
    }
  }
}
