/**
 * Reading the IDX format that MNIST ships in (http://yann.lecun.com/exdb/mnist/).
 *
 * An IDX file is a big-endian header (magic number, then one uint32 size per
 * dimension) followed by the raw data. This module only understands the two
 * kinds MNIST uses: unsigned-byte images (3 dims) and unsigned-byte labels (1 dim).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { oneLine } from '../util/text';

/** Magic number of an IDX image file: 0x00000803 = unsigned-byte data, 3 dims (count, rows, cols). */
export const IDX_IMAGES_MAGIC = 2051;

/** Magic number of an IDX label file: 0x00000801 = unsigned-byte data, 1 dim (count). */
export const IDX_LABELS_MAGIC = 2049;

/** Bytes before the pixels: magic + count + rows + cols, 4 bytes each. */
const IMAGES_HEADER_BYTES = 16;
/** Bytes before the labels: magic + count, 4 bytes each. */
const LABELS_HEADER_BYTES = 8;

/** Every gzip stream starts with these two bytes (RFC 1952). */
const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** Images parsed from an IDX image file. */
export interface IdxImages {
  /** Number of images. */
  count: number;
  /** Image height in pixels. */
  rows: number;
  /** Image width in pixels. */
  cols: number;
  /** `count * rows * cols` pixel values 0..255, image after image, each row-major. */
  pixels: Uint8Array;
}

/** Labels parsed from an IDX label file. */
export interface IdxLabels {
  /** Number of labels. */
  count: number;
  /** One byte per example. */
  labels: Uint8Array;
}

/** True when `bytes` starts with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/**
 * Reads the big-endian uint32 header fields and checks the magic number.
 * Returns the sizes that follow the magic (one per dimension).
 */
function readHeader(
  bytes: Uint8Array,
  fileName: string,
  kind: 'image' | 'label',
  expectedMagic: number,
  headerBytes: number,
): number[] {
  // Check the magic as soon as it is there: "wrong kind of file" is more useful than "too short".
  if (bytes.length >= 4) {
    const magic = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, false);
    if (magic !== expectedMagic) {
      // A common slip is handing over the .gz bytes; say so instead of only printing a strange number.
      const hint = isGzip(bytes) ? '; the data is gzip-compressed, read it with readIdxFile' : '';
      throw new Error(`${fileName}: not an IDX ${kind} file (magic ${magic}, expected ${expectedMagic}${hint})`);
    }
  }
  if (bytes.length < headerBytes) {
    throw new Error(
      `${fileName}: too short for an IDX ${kind} file (${bytes.length} bytes, the header alone needs ${headerBytes})`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sizes: number[] = [];
  for (let offset = 4; offset < headerBytes; offset += 4) sizes.push(view.getUint32(offset, false));
  return sizes;
}

/** Throws unless the data after the header is exactly `expected` bytes long. */
function checkDataLength(bytes: Uint8Array, fileName: string, headerBytes: number, declared: string, expected: number): void {
  const found = bytes.length - headerBytes;
  if (found < expected) {
    throw new Error(`${fileName}: truncated: header declares ${declared} = ${expected} data bytes, found ${found}`);
  }
  if (found > expected) {
    throw new Error(
      `${fileName}: ${found - expected} unexpected trailing bytes: header declares ${declared} = ${expected} data bytes, found ${found}`,
    );
  }
}

/**
 * Parses an IDX image file (magic {@link IDX_IMAGES_MAGIC}).
 *
 * @param bytes - The whole, uncompressed file.
 * @param fileName - Used only to name the file in error messages.
 * @returns The images; `pixels` is a zero-copy view into `bytes`.
 * @throws Error (one line, naming `fileName`) on a short header, wrong magic,
 *   zero image size, or data that is shorter or longer than the header declares.
 */
export function parseIdxImages(bytes: Uint8Array, fileName: string): IdxImages {
  const [count, rows, cols] = readHeader(bytes, fileName, 'image', IDX_IMAGES_MAGIC, IMAGES_HEADER_BYTES) as [
    number,
    number,
    number,
  ];
  if (rows === 0 || cols === 0) {
    throw new Error(`${fileName}: images must have at least one row and column (header says ${rows}×${cols})`);
  }
  const expected = count * rows * cols;
  checkDataLength(bytes, fileName, IMAGES_HEADER_BYTES, `${count} images of ${rows}×${cols}`, expected);
  const pixels = new Uint8Array(bytes.buffer, bytes.byteOffset + IMAGES_HEADER_BYTES, expected);
  return { count, rows, cols, pixels };
}

/**
 * Parses an IDX label file (magic {@link IDX_LABELS_MAGIC}).
 *
 * @param bytes - The whole, uncompressed file.
 * @param fileName - Used only to name the file in error messages.
 * @returns The labels; `labels` is a zero-copy view into `bytes`.
 * @throws Error (one line, naming `fileName`) on a short header, wrong magic,
 *   or data that is shorter or longer than the header declares.
 */
export function parseIdxLabels(bytes: Uint8Array, fileName: string): IdxLabels {
  const [count] = readHeader(bytes, fileName, 'label', IDX_LABELS_MAGIC, LABELS_HEADER_BYTES) as [number];
  checkDataLength(bytes, fileName, LABELS_HEADER_BYTES, `${count} labels`, count);
  const labels = new Uint8Array(bytes.buffer, bytes.byteOffset + LABELS_HEADER_BYTES, count);
  return { count, labels };
}


/**
 * Reads a whole IDX file synchronously, gunzipping it first when it starts with
 * the gzip magic 0x1f 0x8b (so `x-idx3-ubyte` and `x-idx3-ubyte.gz` both work).
 *
 * @param path - File to read.
 * @returns The uncompressed bytes as a plain `Uint8Array` (not a `Buffer`).
 * @throws Error (one line, naming `path`) when the file cannot be read or the gzip data is corrupt.
 */
export function readIdxFile(path: string): Uint8Array {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (error) {
    throw new Error(`${path}: cannot read file (${oneLine(error)})`);
  }
  let bytes: Buffer = raw;
  if (isGzip(raw)) {
    try {
      bytes = gunzipSync(raw);
    } catch (error) {
      throw new Error(`${path}: corrupt gzip data (${oneLine(error)})`);
    }
  }
  // Hand out a plain Uint8Array view: Buffer's different slice() semantics would surprise callers.
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
