/**
 * `npm run bench`: training and inference throughput of the tutorial's model (d = 4, batch 128,
 * real MNIST) on every TensorFlow.js backend that loads here, each in its own process, and —
 * when Debian's python3-torch is installed — the same model in PyTorch, same data, same batch,
 * one thread each. Prints a table and, last, `ratio_vs_pytorch <x>`: the fastest TypeScript
 * backend's training throughput over PyTorch's. `--json <file>` writes the same numbers.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { positiveInteger } from '../src/cli/parse';
import { findProjectRoot } from '../src/util/paths';
import type { ThroughputResult } from './train-throughput';

const PYTHON = '/usr/bin/python3';

interface Row {
  name: string;
  trainImagesPerSecond?: number;
  inferenceImagesPerSecond?: number;
  peakRssMiB?: number;
  note: string;
}

/** One backend in a fresh process; `undefined` with the reason when it does not load. */
function measureBackend(root: string, backend: string, steps: number, warmup: number, extra: string[] = []): ThroughputResult | string {
  const script = path.join(root, 'dist', 'bench', 'train-throughput.js');
  const run = spawnSync(process.execPath, [script, '--backend', backend, '--steps', String(steps), '--warmup', String(warmup), ...extra], { encoding: 'utf8' });
  if (run.status !== 0) return (run.stderr.trim().split('\n').at(-1) ?? `exit ${run.status}`).replace(/^train-throughput: /, '');
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as ThroughputResult;
}

/** The PyTorch reference, or why it could not run. */
function measurePytorch(root: string, steps: number): Row {
  const probe = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  if (probe.status !== 0) return { name: 'pytorch', note: `not available (${PYTHON} cannot import torch: apt-get install python3-torch)` };
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ae-bench-')), 'pytorch.json');
  const run = spawnSync(PYTHON, [path.join(root, 'bench', 'pytorch_reference.py'), '--bench-steps', String(steps), '--threads', '1', '--json', out], { encoding: 'utf8' });
  if (run.status !== 0) return { name: 'pytorch', note: `failed: ${run.stderr.trim().split('\n').at(-1)}` };
  const { throughput } = JSON.parse(fs.readFileSync(out, 'utf8')) as { throughput: Record<string, number> };
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  return {
    name: 'pytorch',
    trainImagesPerSecond: throughput['train_images_per_s']!,
    inferenceImagesPerSecond: throughput['inference_images_per_s']!,
    peakRssMiB: throughput['peak_rss_mib']!,
    note: `torch ${probe.stdout.trim()}, 1 thread`,
  };
}

function formatNumber(value: number | undefined, digits = 0): string {
  return value === undefined ? '–' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function main(): void {
  const options = new Command('bench')
    .addOption(new Option('--steps <n>', 'timed training steps per backend').default(50).argParser(positiveInteger))
    .addOption(new Option('--warmup <n>', 'untimed steps first').default(5).argParser(positiveInteger))
    .addOption(new Option('--cpu-steps <n>', 'timed steps on the (slow) cpu backend').default(3).argParser(positiveInteger))
    .addOption(new Option('--json <file>', 'also write the results as JSON'))
    .option('--no-pytorch', 'skip the PyTorch reference')
    .option('--no-stock-wasm', "skip the row for wasm with its own (slower) kernels")
    .parse(process.argv)
    .opts<{ steps: number; warmup: number; cpuSteps: number; json?: string; pytorch: boolean; stockWasm: boolean }>();
  const root = findProjectRoot();
  const rows: Row[] = [];
  for (const backend of ['tensorflow', 'wasm', 'cpu']) {
    const steps = backend === 'cpu' ? options.cpuSteps : options.steps;
    const warmup = backend === 'cpu' ? 1 : options.warmup;
    const result = measureBackend(root, backend, steps, warmup);
    rows.push(typeof result === 'string'
      ? { name: `tfjs ${backend}`, note: `not available (${result})` }
      : { name: `tfjs ${backend}`, ...result, note: `${result.description}, ${steps} steps after ${warmup} warm-up` });
    console.error(`measured tfjs ${backend}`);
  }
  if (options.stockWasm) {
    // The same wasm backend with only the missing kernels filled: what this project's faster kernels gain.
    const result = measureBackend(root, 'wasm', options.steps, options.warmup, ['--stock-wasm-kernels']);
    if (typeof result !== 'string') {
      rows.push({ name: 'tfjs wasm stock', ...result, note: `${result.description}, wasm's own kernels (only missing ones filled), ${options.steps} steps after ${options.warmup} warm-up` });
    }
    console.error('measured tfjs wasm with its stock kernels');
  }
  if (options.pytorch) rows.push(measurePytorch(root, options.steps));

  console.log(`${'backend'.padEnd(16)}${'train img/s'.padStart(13)}${'infer img/s'.padStart(13)}${'peak RSS MiB'.padStart(14)}  notes`);
  for (const row of rows) {
    console.log(`${row.name.padEnd(16)}${formatNumber(row.trainImagesPerSecond).padStart(13)}${formatNumber(row.inferenceImagesPerSecond).padStart(13)}` +
      `${formatNumber(row.peakRssMiB).padStart(14)}  ${row.note}`);
  }
  const typescript = rows.filter((row) => row.name.startsWith('tfjs') && row.name !== 'tfjs wasm stock' && row.trainImagesPerSecond !== undefined);
  const fastest = typescript.reduce<Row | undefined>((best, row) => (best === undefined || row.trainImagesPerSecond! > best.trainImagesPerSecond! ? row : best), undefined);
  const pytorch = rows.find((row) => row.name === 'pytorch' && row.trainImagesPerSecond !== undefined);
  const ratio = fastest && pytorch ? fastest.trainImagesPerSecond! / pytorch.trainImagesPerSecond! : undefined;
  if (options.json) {
    fs.writeFileSync(options.json, `${JSON.stringify({ rows, fastest: fastest?.name, ratioVsPytorch: ratio, machine: { cpus: os.cpus().length, node: process.version } }, null, 2)}\n`);
  }
  console.log(ratio === undefined ? 'ratio_vs_pytorch unavailable' : `ratio_vs_pytorch ${ratio.toFixed(3)}`);
}

main();
