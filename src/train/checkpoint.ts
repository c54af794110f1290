import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { type FolderStep, recoverFolder, writeFolderAtomic } from '../util/folder-swap';
import { lockFolder } from '../util/folder-lock';
import { findProjectRoot } from '../util/paths';
import { checkpointMetadataSchema, modelJsonSchema, readerMetadataSchema, validated } from './checkpoint-schema';
import { type Autoencoder, type AutoencoderOptions, registerCustomLayers, splitAutoencoder } from '../model';
import type { TrainingConfig } from './defaults';
import type { FitResult } from './fit';

/** File names inside a checkpoint folder. */
export const CHECKPOINT_FILES = {
  /** tfjs's own LayersModel format: topology + weights manifest (`tf.loadLayersModel` reads it). */
  model: 'model.json',
  /** The weights, one binary shard, as the manifest in model.json describes. */
  weights: 'weights.bin',
  /** What produced the weights: {@link CheckpointMetadata}. */
  metadata: 'training.json',
  /** Unfinished runs only: the best epoch's weights so far, float32, in the model's weight order. */
  bestWeights: 'best-weights.bin',
  /** Unfinished runs only: Adam's first then second moments, float32, in the trainable variables' order. */
  optimizer: 'optimizer.bin',
} as const;

const BYTES_PER_ELEMENT: Record<tf.io.WeightsManifestEntry['dtype'], number> = {
  float32: 4, int32: 4, bool: 1, string: 1, complex64: 8,
};

/**
 * Everything a checkpoint records besides the weights: what {@link FitResult} reports (loss
 * history, best epoch, whose weights a finished run saves, its test MSE, scored once after
 * training, and throughput), and what produced it.
 */
export interface CheckpointMetadata extends FitResult {
  /** The model options (latent dim, decoder, seed, normalization). */
  model: Required<AutoencoderOptions>;
  /** How it was trained: epochs, batch size, shuffling seed, subset, learning rate, weight decay. */
  training: TrainingConfig;
  /** Backend the model was trained on, e.g. `wasm`. */
  backend: string;
  /** SHA-256 of the data files used. */
  dataChecksums: Record<string, string>;
  /**
   * Only when a run was stopped on one backend and resumed on another: the backends in order,
   * with the epochs each trained. Its numbers may then differ in the last bits from a run on one
   * backend.
   */
  backendHistory?: { backend: string; epochs: number }[];
  /** ISO time of saving. */
  savedAt: string;
  /**
   * Only in the checkpoint of an unfinished run: where it stopped. Its `weights.bin` then holds
   * the weights after `epochsDone` epochs, and `best-weights.bin` and `optimizer.bin` the rest of
   * what a resumed run needs.
   */
  resume?: ResumeMetadata;
}

/** Where an unfinished run stopped, besides the weights files. */
export interface ResumeMetadata {
  epochsDone: number;
  trainSeconds: number;
  /** Adam's scalar state (its moments are in `optimizer.bin`). */
  optimizer: { iterations: number; accBeta1: number; accBeta2: number };
}

/** Options of {@link saveCheckpoint}. */
export interface SaveCheckpointOptions {
  /** More files to write into the folder, by name (e.g. {@link CHECKPOINT_FILES.bestWeights}). */
  files?: Record<string, Uint8Array>;
  /** Called before and after every write, fsync and rename of the save: fault-injection tests stop it here. */
  onStep?: (step: FolderStep) => void;
}

/**
 * Saves `model` and `metadata` into the folder `dir` so that a crash at any moment leaves the
 * previous checkpoint or the new one ({@link writeFolderAtomic}; readers call
 * {@link recoverFolder} first). If the save fails, `dir` is left as it was.
 *
 * @throws Error (one line) when `dir` is inside the shipped `data/pretrained/`, which only
 *   {@link shipModelFolder} writes, or when the save fails.
 */
export async function saveCheckpoint(dir: string, model: tfl.LayersModel, metadata: CheckpointMetadata, options: SaveCheckpointOptions = {}): Promise<void> {
  await saveModelFolder(dir, model, metadata, options);
}

/** tfjs's artifacts of `model` as the files of a model folder: `model.json` and one weights shard. */
async function modelFiles(model: tfl.LayersModel): Promise<[string, Uint8Array | string][]> {
  let files: [string, Uint8Array | string][] = [];
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const weightData = tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? []);
    const manifest: tf.io.WeightsManifestConfig = [{ paths: [CHECKPOINT_FILES.weights], weights: artifacts.weightSpecs ?? [] }];
    const modelJson: tf.io.ModelJSON = {
      modelTopology: artifacts.modelTopology as object,
      weightsManifest: manifest,
      format: artifacts.format ?? 'layers-model',
      generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tfl.version_layers}`,
      convertedBy: null,
      ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
    };
    files = [[CHECKPOINT_FILES.weights, new Uint8Array(weightData)], [CHECKPOINT_FILES.model, JSON.stringify(modelJson)]];
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
  }));
  return files;
}

/** The real path of `file`, or of its nearest existing ancestor with the rest appended (symlinks resolved). */
function realPath(file: string): string {
  const absolute = path.resolve(file);
  if (fs.existsSync(absolute)) return fs.realpathSync(absolute);
  const parent = path.dirname(absolute);
  return parent === absolute ? absolute : path.join(realPath(parent), path.basename(absolute));
}

/** Whether `dir` is the shipped `data/pretrained/` or inside it. */
export function isInsidePretrained(dir: string): boolean {
  const relativePath = path.relative(realPath(pretrainedCheckpointRoot()), realPath(dir));
  return !relativePath.startsWith('..') && !path.isAbsolute(relativePath);
}

/** Throws (one line, with `why` when given) when `dir` is inside the shipped folder. */
export function refuseShippedFolder(dir: string, why?: string): void {
  if (isInsidePretrained(dir)) {
    throw new Error(`${dir}: data/pretrained/ holds the shipped models and is written only by \`npm run ship\` (README, "Shipping models")${why ? `, and ${why}` : ''}; train into data/checkpoints/ instead`);
  }
}

