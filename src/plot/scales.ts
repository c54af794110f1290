/** Scale choices shared by the static (Observable Plot) and interactive (Plotly) charts, so both show the same picture. */

/** Observable Plot's "observable10" categorical scheme, given to Plotly too so a fallback SVG and its interactive figure agree. */
export const SERIES_COLORS: readonly string[] = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951', '#ff8ab7', '#a463f2', '#97bbf5', '#9c6b4e', '#9498a0'];

/** The color of the `index`-th series, cycling through {@link SERIES_COLORS}. */
export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length]!;
}

/**
 * True when the finite values are all positive and the largest is more than ten times the smallest:
 * then a linear axis would flatten every curve but the first epochs, and a log axis is wanted.
 */
export function spansMoreThanADecade(values: readonly number[]): boolean {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0 || finite.some((value) => value <= 0)) return false;
  return Math.max(...finite) / Math.min(...finite) > 10;
}

/**
 * Integer tick values in [first, last], every 1, 2, 5, 10, 20, … units, the finest step that gives at most
 * `maxCount` ticks. Epochs and latent dimensions are counts, so the default ticks' halves (1.5, 2.5) would be wrong.
 */
export function integerTicks(first: number, last: number, maxCount = 10): number[] {
  for (let power = 1; ; power *= 10) {
    for (const step of [power, 2 * power, 5 * power]) {
      const start = Math.ceil(first / step) * step;
      if ((last - start) / step + 1 <= maxCount) {
        return Array.from({ length: Math.max(0, Math.floor((last - start) / step) + 1) }, (_, k) => start + k * step);
      }
    }
  }
}
