/** Which notebooks a command works on, and the kernel they need (tools/notebooks.ts). */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CliError } from '../../tools/cli.js';
import { kernelArgv, listNotebooks, showRecordedRunTime, syncNotebookFolder } from '../../tools/notebooks.js';
import { recordRunTime, runTimesFile } from '../../src/notebook/run-times.js';

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

describe('showRecordedRunTime', () => {
  it('rewrites the header table and the footer line of a run with the time just recorded, nothing else', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-run-times-'));
    try {
      fs.mkdirSync(path.join(root, 'notebooks'));
      const file = path.join(root, 'notebooks', '07-example.ipynb');
      const time = { seconds: 125.3, date: '2026-12-04', machine: '2 cores, Test CPU' };
      recordRunTime(runTimesFile(root), '07-example', 'quick', 'in order from empty checkpoints', time);
      const nb = {
        cells: [
          { cell_type: 'code', execution_count: 1, id: 'a', metadata: {}, source: "ae.showRunTimes('07-example');", outputs: [{ output_type: 'display_data', metadata: {}, data: { 'text/markdown': 'No run of 07-example has been measured yet' } }] },
          { cell_type: 'code', execution_count: 2, id: 'b', metadata: {}, source: 'console.log(1);', outputs: [{ output_type: 'stream', name: 'stdout', text: 'This run took 1 s as printed by a cell\n' }] },
          { cell_type: 'code', execution_count: 3, id: 'c', metadata: {}, source: 'console.log(ae.runTimeLine(started));', outputs: [{ output_type: 'stream', name: 'stdout', text: 'This run took 1.9 min with the quick preset (elsewhere).\n' }] },
        ],
        metadata: {}, nbformat: 4, nbformat_minor: 5,
      };
      fs.writeFileSync(file, JSON.stringify(nb));
      showRecordedRunTime(root, file, 'quick', time);
      const written = JSON.parse(fs.readFileSync(file, 'utf8')) as { cells: Array<{ outputs: Array<Record<string, unknown>> }> };
      const text = (value: unknown) => (Array.isArray(value) ? value.join('') : String(value));
      assert.match(text((written.cells[0]!.outputs[0]!['data'] as Record<string, unknown>)['text/markdown']), /\| quick \| this notebook, run after the ones before it .* \| 2\.1 min \| 2026-12-04, 2 cores, Test CPU \|/);
      assert.equal(text(written.cells[1]!.outputs[0]!['text']), 'This run took 1 s as printed by a cell\n', 'other cells are left alone');
      assert.equal(text(written.cells[2]!.outputs[0]!['text']), 'This run took 2.1 min with the quick preset (2 cores, Test CPU).\n');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('syncNotebookFolder: --check names what would change; writing updates and prunes only when asked', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-sync-'));
    const dir = path.join(root, 'notebooks', 'ed');
    const log = console.log;
    console.log = () => {};
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'a.ipynb'), 'old');
      fs.writeFileSync(path.join(dir, 'gone.ipynb'), 'x');
      const wanted = new Map([[path.join(dir, 'a.ipynb'), 'new'], [path.join(dir, 'b.ipynb'), 'b']]);
      const folder = { name: 'the edition', command: 'npm run edition', prune: true };
      assert.throws(() => syncNotebookFolder(root, dir, wanted, folder, true), (error: Error) => error instanceof CliError && error.message === "the edition is out of date (notebooks/ed/a.ipynb, notebooks/ed/b.ipynb, notebooks/ed/gone.ipynb): run 'npm run edition' and commit notebooks/ed/");
      assert.equal(fs.readFileSync(path.join(dir, 'a.ipynb'), 'utf8'), 'old', '--check writes nothing');
      syncNotebookFolder(root, dir, wanted, { ...folder, prune: false }, false);
      assert.deepEqual(fs.readdirSync(dir).sort(), ['a.ipynb', 'b.ipynb', 'gone.ipynb']);
      assert.equal(fs.readFileSync(path.join(dir, 'a.ipynb'), 'utf8'), 'new');
      syncNotebookFolder(root, dir, wanted, folder, false);
      assert.deepEqual(fs.readdirSync(dir).sort(), ['a.ipynb', 'b.ipynb']);
      syncNotebookFolder(root, dir, wanted, folder, true);
    } finally {
      console.log = log;
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
