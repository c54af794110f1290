/**
 * Seeded corruptions of test images, to ask the tutorial's other half of the question: does the
 * code leave noise out? Images are [0, 1] pixel values (28×28, image after image); every
 * corrupted pixel is clipped back to [0, 1].
 */
import seedrandom from 'seedrandom';

/** What is done to each image. */
export type Corruption =
  /** Independent Gaussian noise of standard deviation `sigma` (pixel units) on every pixel. */
  | { kind: 'gaussian'; sigma: number }
  /** Each pixel, with probability `rate`, turned black or white (half and half). */
  | { kind: 'salt-and-pepper'; rate: number }
  /** A black square of `size`×`size` pixels over the middle part of the image, where the strokes are. */
  | { kind: 'blot'; size: number }
  /** A white straight line `width` pixels wide across the image, from edge to edge: a stray stroke. */
  | { kind: 'stroke'; width: number };

const SIDE = 28;
const PIXELS = SIDE * SIDE;

/** A short name of a corruption, for tables and figure labels: `noise σ 0.3`, `salt & pepper 10 %`. */
export function describeCorruption(corruption: Corruption): string {
  switch (corruption.kind) {
    case 'gaussian': return `noise σ ${corruption.sigma}`;
    case 'salt-and-pepper': return `salt & pepper ${Math.round(corruption.rate * 100)} %`;
    case 'blot': return `blot ${corruption.size}×${corruption.size}`;
    case 'stroke': return `stray stroke ${corruption.width} px`;
  }
}

function checkLevel(value: number, name: string, low: number, high: number): void {
  if (!(value >= low && value <= high)) throw new Error(`${name} must be in ${low}..${high}, got ${value}`);
}

/** Throws a one-line error unless `corruption` is one of the kinds with its level in range. */
export function validateCorruption(corruption: Corruption): void {
  switch (corruption.kind) {
    case 'gaussian': checkLevel(corruption.sigma, 'sigma', 0, 1); break;
    case 'salt-and-pepper': checkLevel(corruption.rate, 'rate', 0, 1); break;
    case 'blot': checkLevel(corruption.size, 'size', 1, 20); break;
    case 'stroke': checkLevel(corruption.width, 'width', 1, 6); break;
    default: throw new Error(`corruption kind must be gaussian, salt-and-pepper, blot or stroke, got ${String((corruption as { kind: unknown }).kind)}`);
  }
}

/**
 * A corrupted copy of `images`. The same images, corruption and seed always give the same result;
 * each image gets its own draw.
 *
 * @throws Error (one line) for data that is not whole 28×28 images or a level out of range.
 */
export function corrupt(images: Float32Array, corruption: Corruption, seed: number | string): Float32Array {
  if (images.length === 0 || images.length % PIXELS !== 0) throw new Error(`corrupt: ${images.length} values are not whole 28×28 images`);
  validateCorruption(corruption);
  const random = seedrandom(`corrupt:${corruption.kind}:${seed}`);
  const out = Float32Array.from(images);
  for (let start = 0; start < out.length; start += PIXELS) {
    const image = out.subarray(start, start + PIXELS);
    switch (corruption.kind) {
      case 'gaussian':
        for (let p = 0; p < PIXELS; p++) image[p] = image[p]! + corruption.sigma * gaussian(random);
        break;
      case 'salt-and-pepper':
        for (let p = 0; p < PIXELS; p++) if (random() < corruption.rate) image[p] = random() < 0.5 ? 0 : 1;
        break;
      case 'blot': {
        // Anywhere in the middle 20×20, where MNIST's digits are drawn.
        const { size } = corruption;
        const left = 4 + Math.floor(random() * (21 - size));
        const top = 4 + Math.floor(random() * (21 - size));
        for (let y = top; y < top + size; y++) image.fill(0, y * SIDE + left, y * SIDE + left + size);
        break;
      }
      case 'stroke':
        drawLine(image, random, corruption.width);
        break;
    }
    for (let p = 0; p < PIXELS; p++) image[p] = Math.min(1, Math.max(0, image[p]!));
  }
  return out;
}

/** A standard normal draw (Box–Muller). */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** A white line through a random point of the middle, at a random angle, `width` pixels wide. */
function drawLine(image: Float32Array, random: () => number, width: number): void {
  const cx = 8 + random() * 12;
  const cy = 8 + random() * 12;
  const angle = random() * Math.PI;
  const [dx, dy] = [Math.cos(angle), Math.sin(angle)];
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      // Distance of the pixel centre from the line through (cx, cy) in direction (dx, dy).
      const distance = Math.abs((x + 0.5 - cx) * dy - (y + 0.5 - cy) * dx);
      if (distance <= width / 2) image[y * SIDE + x] = 1;
    }
  }
}
