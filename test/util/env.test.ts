import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { envChoice, envFile, envFolder, envValue } from '../../src/util/env.js';

describe('environment variables read like options', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-env-'));
  const file = path.join(dir, 'a-file');
  fs.writeFileSync(file, '');

  it('envValue: trimmed, and unset or blank is undefined', () => {
    assert.equal(envValue('X', {}), undefined);
    assert.equal(envValue('X', { X: '  ' }), undefined);
    assert.equal(envValue('X', { X: ' a ' }), 'a');
  });

  it('envChoice: one of the choices, else one line naming the variable and the choices', () => {
    assert.equal(envChoice('MODE', ['a', 'b'], { MODE: ' b ' }), 'b');
    assert.equal(envChoice('MODE', ['a', 'b'], {}), undefined);
    assert.throws(() => envChoice('MODE', ['a', 'b'], { MODE: 'c' }), /^Error: MODE=c is not accepted: use one of a, b$/);
    assert.throws(() => envChoice('MODE', ['a', 'b'], { MODE: 'toString' }), /MODE=toString is not accepted/);
  });

  it('envFolder: a folder, or a path where one can be made when it need not exist', () => {
    assert.equal(envFolder('DIR', { mustExist: true }, { DIR: dir }), dir);
    assert.equal(envFolder('DIR', { mustExist: false }, { DIR: path.join(dir, 'new') }), path.join(dir, 'new'));
    assert.throws(() => envFolder('DIR', { mustExist: false }, { DIR: file }), /^Error: DIR=.*a-file is not accepted: use a folder \(.*a-file is a file\)$/);
    assert.throws(() => envFolder('DIR', { mustExist: true }, { DIR: path.join(dir, 'nope') }), /^Error: DIR=.*nope is not accepted: use a folder that exists \(there is nothing at .*nope\)$/);
  });

  it('envFile: an existing file', () => {
    assert.equal(envFile('BIN', 'a program', { BIN: file }), file);
    assert.throws(() => envFile('BIN', 'a program', { BIN: dir }), /^Error: BIN=.* is not accepted: use the path of a program \(that is a folder\)$/);
    assert.throws(() => envFile('BIN', 'a program', { BIN: path.join(dir, 'nope') }), /there is nothing there/);
  });
});
