/** The Jupyter CLI (tools/jupyter.ts): the checks that run before Jupyter does. No Jupyter needed. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  CliError, checkKernelspec, findOnPath, jupyterEnv, listNotebooks, missingJupyterMessage,
} from '../../tools/jupyter.js';

const cli = path.join(__dirname, '..', '..', 'tools', 'jupyter.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-jupyter-cli-'));

/** PATH without any folder that holds a `jupyter` (node itself is run by absolute path). */
function pathWithoutJupyter(): string {
  return (process.env['PATH'] ?? '').split(path.delimiter).filter((dir) => dir && findOnPath('jupyter', dir) === null).join(path.delimiter);
}

function runCli(args: string[], env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env, timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('jupyter CLI without Jupyter', () => {
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  for (const args of [['execute'], ['notebook', '--no-browser'], ['check-html', '--ui'], ['run', '--version']]) {
    it(`${args.join(' ')}: exit 1 and one line saying how to install it`, () => {
      const { status, stdout, stderr } = runCli(args, { ...process.env, PATH: pathWithoutJupyter() });
      assert.equal(status, 1, stderr);
      assert.equal(stdout, '');
      assert.deepEqual(stderr.trim().split('\n'), [
        "Jupyter is missing: on Debian/Ubuntu run 'sudo apt-get install jupyter-notebook jupyter-nbconvert'; elsewhere 'pip install notebook nbconvert'",
      ]);
    });
  }

  it('a bad environment variable stops every command in one line, before Jupyter is even looked for', () => {
    const { status, stdout, stderr } = runCli(['execute'], { ...process.env, AE_PRESET: 'bogus', PATH: pathWithoutJupyter() });
    assert.equal(status, 1, stderr);
    assert.equal(stdout, '');
    assert.deepEqual(stderr.trim().split('\n'), ['AE_PRESET=bogus is not accepted: use one of smoke, quick, full']);
  });

  it('names the missing piece when `jupyter` exists but nbconvert does not', () => {
    const bin = path.join(work, 'bin');
    fs.mkdirSync(bin, { recursive: true });
    // A `jupyter` that knows `notebook` but not `nbconvert`, like a bare jupyter-core install.
    fs.writeFileSync(path.join(bin, 'jupyter'), '#!/bin/sh\nif [ "$1" = notebook ]; then echo 6.4.12; exit 0; fi\necho "Jupyter command `jupyter-$1` not found." >&2\nexit 1\n', { mode: 0o755 });
    const { status, stderr } = runCli(['execute'], { ...process.env, PATH: [bin, pathWithoutJupyter()].join(path.delimiter) });
    assert.equal(status, 1, stderr);
    assert.deepEqual(stderr.trim().split('\n'), ["Jupyter nbconvert is missing: on Debian/Ubuntu run 'sudo apt-get install jupyter-nbconvert'; elsewhere 'pip install nbconvert'"]);
  });

  it('missingJupyterMessage adapts to what is missing', () => {
    assert.equal(missingJupyterMessage(['notebook'], true), "Jupyter Notebook is missing: on Debian/Ubuntu run 'sudo apt-get install jupyter-notebook'; elsewhere 'pip install notebook'");
    assert.equal(
      missingJupyterMessage(['notebook', 'nbconvert'], true),
      "Jupyter Notebook and nbconvert are missing: on Debian/Ubuntu run 'sudo apt-get install jupyter-notebook jupyter-nbconvert'; elsewhere 'pip install notebook nbconvert'",
    );
    assert.match(missingJupyterMessage(['nbconvert'], false), /^Jupyter is missing: .*apt-get install jupyter-notebook jupyter-nbconvert/);
  });
});

describe('jupyter CLI checks', () => {
  it('checkKernelspec: missing, stale and good kernelspecs', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-kernelspec-'));
    try {
      assert.throws(() => checkKernelspec(root), (error: Error) => error instanceof CliError && /kernel is missing .*run 'npm install'/.test(error.message));
      const dir = path.join(root, 'node_modules', '.jupyter', 'kernels', 'tslab');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'kernel.json'), JSON.stringify({ argv: ['/nowhere/tslab', 'kernel'] }));
      assert.throws(() => checkKernelspec(root), /starts \/nowhere\/tslab, which does not exist.*run 'npm install'/);
      fs.writeFileSync(path.join(dir, 'kernel.json'), JSON.stringify({ argv: [process.execPath, 'kernel'] }));
      checkKernelspec(root);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('jupyterEnv puts node_modules/.jupyter first on JUPYTER_PATH, once', () => {
    const env = jupyterEnv('/p', { JUPYTER_PATH: ['/other', '/p/node_modules/.jupyter'].join(path.delimiter) });
    assert.equal(env['JUPYTER_PATH'], ['/p/node_modules/.jupyter', '/other'].join(path.delimiter));
    assert.equal(env['PYDEVD_DISABLE_FILE_VALIDATION'], '1');
    assert.equal(jupyterEnv('/p', {})['JUPYTER_PATH'], '/p/node_modules/.jupyter');
  });

  it('listNotebooks: sorted by name; selectors by name, prefix or path; unknown ones fail', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-notebooks-'));
    try {
      assert.throws(() => listNotebooks(root), /no notebooks in notebooks\//);
      fs.mkdirSync(path.join(root, 'notebooks', '.ipynb_checkpoints'), { recursive: true });
      for (const name of ['02-b.ipynb', '10-c.ipynb', '01-a.ipynb', 'notes.md', '.ipynb_checkpoints/01-a-checkpoint.ipynb']) fs.writeFileSync(path.join(root, 'notebooks', name), '{}');
      const names = (selectors?: string[]): string[] => listNotebooks(root, selectors).map((file) => path.basename(file));
      assert.deepEqual(names(), ['01-a.ipynb', '02-b.ipynb', '10-c.ipynb']);
      assert.deepEqual(names(['10', 'notebooks/01-a.ipynb']), ['01-a.ipynb', '10-c.ipynb']);
      assert.deepEqual(names(['02-b']), ['02-b.ipynb']);
      assert.throws(() => listNotebooks(root, ['03']), /no notebook in notebooks\/ matches '03'/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
