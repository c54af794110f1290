/** The commands that need Jupyter (tools/jupyter.ts, nbconvert.ts, check-html.ts --ui): the checks that run before Jupyter does. No Jupyter needed. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { findOnPath, jupyterEnv, missingJupyterMessage } from '../../tools/jupyter.js';

const tools = path.join(__dirname, '..', '..', 'tools');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-jupyter-cli-'));

/** PATH without any folder that holds a `jupyter` (node itself is run by absolute path). */
function pathWithoutJupyter(): string {
  return (process.env['PATH'] ?? '').split(path.delimiter).filter((dir) => dir && findOnPath('jupyter', dir) === null).join(path.delimiter);
}

/** Runs `node dist/tools/<script>.js args…`. */
function runCli([script, ...args]: string[], env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [path.join(tools, `${script!}.js`), ...args], { encoding: 'utf8', env, timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('jupyter CLI without Jupyter', () => {
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  for (const args of [['nbconvert'], ['jupyter', 'notebook', '--no-browser'], ['check-html', '--ui'], ['jupyter', 'run', '--version']]) {
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
    const { status, stdout, stderr } = runCli(['nbconvert'], { ...process.env, AE_PRESET: 'bogus', PATH: pathWithoutJupyter() });
    assert.equal(status, 1, stderr);
    assert.equal(stdout, '');
    assert.deepEqual(stderr.trim().split('\n'), ['AE_PRESET=bogus is not accepted: use one of smoke, quick, full']);
  });

  it('names the missing piece when `jupyter` exists but nbconvert does not', () => {
    const bin = path.join(work, 'bin');
    fs.mkdirSync(bin, { recursive: true });
    // A `jupyter` that knows `notebook` but not `nbconvert`, like a bare jupyter-core install.
    fs.writeFileSync(path.join(bin, 'jupyter'), '#!/bin/sh\nif [ "$1" = notebook ]; then echo 6.4.12; exit 0; fi\necho "Jupyter command `jupyter-$1` not found." >&2\nexit 1\n', { mode: 0o755 });
    const { status, stderr } = runCli(['nbconvert'], { ...process.env, PATH: [bin, pathWithoutJupyter()].join(path.delimiter) });
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
  it('jupyterEnv puts node_modules/.jupyter first on JUPYTER_PATH, once', () => {
    const env = jupyterEnv('/p', { JUPYTER_PATH: ['/other', '/p/node_modules/.jupyter'].join(path.delimiter) });
    assert.equal(env['JUPYTER_PATH'], ['/p/node_modules/.jupyter', '/other'].join(path.delimiter));
    assert.equal(env['PYDEVD_DISABLE_FILE_VALIDATION'], '1');
    assert.equal(jupyterEnv('/p', {})['JUPYTER_PATH'], '/p/node_modules/.jupyter');
  });
});
