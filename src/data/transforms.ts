/**
 * Pixel transforms on plain typed arrays, mirroring torchvision's
 * `ToTensor()` (bytes → [0, 1]) and `Normalize(mean, std)`.
 */

/** Per-pixel affine normalization `(x - mean) / std`, applied after scaling to [0, 1]. */
export interface Normalization {
  /** Subtracted from every [0, 1] pixel. */
  mean: number;
  /** Divides the centred pixel; must be finite and > 0. */
  std: number;
}

/**
 * The original tutorial's `Normalize((0.5,), (1.0,))`: pixels land in [-0.5, 0.5],
 * so the decoder's output activation must cover exactly that range.
 */
export const SEED_NORMALIZATION: Normalization = Object.freeze({ mean: 0.5, std: 1.0 });

/**
 * Throws unless `n` is a usable normalization.
 *
 * @param optionName - How the caller calls this option, named in the error.
 * @throws Error (one line) when mean is not finite, or std is not finite and > 0.
 */
export function validateNormalization(n: Normalization, optionName = 'normalization'): void {
  if (typeof n !== 'object' || n === null) throw new Error(`${optionName} must be an object { mean, std } (got ${n})`);
  if (typeof n.mean !== 'number' || !Number.isFinite(n.mean)) {
    throw new Error(`${optionName}.mean must be a finite number (got ${n.mean})`);
  }
  if (typeof n.std !== 'number' || !Number.isFinite(n.std) || n.std <= 0) {
    throw new Error(`${optionName}.std must be a finite number > 0 (got ${n.std})`);
  }
}

/** Returns `out` after checking its length, or a new array of `length`. */
function outputArray(length: number, out: Float32Array | undefined, fn: string): Float32Array {
  if (out === undefined) return new Float32Array(length);
  if (out.length !== length) throw new Error(`${fn}: out has length ${out.length}, expected ${length}`);
  return out;
}

/**
 * Scales bytes 0..255 to floats in [0, 1] (`x / 255`), like torchvision's `ToTensor`.
 *
 * @param out - Optional destination of the same length.
 */
export function toUnitRange(pixels: Uint8Array, out?: Float32Array): Float32Array {
  const result = outputArray(pixels.length, out, 'toUnitRange');
  for (let i = 0; i < pixels.length; i++) result[i] = pixels[i]! / 255;
  return result;
}

/**
 * Applies `(x - mean) / std` element-wise.
 *
 * @param out - Optional destination of the same length; may be `x` itself (in place).
 * @throws Error when `n` is invalid or `out` has the wrong length.
 */
export function normalize(x: Float32Array, n: Normalization, out?: Float32Array): Float32Array {
  validateNormalization(n);
  const result = outputArray(x.length, out, 'normalize');
  const { mean, std } = n;
  for (let i = 0; i < x.length; i++) result[i] = (x[i]! - mean) / std;
  return result;
}

/**
 * Inverse of {@link normalize}: `x * std + mean`, to bring model outputs back to [0, 1] for display.
 *
 * @param out - Optional destination of the same length; may be `x` itself (in place).
 * @throws Error when `n` is invalid or `out` has the wrong length.
 */
export function denormalize(x: Float32Array, n: Normalization, out?: Float32Array): Float32Array {
  validateNormalization(n);
  const result = outputArray(x.length, out, 'denormalize');
  const { mean, std } = n;
  for (let i = 0; i < x.length; i++) result[i] = x[i]! * std + mean;
  return result;
}

/**
 * The normalized value of every byte 0..255 under `n`, built through {@link toUnitRange}
 * and {@link normalize} so table lookups round exactly like the two-step path.
 *
 * @throws Error when `n` is invalid.
 */
export function normalizationTable(n: Normalization): Float32Array {
  return normalize(toUnitRange(Uint8Array.from({ length: 256 }, (_, value) => value)), n);
}

/**
 * Bytes straight to normalized floats; equal, float for float, to
 * `normalize(toUnitRange(pixels), n)` but one pass through a 256-entry table.
 *
 * @param out - Optional destination of the same length.
 * @throws Error when `n` is invalid or `out` has the wrong length.
 */
export function normalizePixels(pixels: Uint8Array, n: Normalization, out?: Float32Array): Float32Array {
  const table = normalizationTable(n);
  const result = outputArray(pixels.length, out, 'normalizePixels');
  for (let i = 0; i < pixels.length; i++) result[i] = table[pixels[i]!]!;
  return result;
}

/**
 * The range a [0, 1] pixel maps to under `n`: `[-mean / std, (1 - mean) / std]`.
 * The model's output activation must produce exactly this range (e.g. [-0.5, 0.5] for {@link SEED_NORMALIZATION}).
 *
 * @throws Error when `n` is invalid.
 */
export function normalizedRange(n: Normalization): [number, number] {
  validateNormalization(n);
  return [(0 - n.mean) / n.std, (1 - n.mean) / n.std];
}
