/** What a model does with a corruption of its input: strip it, or copy it to its output. */

/** The common length of the four arrays both measures below take; throws, naming `what`, when they differ. */
function sameLength(what: string, ...arrays: readonly Float32Array[]): number {
  const length = arrays[0]!.length;
  if (arrays.some((array) => array.length !== length)) throw new Error(`${what}: the four arrays must have the same length`);
  return length;
}

/**
 * The copied part of a corruption, pooled over all images: Σ⟨f(x̃) − f(x), x̃ − x⟩ / Σ‖x̃ − x‖²,
 * with x the clean images, x̃ the corrupted ones and f the reconstruction. It is the projection of
 * the output's change onto the input's change: 1 when the output changes exactly as the input did
 * (an identity copies all of it), 0 when the output's change has nothing in the corruption's
 * direction (it ignores the corruption, or redraws something unrelated to it), negative when it
 * moves against it. Whatever else the output changes (the digit redrawn differently) is not counted.
 *
 * @throws Error when the arrays differ in length, or the corruption changed nothing.
 */
export function copiedPart(clean: Float32Array, corrupted: Float32Array, reconstructedClean: Float32Array, reconstructedCorrupted: Float32Array): number {
  const length = sameLength('copiedPart', clean, corrupted, reconstructedClean, reconstructedCorrupted);
  let projection = 0;
  let input = 0;
  for (let k = 0; k < length; k++) {
    const change = corrupted[k]! - clean[k]!;
    projection += (reconstructedCorrupted[k]! - reconstructedClean[k]!) * change;
    input += change * change;
  }
  if (input === 0) throw new Error('copiedPart: the corruption changed no pixel');
  return projection / input;
}

/**
 * Where a model's output changed, against where its input did: the share of the output's change,
 * Σ(f(x̃) − f(x))² over the pixels the corruption left as they were (x̃ = x), over Σ(f(x̃) − f(x))²
 * over all pixels, pooled over images. 0: the output changed only where the input did; near 1: it
 * changed elsewhere (redrew the digit) — a blot touches one square, a redrawn digit moves strokes
 * all over the image. 0 when the output did not change at all.
 *
 * @throws Error when the arrays differ in length.
 */
export function changeOutsideCorruption(clean: Float32Array, corrupted: Float32Array, reconstructedClean: Float32Array, reconstructedCorrupted: Float32Array): number {
  const length = sameLength('changeOutsideCorruption', clean, corrupted, reconstructedClean, reconstructedCorrupted);
  let outside = 0;
  let total = 0;
  for (let k = 0; k < length; k++) {
    const change = (reconstructedCorrupted[k]! - reconstructedClean[k]!) ** 2;
    total += change;
    if (corrupted[k] === clean[k]) outside += change;
  }
  return total === 0 ? 0 : outside / total;
}
