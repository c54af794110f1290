/** Tiny MNIST-shaped IDX fixtures written into fresh temp folders, plus assertion helpers. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC } from '../../src/data/idx.js';
import { MNIST_FILES } from '../../src/data/mnist.js';

/** Bytes of an IDX image file whose pixel `offset` of image `image` is `(image * 7 + offset * 13) % 256`. */
export function idxImagesBytes(count: number, rows: number, cols: number): Uint8Array {
  const bytes = new Uint8Array(16 + count * rows * cols);
  const view = new DataView(bytes.buffer);
  [IDX_IMAGES_MAGIC, count, rows, cols].forEach((value, i) => view.setUint32(i * 4, value, false));
  for (let image = 0; image < count; image++) {
    for (let offset = 0; offset < rows * cols; offset++) {
      bytes[16 + image * rows * cols + offset] = (image * 7 + offset * 13) % 256;
    }
  }
  return bytes;
}

/** Bytes of an IDX label file holding `labels`. */
export function idxLabelsBytes(labels: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(8 + labels.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, IDX_LABELS_MAGIC, false);
  view.setUint32(4, labels.length, false);
  bytes.set(labels, 8);
  return bytes;
}

/** Labels 0..9 repeating, `count` of them. */
export function cyclingLabels(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i % 10);
}

/** Canonical file name → content of a small valid MNIST look-alike (12 train, 5 test images of 4×3). */
export function fixtureFiles(): Record<string, Uint8Array> {
  return {
    [MNIST_FILES.trainImages.name]: idxImagesBytes(12, 4, 3),
    [MNIST_FILES.trainLabels.name]: idxLabelsBytes(cyclingLabels(12)),
    [MNIST_FILES.testImages.name]: idxImagesBytes(5, 4, 3),
    [MNIST_FILES.testLabels.name]: idxLabelsBytes(cyclingLabels(5)),
  };
}

/** SHA-256 of each file, the shape `loadMnistFrom` expects. */
export function checksumsOf(files: Record<string, Uint8Array>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(files).map(([name, bytes]) => [name, createHash('sha256').update(bytes).digest('hex')]),
  );
}

const tempDirs: string[] = [];

/** A fresh, empty temp folder, removed by {@link removeTempDirs}. */
export function makeTempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ae-data-test-'));
  tempDirs.push(dir);
  return dir;
}

/** Removes every folder made by {@link makeTempDir}; call from an `after` hook. */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes `files` into `dir` (as `<name>.gz` when `gzip`), returns `dir`. */
export function writeFiles(dir: string, files: Record<string, Uint8Array>, gzip = false): string {
  for (const [name, bytes] of Object.entries(files)) {
    if (gzip) writeFileSync(join(dir, `${name}.gz`), gzipSync(bytes));
    else writeFileSync(join(dir, name), bytes);
  }
  return dir;
}

/** Asserts `run` throws an Error whose message is one line and matches `pattern`. */
export function assertOneLineError(run: () => unknown, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof Error, 'expected an Error');
    assert.doesNotMatch(error.message, /\n/, 'error message must be one line');
    assert.match(error.message, pattern);
    return true;
  });
}