/**
 * Saves any model with its metadata (written as {@link CHECKPOINT_FILES.metadata}) into `dir`,
 * as {@link saveCheckpoint} describes: the one writer of model folders outside `data/pretrained/`.
 */
export async function saveModelFolder(dir: string, model: tfl.LayersModel, metadata: object, options: SaveCheckpointOptions = {}): Promise<void> {
  refuseShippedFolder(dir);
  try {
    const files = await modelFiles(model);
    files.push(...Object.entries(options.files ?? {}), [CHECKPOINT_FILES.metadata, `${JSON.stringify(metadata, null, 2)}\n`]);
    writeFolderAtomic(path.resolve(dir), files, options.onStep ? { onStep: options.onStep } : {});
  } catch (error) {
    throw new Error(`could not save checkpoint ${dir}: ${(error as Error).message.replace(/^could not write \S+: /, '')}`);
  }
}

/**
 * The re-ship step, the one way into `data/pretrained/`: copies the finished model folder
 * `source` (an autoencoder's checkpoint or the digit reader) to `<shipped root>/<its name>`,
 * after checking every file, replacing the shipped folder of that name, under its lock.
 *
 * @returns The shipped folder.
 * @throws Error (one line, naming the file) for an unfinished or damaged checkpoint.
 */
export function shipModelFolder(source: string, root: string = pretrainedCheckpointRoot()): string {
  if (isInsidePretrained(source)) throw new Error(`${source}: already in data/pretrained/`);
  const isReader = readCheckpointJson<{ model?: { architecture?: unknown } } | null>(source, CHECKPOINT_FILES.metadata)?.model?.architecture === 'digit-reader';
  let resume: ResumeMetadata | undefined;
  if (isReader) {
    readerMetadataOf(source);
    checkWeightsFile(source);
  } else {
    resume = checkCheckpointFolder(source).resume; // the weights file too
  }
  if (resume) throw new Error(`${path.join(source, CHECKPOINT_FILES.metadata)}: an unfinished run (resume.epochsDone ${resume.epochsDone}): only finished models ship`);
  const target = path.join(root, path.basename(path.resolve(source)));
  const lock = lockFolder(target);
  try {
    recoverFolder(target);
    const files = [CHECKPOINT_FILES.model, CHECKPOINT_FILES.weights, CHECKPOINT_FILES.metadata].map((name) => [name, fs.readFileSync(path.join(source, name))] as const);
    writeFolderAtomic(target, files);
  } finally {
    lock.release();
  }
  return target;
}

/** A checkpoint read back: the rebuilt models (sharing weights) and the metadata. */
export interface LoadedCheckpoint extends Autoencoder {
  metadata: CheckpointMetadata;
}

/** The bytes of one file of the checkpoint in `dir`; a one-line error naming it when missing. */
function readCheckpointFile(dir: string, name: string): Buffer {
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) throw new Error(`${file}: missing (not a checkpoint folder?)`);
  return fs.readFileSync(file);
}

/** One JSON file of the checkpoint in `dir`; errors name the file. */
export function readCheckpointJson<T>(dir: string, name: string): T {
  const text = readCheckpointFile(dir, name).toString('utf8');
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(`${path.join(dir, name)}: ${(error as Error).message}`);
  }
}

/**
 * A float32 file of the checkpoint in `dir` ({@link CHECKPOINT_FILES.bestWeights} or
 * {@link CHECKPOINT_FILES.optimizer}), cut into arrays of the given sizes.
 *
 * @throws Error naming the file when it is missing or its size does not fit.
 */
export function readCheckpointFloats(dir: string, name: string, sizes: readonly number[]): Float32Array[] {
  const bytes = readCheckpointFile(dir, name);
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (bytes.byteLength !== total * 4) throw new Error(`${path.join(dir, name)}: ${bytes.byteLength} bytes, expected ${total * 4}`);
  const values = new Float32Array(new Uint8Array(bytes).buffer);
  let offset = 0;
  return sizes.map((size) => values.slice(offset, (offset += size)));
}

