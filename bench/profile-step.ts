/**
 * The roofline of one training step, per kernel: `npm run bench:profile`.
 * Trains warm-up steps of the tutorial's model (d = 4, batch 128, real MNIST, Adam: exactly
 * what `npm run bench` times), then times every kernel launch of `--steps` more steps and prints,
 * per kernel and input shapes: calls and milliseconds per step, multiply-accumulates (MAC) per
 * step, the achieved GMAC/s and its share of a yardstick: XNNPACK's rate on a 512³ matmul (wasm's
 * own `BatchMatMul`, `bench:gemm`'s figure), measured in the same process; for kernels without multiplies, the bytes
 * they read and write and the GB/s. The last lines split the step's wall time into kernels and
 * everything else (tfjs's JavaScript around ~280 launches, the autodiff tape, layers' `apply`).
 *
 * Each registered kernel of the backend is wrapped with a timer, so a kernel that launches other
 * kernels (a filled or composed wasm kernel) is charged only its own time, and the inner ones
 * are listed as `Inner (in Outer)`. Never part of `npm test`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Command, Option } from 'commander';
import { positiveInteger } from '../src/cli/parse';
import { type BackendName, backendInfo, selectBackend } from '../src/train/backend';
import { BatchLoader, selectIndices } from '../src/data/batching';
import { loadMnist } from '../src/data/mnist';
import { createAutoencoder } from '../src/model';
import { batchTensor } from '../src/data/tensors';
import { AdamWithL2, TRAINING_DEFAULTS } from '../src/train';
import { trainStep, trainableVariables } from '../src/train/fit';
import { exitQuietlyWhenStdoutCloses } from '../src/cli/closed-stdout';
import { matmulGmacPerSecond, timeSquareMatmul } from './matmul-peak';

/** One row of the table: a kernel at one set of input shapes (and its caller, when nested). */
interface Row {
  label: string;
  shapes: string;
  calls: number;
  ms: number;
  macs: number;
  bytes: number;
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * Multiply-accumulates of one launch, counted the way the layer defines them (every filter tap,
 * padding included), or 0 for kernels that do not multiply matrices.
 */
export function kernelMacs(name: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap, outputs: tf.TensorInfo[]): number {
  const shapeOf = (key: string): number[] => inputs[key]?.shape ?? [];
  const tapsTimesIn = (filter: readonly number[]): number => filter[0]! * filter[1]! * filter[2]!;
  switch (name) {
    case 'Conv2D':
    case 'FusedConv2D':
      return size(outputs[0]!.shape) * tapsTimesIn(shapeOf('filter'));
    case 'Conv2DBackpropInput':
      return size(shapeOf('dy')) * tapsTimesIn(shapeOf('filter'));
    case 'Conv2DBackpropFilter':
      return size(shapeOf('dy')) * tapsTimesIn(attrs['filterShape'] as number[]);
    case 'BatchMatMul':
    case '_FusedMatMul': {
      const a = shapeOf('a');
      const inner = attrs['transposeA'] ? a.at(-2)! : a.at(-1)!;
      return size(outputs[0]!.shape) * inner;
    }
    default:
      return 0;
  }
}

function shapesLabel(inputs: tf.NamedTensorInfoMap): string {
  const shapes = Object.values(inputs).filter((t) => t != null).map((t) => t.shape.join('×') || 'scalar');
  return shapes.length > 4 ? `${shapes.length} tensors` : shapes.join(', ');
}

/** Wraps every kernel registered for `backend` with a timer; returns the rows it fills. */
function timeEveryKernel(backend: string): { rows: Map<string, Row>; recording: { on: boolean } } {
  const rows = new Map<string, Row>();
  const recording = { on: false };
  const stack: { name: string; childMs: number }[] = [];
  for (const config of tf.getKernelsForBackend(backend)) {
    const inner = config.kernelFunc;
    tf.unregisterKernel(config.kernelName, backend);
    tf.registerKernel({
      ...config,
      kernelFunc: (args) => {
        if (!recording.on) return inner(args);
        const caller = stack.at(-1)?.name;
        stack.push({ name: config.kernelName, childMs: 0 });
        const started = performance.now();
        const out = inner(args);
        const totalMs = performance.now() - started;
        const frame = stack.pop()!;
        if (stack.length > 0) stack.at(-1)!.childMs += totalMs;
        const outputs = Array.isArray(out) ? out : [out];
        const label = caller ? `${config.kernelName} (in ${caller})` : config.kernelName;
        const shapes = shapesLabel(args.inputs);
        const key = `${label} ${shapes}`;
        const row = rows.get(key) ?? { label, shapes, calls: 0, ms: 0, macs: 0, bytes: 0 };
        row.calls += 1;
        row.ms += totalMs - frame.childMs;
        row.macs += kernelMacs(config.kernelName, args.inputs, args.attrs ?? {}, outputs);
        const elements = [...Object.values(args.inputs), ...outputs].reduce((sum, t) => sum + (t == null ? 0 : size(t.shape)), 0);
        row.bytes += 4 * elements;
        rows.set(key, row);
        return out;
      },
    });
  }
  return { rows, recording };
}

const fixed = (value: number, digits: number): string => value.toFixed(digits);

async function main(): Promise<void> {
  const options = new Command('profile-step')
    .addOption(new Option('--backend <name>').choices(['tensorflow', 'wasm', 'cpu']).default('wasm'))
    .addOption(new Option('--warmup <n>', 'untimed steps first').default(5).argParser(positiveInteger))
    .addOption(new Option('--steps <n>', 'steps whose kernels are timed').default(20).argParser(positiveInteger))
    .addOption(new Option('--rows <n>', 'kernels without multiplies listed one by one (the rest in one line)').default(12).argParser(positiveInteger))
    .parse(process.argv)
    .opts<{ backend: BackendName; warmup: number; steps: number; rows: number }>();
  const { batchSize } = TRAINING_DEFAULTS;
  await selectBackend({ backend: options.backend, log: () => {} });
  const yardstickMs = timeSquareMatmul(30, { xnnpack: options.backend === 'wasm' });
  const yardstickGmacs = matmulGmacPerSecond(yardstickMs);
  const mnist = loadMnist();
  const loader = new BatchLoader(mnist.train, { batchSize, indices: selectIndices(mnist.train.labels, { first: (options.warmup + options.steps) * batchSize }) });
  const batches = [...loader.batches(0)].map((batch) => batchTensor(batch));
  const { autoencoder } = createAutoencoder({ latentDim: 4, seed: 0 });
  const optimizer = new AdamWithL2();
  const variables = trainableVariables(autoencoder);
  batches.slice(0, options.warmup).forEach((x) => trainStep(autoencoder, x, optimizer, variables));
  // Wrapped after the warm-up, so that kernels registered on first use are wrapped too.
  const { rows, recording } = timeEveryKernel(tf.getBackend());
  recording.on = true;
  const started = performance.now();
  batches.slice(options.warmup).forEach((x) => trainStep(autoencoder, x, optimizer, variables));
  const wallMs = (performance.now() - started) / options.steps;
  recording.on = false;
  tf.dispose(batches);

  const perStep = [...rows.values()].map((row) => ({ ...row, calls: row.calls / options.steps, ms: row.ms / options.steps, macs: row.macs / options.steps, bytes: row.bytes / options.steps }));
  const kernelMs = perStep.reduce((sum, row) => sum + row.ms, 0);
  const launches = perStep.reduce((sum, row) => sum + row.calls, 0);
  const byTime = (a: Row, b: Row) => b.ms - a.ms;
  const multiplying = perStep.filter((row) => row.macs > 0).sort(byTime);
  const others = perStep.filter((row) => row.macs === 0).sort(byTime);
  const listed = others.slice(0, options.rows);
  const rest = others.slice(options.rows);
  const share = (ms: number) => `${fixed((100 * ms) / wallMs, 1)} %`;

  const info = backendInfo();
  console.log(`${info.package.replace('@tensorflow/', '')} ${info.version}, ${info.threads} thread${info.threads === 1 ? '' : 's'}${info.simd ? ', SIMD' : ''}: ${options.steps} training steps after ${options.warmup} warm-up, batch ${batchSize}, d = 4`);
  console.log(`yardstick: a 512³ matmul by ${options.backend === 'wasm' ? "XNNPACK (wasm's own BatchMatMul)" : options.backend}, ${fixed(yardstickGmacs, 1)} GMAC/s (${fixed(yardstickMs, 2)} ms)\n`);
  console.log('| kernel | input shapes | calls/step | ms/step | share of step | MMAC/step | GMAC/s | of yardstick | MB/step | GB/s |');
  console.log('|---|---|--:|--:|--:|--:|--:|--:|--:|--:|');
  for (const row of multiplying) {
    const gmacs = row.macs / row.ms / 1e6;
    console.log(`| ${row.label} | ${row.shapes} | ${row.calls} | ${fixed(row.ms, 3)} | ${share(row.ms)} | ${fixed(row.macs / 1e6, 2)} | ${fixed(gmacs, 1)} | ${fixed((100 * gmacs) / yardstickGmacs, 0)} % | ${fixed(row.bytes / 1e6, 2)} | ${fixed(row.bytes / row.ms / 1e6, 1)} |`);
  }
  for (const row of listed) {
    console.log(`| ${row.label} | ${row.shapes} | ${row.calls} | ${fixed(row.ms, 3)} | ${share(row.ms)} | – | – | – | ${fixed(row.bytes / 1e6, 2)} | ${fixed(row.bytes / row.ms / 1e6, 1)} |`);
  }
  const restMs = rest.reduce((sum, row) => sum + row.ms, 0);
  const restCalls = rest.reduce((sum, row) => sum + row.calls, 0);
  console.log(`| ${rest.length} other kernel rows | | ${restCalls} | ${fixed(restMs, 3)} | ${share(restMs)} | – | – | – | | |`);
  const macMs = multiplying.reduce((sum, row) => sum + row.ms, 0);
  const macs = multiplying.reduce((sum, row) => sum + row.macs, 0);
  console.log(`| **all matrix kernels** | | ${multiplying.reduce((sum, row) => sum + row.calls, 0)} | ${fixed(macMs, 3)} | ${share(macMs)} | ${fixed(macs / 1e6, 1)} | ${fixed(macs / macMs / 1e6, 1)} | ${fixed((100 * macs) / macMs / 1e6 / yardstickGmacs, 0)} % | | |`);
  console.log(`| **all kernels** | | ${launches} | ${fixed(kernelMs, 3)} | ${share(kernelMs)} | | | | | |`);
  console.log(`| **outside kernels** (tfjs's JavaScript, tape, layers) | | | ${fixed(wallMs - kernelMs, 3)} | ${share(wallMs - kernelMs)} | | | | | |`);
  console.log(`| **whole step** | | | ${fixed(wallMs, 3)} | 100 % | ${fixed(macs / 1e6, 1)} | ${fixed(macs / wallMs / 1e6, 1)} | ${fixed((100 * macs) / wallMs / 1e6 / yardstickGmacs, 0)} % | | |`);
  console.log(`\n${fixed((batchSize * 1000) / wallMs, 0)} train images/s while timed (each launch timed, so a little slower than npm run bench); at the yardstick's rate, the step's multiplies alone would take ${fixed(macs / yardstickGmacs / 1e6, 2)} ms`);
}

exitQuietlyWhenStdoutCloses();
main().catch((error: unknown) => {
  console.error(`profile-step: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
