/** `npm run sweep … | head -1`: once the reader of stdout is gone, the command stops, exits 0, and prints nothing on stderr. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const dist = path.resolve(__dirname, '..', '..');

describe('a command whose stdout is closed (| head -1)', () => {
  it('npm run sweep stops quietly with status 0', async () => {
    const child = spawn(process.execPath, [path.join(dist, 'src', 'cli', 'sweep.js'), '--dims', '1,2', '--epochs', '2', '--train-subset', '256', '--no-save']);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy(); // what head does after its first line
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (c, s) => resolve([c, s])));
    assert.equal(stderr, '');
    assert.equal(signal, null);
    assert.equal(code, 0);
  });
});