/** Float32 arrays as one file's bytes, for {@link SaveCheckpointOptions.files}. */
export function floatsFile(arrays: readonly Float32Array[]): Uint8Array {
  const all = new Float32Array(arrays.reduce((sum, array) => sum + array.length, 0));
  let offset = 0;
  for (const array of arrays) {
    all.set(array, offset);
    offset += array.length;
  }
  return new Uint8Array(all.buffer);
}

/**
 * Only the metadata (`training.json`) of a checkpoint, checked against its schema: cheap, no
 * model is built.
 *
 * @throws Error (one line) naming the file and the field that is wrong.
 */
export function readCheckpointMetadata(dir: string): CheckpointMetadata {
  const file = path.join(dir, CHECKPOINT_FILES.metadata);
  return validated(checkpointMetadataSchema, readCheckpointJson<unknown>(dir, CHECKPOINT_FILES.metadata), file) as CheckpointMetadata;
}

/** The digit reader's metadata in `dir`, checked against its schema (one line naming the file and field otherwise). */
export function readerMetadataOf(dir: string): object {
  const file = path.join(dir, CHECKPOINT_FILES.metadata);
  const metadata = readCheckpointJson<{ model?: { architecture?: unknown } } | null>(dir, CHECKPOINT_FILES.metadata);
  if (metadata?.model?.architecture !== 'digit-reader') throw new Error(`${file}: not a digit reader's (model.architecture is not "digit-reader")`);
  return validated(readerMetadataSchema, metadata, file) as object;
}

/** `model.json` of the folder `dir`, checked against what loading relies on. */
function readModelJson(dir: string): tf.io.ModelJSON {
  const file = path.join(dir, CHECKPOINT_FILES.model);
  return validated(modelJsonSchema, readCheckpointJson<unknown>(dir, CHECKPOINT_FILES.model), file) as tf.io.ModelJSON;
}

/** Bytes the weights of `modelJson` take. */
function weightBytes(modelJson: tf.io.ModelJSON): number {
  return tf.io.getWeightSpecs(modelJson.weightsManifest).reduce((sum, spec) => sum + tf.util.sizeFromShape(spec.shape) * BYTES_PER_ELEMENT[spec.dtype], 0);
}

/**
 * Checks that the weights file of the folder `dir` exists and has the size its `model.json` says,
 * without loading it.
 *
 * @throws Error (one line) naming the file.
 */
export function checkWeightsFile(dir: string, modelJson: tf.io.ModelJSON = readModelJson(dir)): void {
  const file = path.join(dir, CHECKPOINT_FILES.weights);
  if (!fs.existsSync(file)) throw new Error(`${file}: missing (not a checkpoint folder?)`);
  const size = fs.statSync(file).size;
  const expected = weightBytes(modelJson);
  if (size !== expected) throw new Error(`${file}: ${size} bytes, model.json expects ${expected}`);
}

/**
 * Every file of the autoencoder checkpoint in `dir` checked without building the model: the
 * metadata against its schema, `model.json`, and the weights' size. What tools that only read
 * metadata call, so that a damaged checkpoint is named there rather than when it is loaded.
 *
 * @returns The metadata.
 * @throws Error (one line) naming the file and the field.
 */
export function checkCheckpointFolder(dir: string): CheckpointMetadata {
  const metadata = readCheckpointMetadata(dir);
  checkWeightsFile(dir);
  return metadata;
}

/** Loads a checkpoint written by {@link saveCheckpoint}; errors name the folder and file. */
export async function loadCheckpoint(dir: string): Promise<LoadedCheckpoint> {
  // model.json, then training.json, then the weights: a damaged file is named in that order.
  const modelJson = readModelJson(dir);
  const metadata = readCheckpointMetadata(dir);
  const autoencoder = await loadModelFolder(dir, modelJson);
  return { autoencoder, ...splitAutoencoder(autoencoder), options: metadata.model, metadata };
}

/**
 * The model of a folder written by {@link saveModelFolder} (its `model.json` already read, when
 * given); errors name the folder and file.
 */
export async function loadModelFolder(dir: string, modelJson = readModelJson(dir)): Promise<tfl.LayersModel> {
  checkWeightsFile(dir, modelJson);
  const weights = readCheckpointFile(dir, CHECKPOINT_FILES.weights);
  const weightData = new Uint8Array(weights).buffer; // a copy: Buffer may view a shared pool
  registerCustomLayers();
  const artifacts = tf.io.getModelArtifactsForJSONSync(modelJson, tf.io.getWeightSpecs(modelJson.weightsManifest), weightData);
  try {
    return await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (error) {
    throw new Error(`${path.join(dir, CHECKPOINT_FILES.model)}: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** Where checkpoints go by default: `<project>/data/checkpoints` (git-ignored). */
export function defaultCheckpointRoot(): string {
  return path.join(findProjectRoot(), 'data', 'checkpoints');
}

/**
 * The shipped checkpoints: `<project>/data/pretrained`, the original's 50-epoch protocol trained
 * once, committed, and never written by a run of the notebooks or the CLI's defaults.
 */
export function pretrainedCheckpointRoot(): string {
  return path.join(findProjectRoot(), 'data', 'pretrained');
}
