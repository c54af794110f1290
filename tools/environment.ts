/**
 * Every environment variable the notebooks and the tooling read, checked at once, so that a bad
 * value stops `npm start` with one line before any kernel starts, not minutes later in a cell.
 */
import { backendFromEnv } from '../src/train/backend';
import { mnistDirFromEnv } from '../src/data/mnist';
import { figuresDir } from '../src/notebook/display';
import { checksModeFromEnv } from '../src/notebook/self-check';
import { presetCheckpoints, presetFromEnv } from '../src/train/presets';
import { envValue } from '../src/util/env';
import { CHROMIUM_PATH_ENV, chromiumPath } from './page-checks';

/**
 * Throws the first problem among `AE_PRESET`, `AE_RETRAIN`, `AE_BACKEND`, `AE_DATA_DIR`,
 * `AE_FIGURES_DIR`, `AE_CHECKS` and `CHROMIUM_PATH`, as a one-line Error naming the variable and what it accepts.
 */
export function checkEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  presetFromEnv(env);
  presetCheckpoints(env); // AE_RETRAIN
  backendFromEnv(env);
  mnistDirFromEnv(env);
  figuresDir(env);
  checksModeFromEnv(env);
  if (envValue(CHROMIUM_PATH_ENV, env) !== undefined) chromiumPath(env);
}
