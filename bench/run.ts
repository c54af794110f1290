/**
 * `npm run bench`: training and inference throughput of the tutorial's model (d = 4, batch 128,
 * real MNIST) on every TensorFlow.js backend that loads here, each in its own process, and —
 * when Debian's python3-torch is installed — the same model in PyTorch, same data, same batch,
 * one thread each. The TypeScript backends and PyTorch are measured in interleaved rounds
 * (`--rounds`, default 3). Prints a table of medians and, last, `ratio_vs_pytorch <x>`: the
 * median over the rounds of the fastest TypeScript backend's training throughput over
 * PyTorch's in the same round. `--json <file>` writes the same numbers.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { positiveInteger } from '../src/cli/parse';
import { findProjectRoot } from '../src/util/paths';
import { PYTHON, warnIfReferenceBlas } from './pytorch';
import type { ThroughputResult } from './train-throughput';
import { exitQuietlyWhenStdoutCloses } from '../src/cli/closed-stdout';


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
  const { throughput } = JSON.parse(fs.readFileSync(out, 'utf8')) as { throughput: Record<string, number> & { blas: string } };
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  warnIfReferenceBlas(throughput.blas);
  return {
    name: 'pytorch',
    trainImagesPerSecond: throughput['train_images_per_s']!,
    inferenceImagesPerSecond: throughput['inference_images_per_s']!,
    peakRssMiB: throughput['peak_rss_mib']!,
    note: `torch ${probe.stdout.trim()}, 1 thread, ${throughput.blas}`,
  };
}

function formatNumber(value: number | undefined, digits = 0): string {
  return value === undefined ? '–' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** The middle value (the mean of the two middle ones for an even count). */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** One row from the rounds of one contender: each figure the median over the rounds that ran. */
function medianRow(name: string, runs: Row[], note: string): Row {
  const measured = runs.filter((row) => row.trainImagesPerSecond !== undefined);
  if (measured.length === 0) return runs[0] ?? { name, note };
  const of = (key: 'trainImagesPerSecond' | 'inferenceImagesPerSecond' | 'peakRssMiB') => median(measured.map((row) => row[key]!));
  return { name, trainImagesPerSecond: of('trainImagesPerSecond'), inferenceImagesPerSecond: of('inferenceImagesPerSecond'), peakRssMiB: of('peakRssMiB'), note };
}

