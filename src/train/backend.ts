/**
 * The tutorial's backend choice: the training engine's `selectBackend` (tfjs-node when installed,
 * else wasm with the engine's kernels, else cpu), forced by the `backend` option or `AE_BACKEND`.
 */
import { BACKEND_CHOICES, type BackendName, type SelectBackendOptions, selectBackend as selectEngineBackend } from 'tfjs-wasm-training/node';
import { envChoice } from '../util/env';

/** The environment variable that forces a backend. */
export const BACKEND_ENV = 'AE_BACKEND';

/**
 * The backend `AE_BACKEND` asks for (`tensorflow`, its alias `node`, `wasm`, `cpu` or `auto`);
 * `auto` when it is unset.
 *
 * @throws Error (one line) naming the variable and the values it accepts, for any other value.
 */
export function backendFromEnv(env: NodeJS.ProcessEnv = process.env): BackendName | 'auto' {
  const value = envChoice(BACKEND_ENV, BACKEND_CHOICES, env) ?? 'auto';
  return value === 'node' ? 'tensorflow' : value;
}

/**
 * Selects, initialises and activates a backend and returns its name: the `backend` option, else
 * `AE_BACKEND`, else tensorflow → wasm → cpu, whichever loads first. Reports the choice once via
 * `log` (default `console.log`), e.g. `backend: wasm (tfjs-backend-wasm 4.22.0, 1 thread, SIMD)`.
 *
 * @throws Error (one line) for an unknown value, or a forced backend that cannot load.
 */
export async function selectBackend(options: Omit<SelectBackendOptions, 'requestedBy'> = {}): Promise<BackendName> {
  if (options.backend !== undefined) return selectEngineBackend(options);
  const backend = backendFromEnv(); // rejects the returned promise, like the engine's errors
  return selectEngineBackend({ ...options, backend, requestedBy: `${BACKEND_ENV}=${process.env[BACKEND_ENV]?.trim()}` });
}

export { backendInfo } from 'tfjs-wasm-training/node';
export type { BackendInfo, BackendName } from 'tfjs-wasm-training/node';
