/**
 * Chooses and activates the TensorFlow.js backend of a Node process: tfjs-node (native
 * TensorFlow) when installed, else wasm with this package's training kernels, else the pure-JS
 * cpu backend. The `backend` option can force one. Node only (it loads packages with `require`);
 * in the browser, import tfjs-backend-wasm and call `registerTrainingKernels` yourself.
 */
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
// Side-effect import registers the 'cpu' backend (the last-resort fallback).
import { version_cpu } from '@tensorflow/tfjs-backend-cpu';
import { registerTrainingKernels } from './register';

/** A backend this project can train on. `'tensorflow'` is tfjs-node's native backend. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** Options for {@link selectBackend}. */
export interface SelectBackendOptions {
  /** Backend to force (`'node'` is an alias of `'tensorflow'`), or `'auto'` (the default) for the tensorflow → wasm → cpu order. */
  backend?: BackendName | 'node' | 'auto';
  /** Where the request came from, for the error when a forced backend is unavailable; default `selectBackend({backend: '…'})`. */
  requestedBy?: string;
  /** Receives the one-line choice report. Defaults to `console.log`. */
  log?: (line: string) => void;
}

/** What ran the numbers; small and JSON-friendly for checkpoint metadata. */
export interface BackendInfo {
  /** Backend name as registered with tfjs. */
  name: BackendName;
  /** npm package providing the backend, e.g. `'@tensorflow/tfjs-backend-wasm'`. */
  package: string;
  /** That package's version. */
  version: string;
  /** Threads the backend computes with (wasm in Node and cpu: always 1). */
  threads: number;
  /** wasm only: whether the SIMD binary was loaded. */
  simd?: boolean;
}

/** Values the `backend` option accepts; `node` is an alias of `tensorflow`. */
export const BACKEND_CHOICES = ['tensorflow', 'node', 'wasm', 'cpu', 'auto'] as const;
const AUTO_ORDER: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

type WasmModule = typeof import('@tensorflow/tfjs-backend-wasm');
type Loaded<T> = { ok: true; mod: T } | { ok: false; reason: string };

// Package loads are memoised: a failed require is not cached by Node, and
// re-probing tfjs-node on every call would cost file-system lookups.
let nodeLoad: Loaded<{ version?: unknown }> | undefined;
let wasmLoad: Loaded<WasmModule> | undefined;
/** The selection last reported through `log`, so repeat calls stay quiet. */
let reported: BackendName | undefined;
/** Serialises concurrent calls: tf.setBackend is global state. */
let queue: Promise<unknown> = Promise.resolve();

function loadTfjsNode(): Loaded<{ version?: unknown }> {
  if (nodeLoad === undefined) {
    try {
      // Optional dependency, absent on many machines: a plain require inside
      // try/catch keeps it out of the type graph and fails softly. On success
      // it registers the 'tensorflow' backend with the shared tfjs engine.
      nodeLoad = { ok: true, mod: require('@tensorflow/tfjs-node') as { version?: unknown } };
    } catch (e) {
      nodeLoad = { ok: false, reason: firstLine(e) };
    }
  }
  return nodeLoad;
}

function loadWasm(): Loaded<WasmModule> {
  if (wasmLoad === undefined) {
    try {
      // Loaded lazily on purpose: importing it registers 'wasm' at a higher
      // priority than 'cpu', and tfjs then refuses synchronous ops until wasm
      // is initialised, which would break code that never selects wasm.
      const mod = require('@tensorflow/tfjs-backend-wasm') as WasmModule;
      // Kernels must exist before the first gradient runs; doing it at load
      // time means any later tf.setBackend('wasm') also gets them.
      registerTrainingKernels();
      wasmLoad = { ok: true, mod };
    } catch (e) {
      wasmLoad = { ok: false, reason: firstLine(e) };
    }
  }
  return wasmLoad;
}

/**
 * Stops tfjs-backend-cpu's one-time "Hi, looks like you are running
 * TensorFlow.js in Node.js ... install our node backend" console banner.
 *
 * The banner is printed by `MathBackendCPU.write` on its first call when
 * IS_NODE; we already pick tfjs-node when it exists, so it is noise. Rather
 * than set PROD mode globally (which mutes every tfjs warning and log, the
 * useful ones included), we instantiate the cpu backend via `tf.findBackend`
 * and clear its private `firstUse` flag. Idempotent; a no-op if a future
 * tfjs renames the flag. It must run again if the cpu backend is removed and
 * re-created (tf.removeBackend / engine reset), which {@link selectBackend}
 * does on every call.
 */
export function silenceCpuBackendBanner(): void {
  const cpu = tf.findBackend('cpu') as unknown as { firstUse?: unknown } | null;
  if (cpu != null && typeof cpu.firstUse === 'boolean') cpu.firstUse = false;
}

/** The first line of an error's message (what a failed load reports). */
function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
}

/** Parses the option (default `auto`); throws a one-line Error for unknown values. */
function resolveRequest(option: string | undefined): BackendName | 'auto' {
  if (option === undefined) return 'auto';
  if (!(BACKEND_CHOICES as readonly string[]).includes(option)) {
    throw new Error(`Invalid selectBackend option "backend" value "${option}"; expected one of: ${BACKEND_CHOICES.join(', ')}.`);
  }
  return option === 'node' ? 'tensorflow' : (option as BackendName | 'auto');
}

