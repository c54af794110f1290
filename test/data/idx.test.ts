import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, parseIdxImages, parseIdxLabels, readIdxFile } from '../../src/data/idx.js';
import { assertOneLineError, idxImagesBytes, idxLabelsBytes, makeTempDir, removeTempDirs } from './fixtures.js';

after(removeTempDirs);

describe('IDX magic numbers', () => {
  it('are 0x803 for 3-dim and 0x801 for 1-dim unsigned-byte data', () => {
    assert.equal(IDX_IMAGES_MAGIC, 0x00000803);
    assert.equal(IDX_LABELS_MAGIC, 0x00000801);
  });
});

describe('parseIdxImages', () => {
  it('reads the big-endian header and returns a zero-copy view of the pixels', () => {
    const bytes = idxImagesBytes(3, 2, 5);
    const images = parseIdxImages(bytes, 'images');
    assert.deepEqual([images.count, images.rows, images.cols], [3, 2, 5]);
    assert.equal(images.pixels.length, 30);
    assert.equal(images.pixels.buffer, bytes.buffer);
    assert.equal(images.pixels[5 * 1 + 2], (0 * 7 + 7 * 13) % 256); // image 0, pixel 7 (row 1, col 2)
    assert.equal(images.pixels[10 + 3], (1 * 7 + 3 * 13) % 256); // image 1, pixel 3
  });

  it('works on a view that does not start at offset 0 of its buffer', () => {
    const inner = idxImagesBytes(2, 3, 3);
    const outer = new Uint8Array(inner.length + 5);
    outer.set(inner, 5);
    const images = parseIdxImages(outer.subarray(5), 'offset');
    assert.equal(images.count, 2);
    assert.deepEqual(Array.from(images.pixels), Array.from(inner.subarray(16)));
  });

  it('rejects a label file with a clear message', () => {
    assertOneLineError(
      () => parseIdxImages(idxLabelsBytes([1, 2]), 'train-images-idx3-ubyte'),
      /^train-images-idx3-ubyte: not an IDX image file \(magic 2049, expected 2051\)$/,
    );
  });

  it('hints at gzip when handed compressed bytes', () => {
    assertOneLineError(() => parseIdxImages(gzipSync(idxImagesBytes(1, 2, 2)), 'x.gz'), /^x\.gz: not an IDX image file .*gzip/);
  });

  it('rejects a header that is too short', () => {
    const headerOnly = idxImagesBytes(1, 1, 1).subarray(0, 10); // right magic, cut inside the sizes
    assertOneLineError(() => parseIdxImages(headerOnly, 'short'), /^short: too short .*10 bytes.*16/);
    assertOneLineError(() => parseIdxImages(new Uint8Array(2), 'tiny'), /^tiny: too short .*2 bytes/);
  });

  it('says how many bytes were expected and found when truncated', () => {
    const bytes = idxImagesBytes(3, 2, 5).subarray(0, 16 + 29);
    assertOneLineError(() => parseIdxImages(bytes, 'cut'), /^cut: truncated: header declares 3 images of 2×5 = 30 data bytes, found 29$/);
  });

  it('rejects trailing bytes', () => {
    const bytes = new Uint8Array(16 + 30 + 2);
    bytes.set(idxImagesBytes(3, 2, 5));
    assertOneLineError(() => parseIdxImages(bytes, 'long'), /^long: 2 unexpected trailing bytes: .*30 data bytes, found 32$/);
  });

  it('rejects zero-sized images', () => {
    assertOneLineError(() => parseIdxImages(idxImagesBytes(0, 0, 5), 'flat'), /^flat: images must have at least one row/);
  });
});

describe('parseIdxLabels', () => {
  it('reads count and labels as a zero-copy view', () => {
    const bytes = idxLabelsBytes([7, 2, 1, 0]);
    const labels = parseIdxLabels(bytes, 'labels');
    assert.equal(labels.count, 4);
    assert.deepEqual(Array.from(labels.labels), [7, 2, 1, 0]);
    assert.equal(labels.labels.buffer, bytes.buffer);
  });

  it('rejects an image file, a short header, truncation and trailing bytes', () => {
    assertOneLineError(() => parseIdxLabels(idxImagesBytes(1, 1, 1), 'L'), /^L: not an IDX label file \(magic 2051, expected 2049\)$/);
    assertOneLineError(() => parseIdxLabels(idxLabelsBytes([]).subarray(0, 6), 'L'), /^L: too short/);
    assertOneLineError(() => parseIdxLabels(idxLabelsBytes([1, 2, 3]).subarray(0, 10), 'L'), /^L: truncated: .*3 data bytes, found 2$/);
    const long = new Uint8Array(8 + 3 + 1);
    long.set(idxLabelsBytes([1, 2, 3]));
    assertOneLineError(() => parseIdxLabels(long, 'L'), /^L: 1 unexpected trailing bytes/);
  });
});

describe('readIdxFile', () => {
  it('returns plain files as they are, as a Uint8Array rather than a Buffer', () => {
    const dir = makeTempDir();
    const bytes = idxLabelsBytes([3, 1, 4]);
    writeFileSync(join(dir, 'plain'), bytes);
    const read = readIdxFile(join(dir, 'plain'));
    assert.equal(Object.getPrototypeOf(read), Uint8Array.prototype);
    assert.deepEqual(read, bytes);
  });

  it('gunzips transparently', () => {
    const dir = makeTempDir();
    const bytes = idxImagesBytes(4, 3, 3);
    writeFileSync(join(dir, 'packed.gz'), gzipSync(bytes));
    assert.deepEqual(readIdxFile(join(dir, 'packed.gz')), bytes);
  });

  it('names the file when the gzip data is corrupt or truncated', () => {
    const dir = makeTempDir();
    const packed = gzipSync(idxImagesBytes(40, 3, 3));
    writeFileSync(join(dir, 'cut.gz'), packed.subarray(0, packed.length - 20));
    const garbage = Uint8Array.from([0x1f, 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    writeFileSync(join(dir, 'garbage.gz'), garbage);
    assertOneLineError(() => readIdxFile(join(dir, 'cut.gz')), /cut\.gz: corrupt gzip data \(.+\)$/);
    assertOneLineError(() => readIdxFile(join(dir, 'garbage.gz')), /garbage\.gz: corrupt gzip data \(.+\)$/);
  });

  it('names the file when it cannot be read', () => {
    const dir = makeTempDir();
    assertOneLineError(() => readIdxFile(join(dir, 'absent')), /absent: cannot read file \(ENOENT/);
  });
});
