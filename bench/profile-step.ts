/**
 * Where one training step's time goes, per kernel: `npm run bench:profile [-- --backend cpu]`.
 * Trains a few warm-up steps of the tutorial's model (d = 4, batch 128, real MNIST), then runs
 * one step under `tf.profile` and prints the kernels by total time, with call counts and the
 * input shapes of the costliest calls. Kernels that call other kernels (the filled and fast
 * wasm kernels do) are counted with their inner kernels, so the column adds up to more than
 * the step's wall time. Never part of `npm test`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Command, Option } from 'commander';
import { positiveInteger } from '../src/cli/parse';
import { type BackendName, selectBackend } from '../src/train/backend';
import { BatchLoader, selectIndices } from '../src/data/batching';
import { loadMnist } from '../src/data/mnist';
import { createAutoencoder } from '../src/model';
import { batchTensor } from '../src/data/tensors';
import { AdamWithL2, TRAINING_DEFAULTS } from '../src/train';
import { trainStep, trainableVariables } from '../src/train/fit';
import { exitQuietlyWhenStdoutCloses } from '../src/cli/closed-stdout';

interface Totals {
  ms: number;
  calls: number;
}

function addTo(map: Map<string, Totals>, key: string, ms: number): void {
  const totals = map.get(key) ?? { ms: 0, calls: 0 };
  totals.ms += ms;
  totals.calls += 1;
  map.set(key, totals);
}

function printTop(title: string, map: Map<string, Totals>, count: number): void {
  console.log(`\n${title}`);
  console.log(`${'ms'.padStart(8)} ${'calls'.padStart(5)}  kernel`);
  for (const [key, { ms, calls }] of [...map].sort((a, b) => b[1].ms - a[1].ms).slice(0, count)) {
    console.log(`${ms.toFixed(2).padStart(8)} ${String(calls).padStart(5)}  ${key}`);
  }
}

async function main(): Promise<void> {
  const options = new Command('profile-step')
    .addOption(new Option('--backend <name>').choices(['tensorflow', 'wasm', 'cpu']).default('wasm'))
    .addOption(new Option('--warmup <n>', 'untimed steps first').default(5).argParser(positiveInteger))
    .parse(process.argv)
    .opts<{ backend: BackendName; warmup: number }>();
  const { batchSize } = TRAINING_DEFAULTS;
  await selectBackend({ backend: options.backend, log: () => {} });
  const mnist = loadMnist();
  const loader = new BatchLoader(mnist.train, { batchSize, indices: selectIndices(mnist.train.labels, { first: (options.warmup + 1) * batchSize }) });
  const batches = [...loader.batches(0)].map((batch) => batchTensor(batch));
  const { autoencoder } = createAutoencoder({ latentDim: 4, seed: 0 });
  const optimizer = new AdamWithL2();
  const variables = trainableVariables(autoencoder);
  batches.slice(0, -1).forEach((x) => trainStep(autoencoder, x, optimizer, variables));
  const started = performance.now();
  const profile = await tf.profile(() => {
    trainStep(autoencoder, batches.at(-1)!, optimizer, variables);
  });
  const wallMs = performance.now() - started;
  const byName = new Map<string, Totals>();
  const byShape = new Map<string, Totals>();
  for (const kernel of profile.kernels) {
    const ms = Number(kernel.kernelTimeMs);
    addTo(byName, kernel.name, ms);
    addTo(byShape, `${kernel.name} ${JSON.stringify(kernel.inputShapes)}`, ms);
  }
  const kernelMs = [...byName.values()].reduce((sum, t) => sum + t.ms, 0);
  console.log(`${options.backend}: one training step under tf.profile, ${wallMs.toFixed(0)} ms wall, ${profile.kernels.length} kernel calls, ${kernelMs.toFixed(0)} ms summed kernel time`);
  printTop('by kernel', byName, 20);
  printTop("by kernel and input shapes", byShape, 45);
  tf.dispose(batches);
}

exitQuietlyWhenStdoutCloses();
main().catch((error: unknown) => {
  console.error(`profile-step: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
