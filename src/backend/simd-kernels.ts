/**
 * Loads this project's SIMD kernels (AssemblyScript sources in ./simd, compiled by `npm run
 * build` to `simd/kernels.wasm`) against a tfjs-backend-wasm instance. The module imports the
 * backend's own `WebAssembly.Memory`, so its functions read and write tensors where tfjs keeps
 * them: a tensor's address is the `byteOffset` of its heap view. A separate memory would cost a
 * copy of every input and output per call.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The exported functions of `simd/kernels.wasm` (pointers are byte offsets into the backend's heap). */
export interface SimdKernels {
  adamStep(
    x: number, g: number, m: number, v: number, outX: number, outM: number, outV: number, n: number,
    decay: number, beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number,
    correction1: number, correction2: number, epsilon: number, step: number,
  ): void;
  batchNormMoments(x: number, rows: number, channels: number, mean: number, variance: number): void;
  batchNormApply(x: number, rows: number, channels: number, mean: number, variance: number, gamma: number, beta: number, epsilon: number, y: number): void;
  batchNormGrad(
    dy: number, x: number, rows: number, channels: number, mean: number, variance: number, gamma: number, epsilon: number,
    dx: number, dGamma: number, dBeta: number,
  ): void;
  conv2dFilterGrad(
    x: number, dy: number, dw: number, batch: number, inHeight: number, inWidth: number, inChannels: number,
    outHeight: number, outWidth: number, outChannels: number, filterHeight: number, filterWidth: number,
    strideHeight: number, strideWidth: number, top: number, left: number,
  ): void;
  copyRuns(
    from: number, to: number, runBytes: number, count0: number, count1: number, count2: number,
    fromStride0: number, fromStride1: number, fromStride2: number, toStride0: number, toStride1: number, toStride2: number,
  ): void;
  columnSums(x: number, rows: number, channels: number, out: number): void;
  addBias(x: number, rows: number, channels: number, bias: number, y: number): void;
  reluGrad(dy: number, x: number, n: number, dx: number): void;
  addScalar(x: number, n: number, value: number, y: number): void;
  conv2dInputGradFewChannels(
    dy: number, tapFilter: number, scratch: number, dx: number, batch: number, inHeight: number, inWidth: number, inChannels: number,
    outHeight: number, outWidth: number, outChannels: number, filterHeight: number, filterWidth: number,
    strideHeight: number, strideWidth: number, top: number, left: number,
  ): void;
  conv2dInputGrad(
    dy: number, filter: number, filterT: number, dx: number, batch: number, inHeight: number, inWidth: number, inChannels: number,
    outHeight: number, outWidth: number, outChannels: number, filterHeight: number, filterWidth: number,
    strideHeight: number, strideWidth: number, top: number, left: number,
  ): void;
}

/** Where `npm run build` puts the compiled module. */
export const SIMD_KERNELS_FILE = path.join(__dirname, 'simd', 'kernels.wasm');

let compiled: WebAssembly.Module | undefined;
const instances = new WeakMap<WebAssembly.Memory, SimdKernels>();

/** The part of tfjs-backend-wasm's backend that holds its Emscripten module. */
interface WasmBackendModule {
  wasm?: { asm?: { memory?: unknown } };
}

/**
 * The SIMD kernels bound to `backend`'s heap (one instance per heap, made on first use).
 *
 * @throws Error naming the file when the module was not built, or when the backend's memory is
 * not reachable (a tfjs-backend-wasm other than 4.22's layout).
 */
export function simdKernels(backend: unknown): SimdKernels {
  const memory = (backend as WasmBackendModule).wasm?.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) throw new Error('SIMD kernels: the wasm backend does not expose its memory (wasm.asm.memory)');
  let kernels = instances.get(memory);
  if (kernels === undefined) {
    if (compiled === undefined) {
      if (!fs.existsSync(SIMD_KERNELS_FILE)) throw new Error(`SIMD kernels: ${SIMD_KERNELS_FILE} is missing; run npm run build`);
      compiled = new WebAssembly.Module(fs.readFileSync(SIMD_KERNELS_FILE));
    }
    const abort = () => {
      throw new Error('SIMD kernels: abort');
    };
    kernels = new WebAssembly.Instance(compiled, { env: { memory, abort } }).exports as unknown as SimdKernels;
    instances.set(memory, kernels);
  }
  return kernels;
}
