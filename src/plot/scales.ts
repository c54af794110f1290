/** Scale choices shared by the static (Observable Plot) and interactive (Plotly) charts, so both show the same picture. */
// Plot is ESM-only; Node ≥ 20.19 require()s it (see observable.ts).
import * as Plot from '@observablehq/plot';
import type { LossHistory } from './results';

import { SERIES_COLORS } from './colors';

export { SERIES_COLORS };

/** The color of the `index`-th series, cycling through {@link SERIES_COLORS}. */
export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length]!;
}

/**
 * Colours for ordered values (latent dims): Plot's sequential "viridis" scheme, its palest sixth
 * left out so that every line stays visible on white.
 */
export function orderedColors(values: readonly number[]): string[] {
  const low = Math.min(...values);
  const high = Math.max(...values);
  const scale = Plot.scale({ color: { type: 'sequential', scheme: 'viridis', domain: [low, high + ((high - low) * 0.2 || 1)] } });
  return values.map((value) => String(scale.apply(value)));
}

/** The colour of each run: on an ordered scale of latent dim when every run has its own, else categorical. */
export function historyColors(histories: readonly LossHistory[]): string[] {
  const dims = histories.map(({ latentDim }) => latentDim);
  return dims.every((dim): dim is number => dim !== undefined) && histories.length > 1 && new Set(dims).size === dims.length
    ? orderedColors(dims)
    : histories.map((_, index) => seriesColor(index));
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
