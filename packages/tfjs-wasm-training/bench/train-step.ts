/**
 * Whole training steps of a small convolutional autoencoder on the wasm backend, with this
 * package's kernels and layers against stock tfjs (only the two kernels wasm lacks filled, so
 * that it can train at all): `npm run bench --workspace tfjs-wasm-training [-- --rounds 3]`.
 *
 * Each measurement runs in a process of its own (one tfjs, nothing cached from the other side),
 * the two sides alternate over `--rounds`, and the table shows medians. The model is built from
 * tfjs-layers' own `Conv2D`, `BatchNormalization` and `Conv2DTranspose` (the engine side swaps in
 * this package's two training-path layers); the data are seeded random images, batch 128 of
 * 28×28. Timed: forward, MSE, gradients and a tfjs SGD step, reading the loss back. Never part
 * of the tests.
 */
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { FastBatchNormalization, FastConv2D, activeTrainingKernels } from '../src/index';
import { FILLED_WASM_KERNELS, backendInfo, selectBackend } from '../src/node';
import { registerFilledWasmKernels } from '../src/wasm-kernels';

type Side = 'engine' | 'stock';
const BATCH = 128;

/** A seeded generator of floats in [-0.5, 0.5). */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
}

/** Encoder: conv 1→8→16→32 (stride 2, BatchNorm, ReLU), dense to 4 numbers; decoder: dense to 7×7×16, two stride-2 transposed convolutions (BatchNorm, ReLU), a last conv to 1 channel. */
function autoencoder(side: Side): tfl.Sequential {
  const conv = (filters: number, first = false) => {
    const args = { filters, kernelSize: 3, strides: 2, padding: 'same' as const, ...(first ? { inputShape: [28, 28, 1] } : {}) };
    return side === 'engine' ? new FastConv2D(args) : tfl.layers.conv2d(args);
  };
  const batchNorm = () => (side === 'engine' ? new FastBatchNormalization({}) : tfl.layers.batchNormalization({}));
  return tfl.sequential({
    layers: [
      conv(8, true), batchNorm(), tfl.layers.reLU(),
      conv(16), batchNorm(), tfl.layers.reLU(),
      conv(32), batchNorm(), tfl.layers.reLU(),
      tfl.layers.flatten(), tfl.layers.dense({ units: 4 }), tfl.layers.dense({ units: 7 * 7 * 16, activation: 'relu' }), tfl.layers.reshape({ targetShape: [7, 7, 16] }),
      tfl.layers.conv2dTranspose({ filters: 16, kernelSize: 3, strides: 2, padding: 'same' }), batchNorm(), tfl.layers.reLU(),
      tfl.layers.conv2dTranspose({ filters: 8, kernelSize: 3, strides: 2, padding: 'same' }), batchNorm(), tfl.layers.reLU(),
      tfl.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same' }),
    ],
  });
}

/** One side's training throughput, in this process. */
async function measure(side: Side, steps: number, warmup: number): Promise<{ imagesPerSecond: number; kernels: number; backend: string }> {
  if (side === 'engine') {
    await selectBackend({ backend: 'wasm', log: () => undefined });
  } else {
    // Stock: tfjs-backend-wasm as it comes, plus the two kernels it lacks; none of this package's others.
    require('@tensorflow/tfjs-backend-wasm');
    registerFilledWasmKernels();
    if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialise');
  }
  const random = generator(1);
  const model = autoencoder(side);
  const x = tf.tensor4d(Float32Array.from({ length: BATCH * 28 * 28 }, random), [BATCH, 28, 28, 1]);
  const optimizer = tf.train.sgd(0.01);
  const step = () => {
    const loss = optimizer.minimize(() => tf.losses.meanSquaredError(x, model.apply(x, { training: true }) as tf.Tensor), true) as tf.Scalar;
    loss.dataSync();
    loss.dispose();
  };
  for (let i = 0; i < warmup; i++) step();
  const start = performance.now();
  for (let i = 0; i < steps; i++) step();
  const seconds = (performance.now() - start) / 1000;
  if (side === 'stock') return { imagesPerSecond: (steps * BATCH) / seconds, kernels: FILLED_WASM_KERNELS.length, backend: 'stock' };
  const info = backendInfo();
  return { imagesPerSecond: (steps * BATCH) / seconds, kernels: activeTrainingKernels().length, backend: `${info.package.replace('@tensorflow/', '')} ${info.version}, ${info.threads} thread${info.simd ? ', SIMD' : ''}` };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** `--name value` from argv, as a whole number ≥ 1. */
function intOption(argv: string[], name: string, fallback: number): number {
  const at = argv.indexOf(name);
  if (at === -1) return fallback;
  const value = Number(argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`train-step: ${name} must be a whole number ≥ 1, got ${argv[at + 1] ?? 'nothing'}`);
    process.exit(2);
  }
  return value;
}

async function main(argv: string[]): Promise<void> {
  const steps = intOption(argv, '--steps', 30);
  const warmup = intOption(argv, '--warmup', 5);
  const sideAt = argv.indexOf('--side');
  if (sideAt !== -1) {
    console.log(JSON.stringify(await measure(argv[sideAt + 1] as Side, steps, warmup)));
    return;
  }
  const rounds = intOption(argv, '--rounds', 3);
  const results: Record<Side, { imagesPerSecond: number; kernels: number; backend: string }[]> = { engine: [], stock: [] };
  for (let round = 0; round < rounds; round++) {
    for (const side of ['engine', 'stock'] as const) {
      const run = spawnSync(process.execPath, [__filename, '--side', side, '--steps', String(steps), '--warmup', String(warmup)], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`train-step --side ${side} failed: ${run.stderr.trim().split('\n').at(-1)}`);
      results[side].push(JSON.parse(run.stdout.trim().split('\n').at(-1)!));
      console.error(`round ${round + 1}/${rounds}: ${side} ${Math.round(results[side].at(-1)!.imagesPerSecond).toLocaleString('en-US')} images/s`);
    }
  }
  const engine = median(results.engine.map((r) => r.imagesPerSecond));
  const stock = median(results.stock.map((r) => r.imagesPerSecond));
  console.log(`A small convolutional autoencoder (28×28, batch ${BATCH}), ${steps} timed SGD steps after ${warmup}, median of ${rounds} interleaved rounds, ${results.engine[0]!.backend}:\n`);
  console.log('| wasm kernels | train images/s |');
  console.log('|---|---|');
  console.log(`| this package's (${results.engine[0]!.kernels} kernels, its two layers) | ${Math.round(engine).toLocaleString('en-US')} |`);
  console.log(`| stock (the ${results.stock[0]!.kernels} missing ones filled, tfjs-layers' own layers) | ${Math.round(stock).toLocaleString('en-US')} |`);
  console.log(`\nspeedup ${(engine / stock).toFixed(2)}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`train-step: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
