/** Which notebooks a command works on, and the kernel they need (tools/notebooks.ts). */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CliError } from '../../tools/cli.js';
import { kernelArgv, listNotebooks } from '../../tools/notebooks.js';

describe('notebooks and their kernel', () => {
  it('kernelArgv: missing, stale and good kernelspecs', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-kernelspec-'));
    try {
      assert.throws(() => kernelArgv(root), (error: Error) => error instanceof CliError && /kernel is missing .*run 'npm install'/.test(error.message));
      const dir = path.join(root, 'node_modules', '.jupyter', 'kernels', 'tslab');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'kernel.json'), '{ not json');
      assert.throws(() => kernelArgv(root), /kernel\.json is not valid JSON: run 'npm install'/);
      fs.writeFileSync(path.join(dir, 'kernel.json'), JSON.stringify({ argv: ['/nowhere/tslab', 'kernel'] }));
      assert.throws(() => kernelArgv(root), /starts \/nowhere\/tslab, which does not exist.*run 'npm install'/);
      fs.writeFileSync(path.join(dir, 'kernel.json'), JSON.stringify({ argv: [process.execPath, 'kernel', '--config={connection_file}'] }));
      assert.deepEqual(kernelArgv(root), [process.execPath, 'kernel', '--config={connection_file}']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('listNotebooks: sorted by name; selectors by name, prefix or path; unknown ones fail', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-notebooks-'));
    try {
      assert.throws(() => listNotebooks(root), /no notebooks in notebooks\//);
      fs.mkdirSync(path.join(root, 'notebooks', '.ipynb_checkpoints'), { recursive: true });
      for (const name of ['02-b.ipynb', '10-c.ipynb', '01-a.ipynb', 'notes.md', '.ipynb_checkpoints/01-a-checkpoint.ipynb']) fs.writeFileSync(path.join(root, 'notebooks', name), '{}');
      const names = (selectors?: string[]): string[] => listNotebooks(root, selectors).map((file: string) => path.basename(file));
      assert.deepEqual(names(), ['01-a.ipynb', '02-b.ipynb', '10-c.ipynb']);
      assert.deepEqual(names(['10', 'notebooks/01-a.ipynb']), ['01-a.ipynb', '10-c.ipynb']);
      assert.deepEqual(names(['02-b']), ['02-b.ipynb']);
      assert.throws(() => listNotebooks(root, ['03']), /no notebook in notebooks\/ matches '03'/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
