import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { backendFromEnv, backendInfo, selectBackend } from '../../src/train/backend';

// Each test saves and restores AE_BACKEND so an outer environment cannot change the outcome.
let savedEnv: string | undefined;
beforeEach(() => {
  savedEnv = process.env['AE_BACKEND'];
  delete process.env['AE_BACKEND'];
});
afterEach(() => {
  if (savedEnv === undefined) delete process.env['AE_BACKEND'];
  else process.env['AE_BACKEND'] = savedEnv;
});

test('AE_BACKEND forces a backend; unset, it is auto', () => {
  assert.equal(backendFromEnv({}), 'auto');
  assert.equal(backendFromEnv({ AE_BACKEND: 'node' }), 'tensorflow');
  assert.equal(backendFromEnv({ AE_BACKEND: ' cpu ' }), 'cpu');
});

test('the option wins over AE_BACKEND, and switching back and forth works', async () => {
  process.env['AE_BACKEND'] = 'cpu';
  assert.equal(await selectBackend({ backend: 'wasm', log: () => undefined }), 'wasm');
  assert.equal(await selectBackend({ log: () => undefined }), 'cpu');
  assert.equal(backendInfo().name, 'cpu');
  assert.equal(await selectBackend({ backend: 'wasm', log: () => undefined }), 'wasm');
});

test('an unknown AE_BACKEND throws a one-line error naming AE_BACKEND and the allowed values', async () => {
  process.env['AE_BACKEND'] = 'gpu';
  await assert.rejects(selectBackend({ log: () => undefined }), (e: Error) => {
    assert.equal(e.message, 'AE_BACKEND=gpu is not accepted: use one of tensorflow, node, wasm, cpu, auto');
    return true;
  });
  // A rejected call must not wedge later ones.
  delete process.env['AE_BACKEND'];
  assert.equal(await selectBackend({ log: () => undefined }), 'wasm');
});

test('forcing tfjs-node through AE_BACKEND when it is not installed names the variable', async () => {
  process.env['AE_BACKEND'] = 'node';
  await assert.rejects(selectBackend({ log: () => undefined }), (e: Error) => {
    assert.match(e.message, /^AE_BACKEND=node: backend 'tensorflow' is unavailable: .*@tensorflow\/tfjs-node could not be loaded/);
    assert.doesNotMatch(e.message, /\n/);
    return true;
  });
  assert.equal(tf.getBackend(), 'wasm');
});
