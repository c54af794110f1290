/** Shared test helpers: whether Chromium is there, quiet backend selection, small real-data loaders, tensor comparisons, running with environment variables set. */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { type BackendName, selectBackend } from '../src/train/backend.js';
import { BatchLoader, selectIndices } from '../src/data/batching.js';
import { loadMnist } from '../src/data/mnist.js';
import { loadCheckpoint } from '../src/train/checkpoint.js';
import { chromiumPath } from '../tools/page-checks.js';

/** Whether this run is CI's (`CI=true`): there, a missing snapshot or browser fails instead of being written or skipped. */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['CI'] === 'true';
}

/** Why the browser tests skip: Chromium missing (its one-line message), except in CI, where they run and fail. */
export function chromiumMissing(): string | false {
  try {
    chromiumPath();
    return false;
  } catch (error) {
    return inCi() ? false : (error as Error).message;
  }
}

/** Activates `name` without printing the choice. */
export async function useBackend(name: BackendName): Promise<void> {
  await selectBackend({ backend: name, log: () => {} });
}

/**
 * Loaders over small slices of real MNIST: the first `trainCount` training images, the next
 * `evalCount` training images for validation, and the first `evalCount` test images.
 */
export function smallLoaders(trainCount: number, evalCount: number, seed = 0): { train: BatchLoader; validation: BatchLoader; test: BatchLoader } {
  const mnist = loadMnist();
  return {
    train: new BatchLoader(mnist.train, { shuffle: true, seed, indices: selectIndices(mnist.train.labels, { first: trainCount }) }),
    validation: new BatchLoader(mnist.train, { indices: Int32Array.from({ length: evalCount }, (_, i) => trainCount + i) }),
    test: new BatchLoader(mnist.test, { indices: selectIndices(mnist.test.labels, { first: evalCount }) }),
  };
}

/** The values of every tensor, as plain arrays (copies). */
export function valuesOf(tensors: readonly tf.Tensor[]): Float32Array[] {
  return tensors.map((tensor) => Float32Array.from(tensor.dataSync()));
}

/** The weights of the checkpoint in `dir`, as plain arrays (the model is freed). */
export async function checkpointWeights(dir: string): Promise<Float32Array[]> {
  const model = await loadCheckpoint(dir);
  const weights = valuesOf(model.autoencoder.getWeights());
  model.autoencoder.dispose();
  return weights;
}

/** Asserts two lists of arrays are exactly equal, element by element. */
export function assertSameValues(actual: readonly Float32Array[], expected: readonly Float32Array[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: number of tensors`);
  actual.forEach((values, k) => assert.deepEqual(values, expected[k], `${what}: tensor ${k} differs`));
}

/** Runs `fn` with environment variables set (undefined: unset), capturing what it prints and what it throws; puts both back after. */
export function withEnv<T>(env: Record<string, string | undefined>, fn: () => T): { result?: T; error?: unknown; printed: string[] } {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  const printed: string[] = [];
  const log = console.log;
  console.log = (line: string) => printed.push(line);
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete process.env[key]; else process.env[key] = value;
  try {
    return { result: fn(), printed };
  } catch (error) {
    return { error, printed };
  } finally {
    console.log = log;
    for (const [key, value] of Object.entries(saved)) if (value === undefined) delete process.env[key]; else process.env[key] = value;
  }
}
