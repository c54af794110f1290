/** Small summaries of per-pixel and per-image numbers that the notebooks' tables and charts rest on. */

/** Mean squared difference of two equally long arrays (per value: per pixel for images). */
export function meanSquaredError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length === 0) throw new Error(`meanSquaredError: ${a.length} and ${b.length} values, need two equal non-zero lengths`);
  let sum = 0;
  for (let k = 0; k < a.length; k++) sum += (a[k]! - b[k]!) ** 2;
  return sum / a.length;
}

/** The values at the given quantiles (0..1), by the lower order statistic: sorted[floor(q · n)], clamped to the last. */
export function quantilesOf(values: ArrayLike<number>, quantiles: readonly number[]): number[] {
  if (values.length === 0) throw new Error('quantilesOf: no values');
  const sorted = Float64Array.from(values).sort();
  return quantiles.map((q) => {
    if (!(q >= 0 && q <= 1)) throw new Error(`quantilesOf: quantile ${q} is not in 0..1`);
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  });
}

/** The mean of `values` over the images of each digit 0..9 (`labels[i]` is the digit of `values[i]`); NaN for a digit with none. */
export function meanByClass(values: ArrayLike<number>, labels: ArrayLike<number>): number[] {
  if (values.length !== labels.length) throw new Error(`meanByClass: ${values.length} values but ${labels.length} labels`);
  const sums = new Array<number>(10).fill(0);
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < values.length; i++) {
    sums[labels[i]!]! += values[i]!;
    counts[labels[i]!]! += 1;
  }
  return sums.map((sum, digit) => sum / counts[digit]!);
}