function main(): void {
  const options = new Command('bench')
    .addOption(new Option('--steps <n>', 'timed training steps per backend').default(50).argParser(positiveInteger))
    .addOption(new Option('--warmup <n>', 'untimed steps first').default(5).argParser(positiveInteger))
    .addOption(new Option('--rounds <n>', 'interleaved rounds of the TypeScript backends and PyTorch; figures are medians').default(3).argParser(positiveInteger))
    .addOption(new Option('--cpu-steps <n>', 'timed steps on the (slow) cpu backend').default(3).argParser(positiveInteger))
    .addOption(new Option('--json <file>', 'also write the results as JSON'))
    .option('--no-pytorch', 'skip the PyTorch reference')
    .option('--no-stock-wasm', "skip the row for wasm with its own (slower) kernels")
    .parse(process.argv)
    .opts<{ steps: number; warmup: number; rounds: number; cpuSteps: number; json?: string; pytorch: boolean; stockWasm: boolean }>();
  const root = findProjectRoot();
  const contenders = ['tensorflow', 'wasm', ...(options.pytorch ? ['pytorch'] : [])];
  const runs = new Map<string, Row[]>(contenders.map((name) => [name, []]));
  const roundRatios: number[] = [];
  // Interleaved, so that a machine that speeds up or slows down during the run affects both sides alike.
  for (let round = 1; round <= options.rounds; round++) {
    const measured: Row[] = [];
    for (const name of contenders) {
      const earlier = runs.get(name)!;
      if (earlier.length > 0 && earlier[0]!.trainImagesPerSecond === undefined) continue; // did not load: once is enough
      let row: Row;
      if (name === 'pytorch') {
        row = measurePytorch(root, options.steps);
      } else {
        const result = measureBackend(root, name, options.steps, options.warmup);
        row = typeof result === 'string'
          ? { name: `tfjs ${name}`, note: `not available (${result})` }
          : { name: `tfjs ${name}`, ...result, note: `${result.description}, ${options.steps} steps after ${options.warmup} warm-up` };
      }
      earlier.push(row);
      if (row.trainImagesPerSecond !== undefined) measured.push(row);
    }
    const fastest = measured.filter((row) => row.name.startsWith('tfjs')).sort((a, b) => b.trainImagesPerSecond! - a.trainImagesPerSecond!)[0];
    const pytorch = measured.find((row) => row.name === 'pytorch');
    const ratio = fastest && pytorch ? fastest.trainImagesPerSecond! / pytorch.trainImagesPerSecond! : undefined;
    if (ratio !== undefined) roundRatios.push(ratio);
    console.error(`round ${round}/${options.rounds}: ${measured.map((row) => `${row.name} ${formatNumber(row.trainImagesPerSecond)}`).join(', ')} train images/s` +
      (ratio === undefined ? '' : `, ratio ${ratio.toFixed(3)}`));
  }
  const rows: Row[] = contenders.map((name) => {
    const rounds = runs.get(name)!;
    const first = rounds[0]!;
    const measuredRounds = rounds.filter((row) => row.trainImagesPerSecond !== undefined).length;
    return medianRow(first.name, rounds, measuredRounds > 1 ? `${first.note}; median of ${measuredRounds} rounds` : first.note);
  });
  const cpu = measureBackend(root, 'cpu', options.cpuSteps, 1);
  rows.splice(2, 0, typeof cpu === 'string'
    ? { name: 'tfjs cpu', note: `not available (${cpu})` }
    : { name: 'tfjs cpu', ...cpu, note: `${cpu.description}, ${options.cpuSteps} steps after 1 warm-up` });
  if (options.stockWasm) {
    // The same wasm backend with only the missing kernels filled: what this project's faster kernels gain.
    const result = measureBackend(root, 'wasm', options.steps, options.warmup, ['--stock-wasm-kernels']);
    if (typeof result !== 'string') {
      rows.splice(2, 0, { name: 'tfjs wasm stock', ...result, note: `${result.description}, wasm's own kernels (only missing ones filled), ${options.steps} steps after ${options.warmup} warm-up` });
    }
  }

  console.log(`${'backend'.padEnd(16)}${'train img/s'.padStart(13)}${'infer img/s'.padStart(13)}${'peak RSS MiB'.padStart(14)}  notes`);
  for (const row of rows) {
    console.log(`${row.name.padEnd(16)}${formatNumber(row.trainImagesPerSecond).padStart(13)}${formatNumber(row.inferenceImagesPerSecond).padStart(13)}` +
      `${formatNumber(row.peakRssMiB).padStart(14)}  ${row.note}`);
  }
  const fastest = rows.filter((row) => row.name.startsWith('tfjs') && row.name !== 'tfjs wasm stock' && row.name !== 'tfjs cpu' && row.trainImagesPerSecond !== undefined)
    .sort((a, b) => b.trainImagesPerSecond! - a.trainImagesPerSecond!)[0];
  const ratio = roundRatios.length > 0 ? median(roundRatios) : undefined;
  if (options.json) {
    fs.writeFileSync(options.json, `${JSON.stringify({ rows, fastest: fastest?.name, ratioVsPytorch: ratio, roundRatios, machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version } }, null, 2)}\n`);
  }
  console.log(ratio === undefined ? 'ratio_vs_pytorch unavailable' : `ratio_vs_pytorch ${ratio.toFixed(3)}` +
    (roundRatios.length > 1 ? ` (median of ${roundRatios.length} interleaved rounds: ${roundRatios.map((r) => r.toFixed(3)).join(', ')})` : ''));
}

exitQuietlyWhenStdoutCloses();
main();
