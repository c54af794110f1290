/**
 * Mean and standard deviation of pixels on the [0, 1] scale: what `Normalize(mean, std)` would
 * need to give the network inputs of mean 0 and standard deviation 1.
 */
export function pixelMeanStd(pixels: Uint8Array): { mean: number; std: number } {
  if (pixels.length === 0) throw new Error('pixelMeanStd: no pixels');
  // Sums of bytes are exact integers in float64 up to 2⁵³, far beyond MNIST's 47 million pixels.
  let sum = 0;
  let sumSquares = 0;
  for (const byte of pixels) {
    sum += byte;
    sumSquares += byte * byte;
  }
  const mean = sum / pixels.length;
  const variance = sumSquares / pixels.length - mean * mean;
  return { mean: mean / 255, std: Math.sqrt(variance) / 255 };
}
