/**
 * Loads this package's SIMD kernels (AssemblyScript sources in ../assembly, compiled by `npm run
 * build` and embedded in ./generated/simd-binary.ts) against a tfjs-backend-wasm instance. The
 * module imports the backend's own `WebAssembly.Memory`, so its functions read and write tensors
 * where tfjs keeps them: a tensor's address is the `byteOffset` of its heap view. A separate
 * memory would cost a copy of every input and output per call. The bytes are embedded rather
 * than read from a file so that Node and the browser load the same module, with no file system
 * and no fetch.
 */
import { SIMD_KERNELS_BASE64 } from './generated/simd-binary';
import { SIMD_KERNEL_ARITY, type SimdKernels, bindSimdKernels } from './generated/simd-bindings';
import { backendMemory } from './wasm-backend';

let compiled: WebAssembly.Module | undefined;
const instances = new WeakMap<WebAssembly.Memory, SimdKernels>();

/** The compiled module (compiled once per process or page). */
function simdModule(): WebAssembly.Module {
  if (compiled === undefined) compiled = new WebAssembly.Module(Uint8Array.from(atob(SIMD_KERNELS_BASE64), (c) => c.charCodeAt(0)));
  return compiled;
}

/**
 * The SIMD kernels bound to `backend`'s heap (one instance per heap, made on first use).
 *
 * @throws Error when the backend's memory is not reachable (a tfjs-backend-wasm other than
 * 4.22's layout), or when an export's parameter count differs from its AssemblyScript signature.
 */
export function simdKernels(backend: unknown): SimdKernels {
  const memory = backendMemory(backend);
  let kernels = instances.get(memory);
  if (kernels === undefined) {
    const abort = () => {
      throw new Error('SIMD kernels: abort');
    };
    const raw = new WebAssembly.Instance(simdModule(), { env: { memory, abort } }).exports as Record<string, unknown>;
    for (const [name, arity] of Object.entries(SIMD_KERNEL_ARITY)) {
      const kernel = raw[name];
      if (typeof kernel !== 'function' || kernel.length !== arity) throw new Error(`SIMD kernels: export ${name} is missing or does not take ${arity} arguments; rebuild the module`);
    }
    kernels = bindSimdKernels(raw as Parameters<typeof bindSimdKernels>[0]);
    instances.set(memory, kernels);
  }
  return kernels;
}
