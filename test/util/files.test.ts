import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { writeFileAtomic } from '../../src/util/files.js';

describe('writeFileAtomic', () => {
  it('writes through a temporary file and leaves nothing else behind', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-files-'));
    const file = path.join(dir, 'nested', 'figure.png');
    writeFileAtomic(file, Buffer.from('abc'));
    assert.equal(fs.readFileSync(file, 'utf8'), 'abc');
    writeFileAtomic(file, 'replaced');
    assert.equal(fs.readFileSync(file, 'utf8'), 'replaced');
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['figure.png']);
    assert.throws(() => writeFileAtomic(path.join(file, 'inside-a-file.png'), 'x'), /^Error: could not write .*inside-a-file\.png: /);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
