/** What a model does with a corruption of its input: strip it, or copy it to its output. */

/**
 * How much of a corruption a model lets through, over all images: ‖f(x̃) − f(x)‖² / ‖x̃ − x‖²,
 * with x the clean images, x̃ the corrupted ones and f the reconstruction. 0: the output ignores
 * the corruption; 1: it changes as much as the input did (an identity passes all of it).
 *
 * @throws Error when the arrays differ in length, or the corruption changed nothing.
 */
export function sharePassedThrough(clean: Float32Array, corrupted: Float32Array, reconstructedClean: Float32Array, reconstructedCorrupted: Float32Array): number {
  const length = clean.length;
  if (corrupted.length !== length || reconstructedClean.length !== length || reconstructedCorrupted.length !== length) {
    throw new Error('sharePassedThrough: the four arrays must have the same length');
  }
  let output = 0;
  let input = 0;
  for (let k = 0; k < length; k++) {
    output += (reconstructedCorrupted[k]! - reconstructedClean[k]!) ** 2;
    input += (corrupted[k]! - clean[k]!) ** 2;
  }
  if (input === 0) throw new Error('sharePassedThrough: the corruption changed no pixel');
  return output / input;
}
