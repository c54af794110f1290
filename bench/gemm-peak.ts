/**
 * How fast can each side multiply matrices on one core? `npm run bench:gemm`: a 512×512×512
 * float32 matmul on tfjs wasm (XNNPACK, 128-bit wasm SIMD; then this project's kernel) and, when Debian's python3-torch
 * is there, in PyTorch with one thread (oneDNN/MKL, native AVX2/AVX-512). The ratio bounds
 * what any amount of kernel work on wasm can reach against PyTorch on compute-bound layers.
 * Never part of `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { MATMUL_SIZE, timeSquareMatmul } from './matmul-peak';
import { selectBackend } from '../src/train/backend';
import { PYTHON } from './pytorch';
import { exitQuietlyWhenStdoutCloses } from '../src/cli/closed-stdout';

const SIZE = MATMUL_SIZE;
const REPEATS = 30;
const FLOP = 2 * SIZE ** 3;

async function main(): Promise<void> {
  await selectBackend({ backend: 'wasm', log: () => {} });
  const wasmMs = timeSquareMatmul(REPEATS, { xnnpack: true });
  console.log(`tfjs wasm   ${wasmMs.toFixed(2)} ms per ${SIZE}³ matmul = ${(FLOP / wasmMs / 1e6).toFixed(1)} GFLOP/s (XNNPACK, wasm's own BatchMatMul)`);
  const oursMs = timeSquareMatmul(REPEATS);
  console.log(`tfjs wasm   ${oursMs.toFixed(2)} ms per ${SIZE}³ matmul = ${(FLOP / oursMs / 1e6).toFixed(1)} GFLOP/s (tfjs-wasm-training's BatchMatMul)`);
  const script = [
    'import time, torch', 'torch.set_num_threads(1)', `a = torch.randn(${SIZE}, ${SIZE})`,
    'for _ in range(3): a @ a', 't = time.perf_counter()', `for _ in range(${REPEATS}): a @ a`,
    `print((time.perf_counter() - t) / ${REPEATS} * 1000)`,
  ].join('\n');
  const torch = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8' });
  if (torch.status !== 0) {
    console.log('pytorch     not available (/usr/bin/python3 cannot import torch)');
    return;
  }
  const torchMs = Number(torch.stdout.trim());
  console.log(`pytorch     ${torchMs.toFixed(2)} ms per ${SIZE}³ matmul = ${(FLOP / torchMs / 1e6).toFixed(1)} GFLOP/s (1 thread)`);
  console.log(`wasm / pytorch ${(torchMs / wasmMs).toFixed(3)}`);
}

exitQuietlyWhenStdoutCloses();
main().catch((error: unknown) => {
  console.error(`gemm-peak: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
