/**
 * One backend's throughput, measured in a process of its own (one tfjs instance, one backend):
 * `node dist/bench/train-throughput.js --backend wasm --steps 30`. Prints one JSON line.
 * `npm run bench` runs it once per backend; it is never part of `npm test`.
 *
 * What is timed is exactly what `fit` does per batch (forward, MSE, gradients, L2 term, Adam
 * step, reading the loss back), on consecutive full batches of real MNIST at batch 128 after
 * warm-up steps; and inference forwards of the same batches in inference mode.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Command, Option } from 'commander';
import { positiveInteger } from '../src/cli/parse';
import { type BackendName, backendInfo, selectBackend } from '../src/train/backend';
import { ADAM_STEP, BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD, RELU_GRAD, unregisterFastWasmKernels } from 'tfjs-wasm-training';
import { BatchLoader, selectIndices } from '../src/data/batching';
import { loadMnist } from '../src/data/mnist';
import { createAutoencoder } from '../src/model';
import { batchTensor } from '../src/data/tensors';
import { AdamWithL2, TRAINING_DEFAULTS } from '../src/train';
import { trainStep, trainableVariables } from '../src/train/fit';
import { exitQuietlyWhenStdoutCloses } from '../src/cli/closed-stdout';

/** What one run reports. */
export interface ThroughputResult {
  backend: BackendName;
  description: string;
  steps: number;
  warmupSteps: number;
  batchSize: number;
  trainImagesPerSecond: number;
  inferenceImagesPerSecond: number;
  peakRssMiB: number;
}

async function main(): Promise<void> {
  const options = new Command('train-throughput')
    .addOption(new Option('--backend <name>').choices(['tensorflow', 'wasm', 'cpu']).makeOptionMandatory())
    .addOption(new Option('--steps <n>', 'timed steps').default(30).argParser(positiveInteger))
    .addOption(new Option('--warmup <n>', 'untimed steps first').default(5).argParser(positiveInteger))
    .option('--stock-wasm-kernels', "wasm with its own kernels (only the missing ones filled), not this project's faster or fused ones")
    .parse(process.argv)
    .opts<{ backend: BackendName; steps: number; warmup: number; stockWasmKernels?: boolean }>();
  const { batchSize } = TRAINING_DEFAULTS;
  await selectBackend({ backend: options.backend, log: () => {} });
  const mnist = loadMnist();
  const count = (options.warmup + options.steps) * batchSize;
  const loader = new BatchLoader(mnist.train, { batchSize, indices: selectIndices(mnist.train.labels, { first: count }) });
  const batches = [...loader.batches(0)].map((batch) => batchTensor(batch));
  const { autoencoder } = createAutoencoder({ latentDim: 4, seed: 0 });
  const optimizer = new AdamWithL2();
  if (options.stockWasmKernels) {
    unregisterFastWasmKernels();
    // This project's own training kernels too (after the optimizer has registered its own):
    // Adam, BatchNorm and ReLU's gradient then run as tfjs ops.
    for (const kernelName of [ADAM_STEP, BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD, RELU_GRAD]) {
      if (tf.getKernel(kernelName, 'wasm') !== undefined) tf.unregisterKernel(kernelName, 'wasm');
    }
  }
  const variables = trainableVariables(autoencoder);
  const train = (x: tf.Tensor4D) => {
    trainStep(autoencoder, x, optimizer, variables);
  };
  const inferStep = (x: tf.Tensor4D) => {
    // Read back outside tf.tidy, which would walk every element of a returned typed array.
    const y = autoencoder.predict(x) as tf.Tensor;
    y.dataSync();
    y.dispose();
  };
  const time = (step: (x: tf.Tensor4D) => void): number => {
    batches.slice(0, options.warmup).forEach(step);
    const started = performance.now();
    batches.slice(options.warmup).forEach(step);
    return (performance.now() - started) / 1000;
  };
  const trainSeconds = time(train);
  const inferSeconds = time(inferStep);
  const images = options.steps * batchSize;
  const info = backendInfo();
  const result: ThroughputResult = {
    backend: options.backend,
    description: `${info.package.replace('@tensorflow/', '')} ${info.version}, ${info.threads} thread${info.threads === 1 ? '' : 's'}`,
    steps: options.steps,
    warmupSteps: options.warmup,
    batchSize,
    trainImagesPerSecond: images / trainSeconds,
    inferenceImagesPerSecond: images / inferSeconds,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
  console.log(JSON.stringify(result));
}

exitQuietlyWhenStdoutCloses();
main().catch((error: unknown) => {
  console.error(`train-throughput: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
