import { type Normalization, normalizePixels } from '../data/transforms';

/**
 * The lowest MSE any model can reach when its outputs are confined to `outputRange` but its
 * targets are `pixels` normalized with `normalization`: each target counts with its squared
 * distance to the nearest reachable value. In [0, 1] pixel units (× std²).
 *
 * This puts a number on the original tutorial's defect: a sigmoid output lives in (0, 1), but
 * `Normalize(0.5, 1.0)` puts every black pixel at −0.5, so the MSE can never fall below
 * `mseFloor(pixels, {mean: 0.5, std: 1}, [0, 1])`.
 */
export function mseFloor(pixels: Uint8Array, normalization: Normalization, outputRange: readonly [number, number]): number {
  const [low, high] = outputRange;
  if (!(low <= high)) throw new Error(`outputRange must be [low, high] with low ≤ high, got [${low}, ${high}]`);
  const targets = normalizePixels(pixels, normalization);
  let sum = 0;
  for (const target of targets) {
    const gap = target < low ? low - target : target > high ? target - high : 0;
    sum += gap * gap;
  }
  return (sum / targets.length) * normalization.std ** 2;
}
