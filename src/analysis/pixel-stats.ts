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

/**
 * The MSE per pixel ([0, 1] units) of a model that ignores its input and draws the mean training
 * image for every test image: the error any autoencoder that learned something must beat.
 *
 * @throws Error when either set is not a whole number of images of `pixelsPerImage`.
 */
export function meanImageMse(trainPixels: Uint8Array, testPixels: Uint8Array, pixelsPerImage = 784): number {
  const trainCount = trainPixels.length / pixelsPerImage;
  const testCount = testPixels.length / pixelsPerImage;
  if (!Number.isInteger(trainCount) || !Number.isInteger(testCount) || trainCount === 0 || testCount === 0) {
    throw new Error(`meanImageMse: ${trainPixels.length} and ${testPixels.length} pixels are not whole images of ${pixelsPerImage}`);
  }
  const mean = new Float64Array(pixelsPerImage);
  for (let k = 0; k < trainPixels.length; k++) mean[k % pixelsPerImage]! += trainPixels[k]! / 255;
  for (let p = 0; p < pixelsPerImage; p++) mean[p]! /= trainCount;
  let sum = 0;
  for (let k = 0; k < testPixels.length; k++) sum += (testPixels[k]! / 255 - mean[k % pixelsPerImage]!) ** 2;
  return sum / testPixels.length;
}
