/**
 * The checkerboard a stride-2 transposed convolution can leave in a reconstruction, as a number:
 * how strongly alternate pixels differ where the image should be plain black.
 */

/**
 * The mean checkerboard amplitude of `reconstructions` in the background of their `originals`
 * (both [0, 1] pixels, 28×28 images one after another): over every 2×2 block (rows and columns
 * from 0 in steps of 2) whose original is black in the block and in the eight blocks around it,
 * the mean of |a − b − c + d| / 4, where a, b are the block's top pixels and c, d its bottom ones.
 * That is the size of the pattern that alternates from pixel to pixel in both directions; a plain
 * or evenly shaded background gives 0, a checkerboard of ±h around any level gives h.
 *
 * @throws Error when the arrays differ in length, are not whole 28×28 images, or no block is background.
 */
export function checkerboardLevel(reconstructions: Float32Array, originals: ArrayLike<number>, side = 28): number {
  const perImage = side * side;
  if (reconstructions.length !== originals.length || reconstructions.length === 0 || reconstructions.length % perImage !== 0) {
    throw new Error(`checkerboardLevel: ${reconstructions.length} reconstructed and ${originals.length} original values are not the same whole ${side}×${side} images`);
  }
  const blocks = side / 2;
  let sum = 0;
  let count = 0;
  for (let offset = 0; offset < reconstructions.length; offset += perImage) {
    // Which 2×2 blocks of the original are all black.
    const black = new Uint8Array(blocks * blocks);
    for (let by = 0; by < blocks; by++) {
      for (let bx = 0; bx < blocks; bx++) {
        const top = offset + 2 * by * side + 2 * bx;
        black[by * blocks + bx] = Number(originals[top] === 0 && originals[top + 1] === 0 && originals[top + side] === 0 && originals[top + side + 1] === 0);
      }
    }
    for (let by = 0; by < blocks; by++) {
      for (let bx = 0; bx < blocks; bx++) {
        let background = true;
        for (let dy = -1; dy <= 1 && background; dy++) {
          for (let dx = -1; dx <= 1 && background; dx++) {
            const y = by + dy;
            const x = bx + dx;
            if (y >= 0 && y < blocks && x >= 0 && x < blocks && !black[y * blocks + x]) background = false;
          }
        }
        if (!background) continue;
        const top = offset + 2 * by * side + 2 * bx;
        sum += Math.abs(reconstructions[top]! - reconstructions[top + 1]! - reconstructions[top + side]! + reconstructions[top + side + 1]!) / 4;
        count += 1;
      }
    }
  }
  if (count === 0) throw new Error('checkerboardLevel: no background block in these images');
  return sum / count;
}
