/**
 * `npm run bench:sweep [-- --epochs 3 --dims 1-10]`: the tutorial's experiment end to end, both
 * ways on this machine, one after the other:
 *
 * - this project's parallel sweep (`npm run sweep`, one model per worker, nothing saved);
 * - PyTorch running the original's loop as written: one model after another in one process, with
 *   torch's default threads, data in memory (`bench/pytorch_reference.py --sweep-dims`).
 *
 * Both train on the 55,000-image training split, choose each model's epoch on the validation
 * split and score the test split once. Prints both wall times (process start to exit) and, last,
 * `sweep_ratio_vs_pytorch <x>`: ours over theirs (lower is better).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Option } from 'commander';
import { cliCommand, optionParser, parseDims, positiveInteger } from '../src/cli/parse';
import { findProjectRoot } from '../src/util/paths';
import { PYTHON, warnIfReferenceBlas } from './pytorch';

/** Runs a command to its end, its output passed through; returns the wall seconds, or throws naming it. */
function timed(what: string, command: string, args: string[], cwd: string): number {
  const started = performance.now();
  const run = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`${what} failed (exit ${run.status ?? run.signal})`);
  return (performance.now() - started) / 1000;
}

function main(): void {
  const options = cliCommand('bench:sweep', "The tutorial's sweep, this project's against the original's PyTorch loop, wall times.")
    .addOption(new Option('--epochs <n>', 'epochs per model').default(3).argParser(positiveInteger))
    .addOption(new Option('--dims <list>', 'latent dims').default([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], '1-10').argParser(optionParser(parseDims)))
    .parse(process.argv)
    .opts<{ epochs: number; dims: number[] }>();
  const root = findProjectRoot();
  const dims = options.dims.join(',');
  if (spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status !== 0) {
    throw new Error(`${PYTHON} cannot import torch: apt-get install python3-torch`);
  }

  console.error(`== this project: npm run sweep -- --dims ${dims} --epochs ${options.epochs} --no-save`);
  const ours = timed('the sweep', process.execPath, [path.join(root, 'dist', 'src', 'cli', 'sweep.js'), '--dims', dims, '--epochs', String(options.epochs), '--no-save'], root);

  const json = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ae-bench-sweep-')), 'pytorch.json');
  console.error(`== PyTorch, the original's loop: one model after another, torch's default threads`);
  const theirs = timed('the PyTorch sweep', PYTHON, [path.join(root, 'bench', 'pytorch_reference.py'), '--sweep-dims', dims, '--epochs', String(options.epochs), '--threads', '0', '--json', json], root);
  const torch = JSON.parse(fs.readFileSync(json, 'utf8')) as { threads: number; torch_version: string; blas: string };
  warnIfReferenceBlas(torch.blas);
  fs.rmSync(path.dirname(json), { recursive: true, force: true });

  console.log(`sweep: latent dims ${dims}, ${options.epochs} epochs each, on ${os.cpus().length} cores`);
  console.log(`this project (parallel sweep): ${ours.toFixed(1)} s`);
  console.log(`pytorch ${torch.torch_version} (original loop, ${torch.threads} thread${torch.threads === 1 ? '' : 's'}, ${torch.blas}): ${theirs.toFixed(1)} s`);
  console.log(`sweep_ratio_vs_pytorch ${(ours / theirs).toFixed(3)}`);
}

try {
  main();
} catch (error) {
  console.error(`bench:sweep: ${(error as Error).message}`);
  process.exitCode = 1;
}