/** Tries to make `name` the active backend; returns why not, or null on success. */
async function activate(name: BackendName): Promise<string | null> {
  if (name === 'tensorflow') {
    const load = loadTfjsNode();
    if (!load.ok) return `@tensorflow/tfjs-node could not be loaded (${load.reason})`;
  } else if (name === 'wasm') {
    const load = loadWasm();
    if (!load.ok) return `@tensorflow/tfjs-backend-wasm could not be loaded (${load.reason})`;
  }
  if (tf.engine().backendName === name) return null;
  // setBackend resolves false (after a console.warn with details) when the
  // backend's initialisation fails, e.g. a missing .wasm file.
  const ok = await tf.setBackend(name);
  return ok ? null : `tf.setBackend('${name}') failed to initialise it`;
}

/**
 * Selects, initialises and activates a backend, and returns its name.
 *
 * Order when automatic: 'tensorflow' (tfjs-node, if installed), then 'wasm'
 * (with the kernels of `registerTrainingKernels`), then 'cpu'. The
 * `backend` option (tensorflow|node|wasm|cpu|auto) forces one;
 * unknown values and a forced backend that cannot load throw a one-line
 * Error. Reports the choice once via `log`, e.g.
 * `backend: wasm (tfjs-backend-wasm 4.22.0, 1 thread, SIMD)`; repeated calls
 * that land on the same backend are cheap and silent.
 */
export function selectBackend(options: SelectBackendOptions = {}): Promise<BackendName> {
  const run = queue.then(() => selectNow(options));
  queue = run.catch(() => undefined);
  return run;
}

async function selectNow(options: SelectBackendOptions): Promise<BackendName> {
  const log = options.log ?? ((line: string) => console.log(line));
  const request = resolveRequest(options.backend);
  silenceCpuBackendBanner();

  const candidates = request === 'auto' ? AUTO_ORDER : [request];
  const failures: Array<[BackendName, string]> = [];
  for (const name of candidates) {
    const why = await activate(name);
    if (why === null) {
      if (reported !== name) {
        log(`backend: ${describe(backendInfo())}`);
        reported = name;
      }
      return name;
    }
    failures.push([name, why]);
  }
  if (request !== 'auto') {
    const source = options.requestedBy ?? `selectBackend({backend: '${options.backend}'})`;
    throw new Error(`${source}: backend '${request}' is unavailable: ${failures[0]?.[1]}.`);
  }
  const all = failures.map(([name, why]) => `${name}: ${why}`).join('; ');
  throw new Error(`No TensorFlow.js backend could be initialised: ${all}.`);
}

function describe(info: BackendInfo): string {
  const pkg = info.package.replace('@tensorflow/', '');
  const threads = `${info.threads} thread${info.threads === 1 ? '' : 's'}`;
  const simd = info.simd === undefined ? '' : info.simd ? ', SIMD' : ', no SIMD';
  return `${info.name} (${pkg} ${info.version}, ${threads}${simd})`;
}

/**
 * Describes the currently active backend (name, package version, threads),
 * for logs and checkpoint metadata. Throws if no backend is active yet or
 * the active one is not a {@link BackendName}.
 */
export function backendInfo(): BackendInfo {
  // engine().backendName, unlike tf.getBackend(), has no side effect of
  // lazily initialising a default backend.
  const name = tf.engine().backendName as string | null | undefined;
  switch (name) {
    case 'wasm': {
      const load = loadWasm();
      if (!load.ok) throw new Error(`backendInfo(): wasm is active but its package failed to load: ${load.reason}`);
      let simd: boolean | undefined;
      try {
        // Already evaluated (and cached) by the wasm backend's init.
        simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
      } catch {
        simd = undefined;
      }
      return {
        name,
        package: '@tensorflow/tfjs-backend-wasm',
        version: load.mod.version_wasm,
        // In Node tfjs-backend-wasm 4.22 hard-codes WASM_HAS_MULTITHREAD_SUPPORT
        // to false (tfjs#3830), so this is 1 whatever setThreadsCount says.
        threads: load.mod.getThreadsCount(),
        ...(simd === undefined ? {} : { simd }),
      };
    }
    case 'cpu':
      // Plain JavaScript on the main thread.
      return { name, package: '@tensorflow/tfjs-backend-cpu', version: version_cpu, threads: 1 };
    case 'tensorflow': {
      const load = loadTfjsNode();
      const v = load.ok ? load.mod.version : undefined;
      const version =
        typeof v === 'string'
          ? v
          : typeof v === 'object' && v !== null && typeof (v as Record<string, unknown>)['tfjs-node'] === 'string'
            ? ((v as Record<string, unknown>)['tfjs-node'] as string)
            : 'unknown';
      // libtensorflow sizes its intra-op pool to the logical core count by default.
      return { name, package: '@tensorflow/tfjs-node', version, threads: os.availableParallelism() };
    }
    default:
      throw new Error(
        name == null
          ? 'backendInfo(): no backend is active yet; await selectBackend() first.'
          : `backendInfo(): active backend '${name}' is not one of tensorflow, wasm, cpu.`,
      );
  }
}
