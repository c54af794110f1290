import { PNG } from 'pngjs';

/** Layout of {@link imageGridPng}. */
export interface ImageGridOptions {
  /** Images per row. */
  columns: number;
  /** Side of one square image in pixels; default 28 (MNIST). */
  imageSize?: number;
  /** Each image pixel becomes a `scale × scale` block; default 3, so digits read at a glance. */
  scale?: number;
  /** Pixels of light gray between images and around the grid; default 2. */
  gap?: number;
}

const GAP_GRAY = 200;

/**
 * Encodes square grayscale images (values in [0, 1], 1 = white, the way MNIST is usually
 * shown: a white digit on black) as one PNG grid, row by row. Values outside [0, 1] are clipped.
 */
export function imageGridPng(images: Float32Array, options: ImageGridOptions): Buffer {
  const { columns, imageSize = 28, scale = 3, gap = 2 } = options;
  const pixelsPerImage = imageSize * imageSize;
  if (!Number.isInteger(columns) || columns < 1) throw new Error(`columns must be a positive integer, got ${columns}`);
  if (images.length === 0 || images.length % pixelsPerImage !== 0) {
    throw new Error(`imageGridPng: ${images.length} values is not a whole number of ${imageSize}×${imageSize} images`);
  }
  const count = images.length / pixelsPerImage;
  const rows = Math.ceil(count / columns);
  const tile = imageSize * scale;
  const png = new PNG({ width: columns * (tile + gap) + gap, height: rows * (tile + gap) + gap, colorType: 0 });
  png.data.fill(GAP_GRAY);
  for (let k = 0; k < png.data.length; k += 4) png.data[k + 3] = 255;
  for (let image = 0; image < count; image++) {
    const left = gap + (image % columns) * (tile + gap);
    const top = gap + Math.floor(image / columns) * (tile + gap);
    for (let y = 0; y < tile; y++) {
      for (let x = 0; x < tile; x++) {
        const value = images[image * pixelsPerImage + Math.floor(y / scale) * imageSize + Math.floor(x / scale)]!;
        const gray = Math.round(Math.min(1, Math.max(0, value)) * 255);
        const offset = ((top + y) * png.width + left + x) * 4;
        png.data[offset] = gray;
        png.data[offset + 1] = gray;
        png.data[offset + 2] = gray;
      }
    }
  }
  return PNG.sync.write(png, { colorType: 0 });
}
