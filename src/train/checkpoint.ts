import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { findProjectRoot } from '../util/paths';
import { type Autoencoder, type AutoencoderOptions, registerCustomLayers, splitAutoencoder } from '../model';
import type { TrainingConfig } from './defaults';

/** File names inside a checkpoint folder. */
export const CHECKPOINT_FILES = {
  /** tfjs's own LayersModel format: topology + weights manifest (`tf.loadLayersModel` reads it). */
  model: 'model.json',
  /** The weights, one binary shard, as the manifest in model.json describes. */
  weights: 'weights.bin',
  /** What produced the weights: {@link CheckpointMetadata}. */
  metadata: 'training.json',
} as const;

const BYTES_PER_ELEMENT: Record<tf.io.WeightsManifestEntry['dtype'], number> = {
  float32: 4, int32: 4, bool: 1, string: 1, complex64: 8,
};

/** Everything a checkpoint records besides the weights. */
export interface CheckpointMetadata {
  /** The model options (latent dim, decoder, seed, normalization). */
  model: Required<AutoencoderOptions>;
  /** How it was trained: epochs, batch size, shuffling seed, subset, learning rate, weight decay. */
  training: TrainingConfig;
  /** Loss history, pixel units. */
  trainLoss: number[];
  valLoss: number[];
  /** 0-based best epoch; the saved weights are that epoch's. */
  bestEpoch: number;
  bestValLoss: number;
  /** Training throughput of the run. */
  imagesPerSecond: number;
  /** Backend the model was trained on, e.g. `wasm`. */
  backend: string;
  /** SHA-256 of the data files used. */
  dataChecksums: Record<string, string>;
  /** ISO time of saving. */
  savedAt: string;
}

/**
 * Saves `model` and `metadata` into the folder `dir` atomically: everything is written into
 * a temporary sibling folder first, which then replaces `dir` by renames. If anything fails
 * before that, `dir` is untouched (the previous checkpoint stays intact) and the temporary
 * folder is removed.
 */
export async function saveCheckpoint(dir: string, model: tfl.LayersModel, metadata: CheckpointMetadata): Promise<void> {
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
    fs.writeFileSync(path.join(staging, CHECKPOINT_FILES.metadata), `${JSON.stringify(metadata, null, 2)}\n`);
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
function readCheckpointJson<T>(dir: string, name: string): T {
  const text = readCheckpointFile(dir, name).toString('utf8');
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(`${path.join(dir, name)}: ${(error as Error).message}`);
  }
}

/** Only the metadata (`training.json`) of a checkpoint: cheap, no model is built. */
export function readCheckpointMetadata(dir: string): CheckpointMetadata {
  return readCheckpointJson<CheckpointMetadata>(dir, CHECKPOINT_FILES.metadata);
}

/** Loads a checkpoint written by {@link saveCheckpoint}; errors name the folder and file. */
export async function loadCheckpoint(dir: string): Promise<LoadedCheckpoint> {
  const modelJson = readCheckpointJson<tf.io.ModelJSON>(dir, CHECKPOINT_FILES.model);
  const metadata = readCheckpointMetadata(dir);
  const weights = readCheckpointFile(dir, CHECKPOINT_FILES.weights);
  const weightData = new Uint8Array(weights).buffer; // a copy: Buffer may view a shared pool
  registerCustomLayers();
  const artifacts = tf.io.getModelArtifactsForJSONSync(modelJson, tf.io.getWeightSpecs(modelJson.weightsManifest), weightData);
  const expectedBytes = (artifacts.weightSpecs ?? []).reduce(
    (sum, spec) => sum + tf.util.sizeFromShape(spec.shape) * BYTES_PER_ELEMENT[spec.dtype], 0);
  if (expectedBytes !== weights.byteLength) {
    throw new Error(`${path.join(dir, CHECKPOINT_FILES.weights)}: ${weights.byteLength} bytes, model.json expects ${expectedBytes}`);
  }
  const autoencoder = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
  return { autoencoder, ...splitAutoencoder(autoencoder), options: metadata.model, metadata };
}

/** Where checkpoints go by default: `<project>/data/checkpoints` (git-ignored). */
export function defaultCheckpointRoot(): string {
  return path.join(findProjectRoot(), 'data', 'checkpoints');
}
