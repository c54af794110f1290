import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { findProjectRoot } from '../util/paths';
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
  /** Called when everything is written, just before the folder is swapped in: tests inject a fault here. */
  beforeSwap?: () => void;
}

/**
 * Saves `model` and `metadata` into the folder `dir` atomically: everything is written into
 * a temporary sibling folder first, which then replaces `dir` by renames. If anything fails
 * before that, `dir` is untouched (the previous checkpoint stays intact) and the temporary
 * folder is removed.
 */
export async function saveCheckpoint(dir: string, model: tfl.LayersModel, metadata: CheckpointMetadata, options: SaveCheckpointOptions = {}): Promise<void> {
  await saveModelFolder(dir, model, metadata, options);
}

/**
 * Saves any model with its metadata (written as {@link CHECKPOINT_FILES.metadata}) into `dir`,
 * atomically, as {@link saveCheckpoint} describes: the one writer of model folders.
 */
export async function saveModelFolder(dir: string, model: tfl.LayersModel, metadata: object, options: SaveCheckpointOptions = {}): Promise<void> {
  const target = path.resolve(dir);
  let staging: string | undefined;
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    staging = fs.mkdtempSync(`${target}.saving-`);
    const folder = staging;
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
      fs.writeFileSync(path.join(folder, CHECKPOINT_FILES.weights), Buffer.from(weightData));
      fs.writeFileSync(path.join(folder, CHECKPOINT_FILES.model), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }));
    for (const [name, bytes] of Object.entries(options.files ?? {})) fs.writeFileSync(path.join(staging, name), bytes);
    fs.writeFileSync(path.join(staging, CHECKPOINT_FILES.metadata), `${JSON.stringify(metadata, null, 2)}\n`);
    options.beforeSwap?.();
    replaceFolder(staging, target);
  } catch (error) {
    if (staging !== undefined) fs.rmSync(staging, { recursive: true, force: true });
    throw new Error(`could not save checkpoint ${dir}: ${(error as Error).message}`);
  }
}

/** Moves `staging` to `target`, replacing any previous folder there with two renames. */
function replaceFolder(staging: string, target: string): void {
  if (!fs.existsSync(target)) {
    fs.renameSync(staging, target);
    return;
  }
  const retired = `${target}.old-${process.pid}-${Date.now()}`;
  fs.renameSync(target, retired);
  fs.renameSync(staging, target);
  fs.rmSync(retired, { recursive: true, force: true });
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

/** Only the metadata (`training.json`) of a checkpoint: cheap, no model is built. */
export function readCheckpointMetadata(dir: string): CheckpointMetadata {
  return readCheckpointJson<CheckpointMetadata>(dir, CHECKPOINT_FILES.metadata);
}

/** Loads a checkpoint written by {@link saveCheckpoint}; errors name the folder and file. */
export async function loadCheckpoint(dir: string): Promise<LoadedCheckpoint> {
  // model.json, then training.json, then the weights: a damaged file is named in that order.
  const modelJson = readCheckpointJson<tf.io.ModelJSON>(dir, CHECKPOINT_FILES.model);
  const metadata = readCheckpointMetadata(dir);
  const autoencoder = await loadModelFolder(dir, modelJson);
  return { autoencoder, ...splitAutoencoder(autoencoder), options: metadata.model, metadata };
}

/**
 * The model of a folder written by {@link saveModelFolder} (its `model.json` already read, when
 * given); errors name the folder and file.
 */
export async function loadModelFolder(dir: string, modelJson = readCheckpointJson<tf.io.ModelJSON>(dir, CHECKPOINT_FILES.model)): Promise<tfl.LayersModel> {
  const weights = readCheckpointFile(dir, CHECKPOINT_FILES.weights);
  const weightData = new Uint8Array(weights).buffer; // a copy: Buffer may view a shared pool
  registerCustomLayers();
  const artifacts = tf.io.getModelArtifactsForJSONSync(modelJson, tf.io.getWeightSpecs(modelJson.weightsManifest), weightData);
  const expectedBytes = (artifacts.weightSpecs ?? []).reduce(
    (sum, spec) => sum + tf.util.sizeFromShape(spec.shape) * BYTES_PER_ELEMENT[spec.dtype], 0);
  if (expectedBytes !== weights.byteLength) {
    throw new Error(`${path.join(dir, CHECKPOINT_FILES.weights)}: ${weights.byteLength} bytes, model.json expects ${expectedBytes}`);
  }
  return tfl.loadLayersModel(tf.io.fromMemory(artifacts));
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
