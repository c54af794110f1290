/** The tslab kernelspec generator (tools/install-kernel.cjs), run the way npm's postinstall runs it. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { findProjectRoot } from '../../src/util/paths.js';

const root = findProjectRoot(__dirname);

describe('install-kernel.cjs', () => {
  it("writes kernels/tslab/kernel.json whose argv starts this project's tslab", () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-jupyter-'));
    try {
      const run = spawnSync(process.execPath, [path.join(root, 'tools', 'install-kernel.cjs'), dataDir], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const spec = JSON.parse(fs.readFileSync(path.join(dataDir, 'kernels', 'tslab', 'kernel.json'), 'utf8'));
      const bin = path.join(root, 'node_modules', '.bin', 'tslab');
      assert.deepEqual(spec, {
        argv: [bin, 'kernel', '--config-path', '{connection_file}'],
        display_name: 'TypeScript (tslab, this project)',
        language: 'typescript',
      });
      assert.ok(fs.existsSync(bin), `${bin} is missing: is tslab installed (devDependencies)?`);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("node_modules links the package to the project, so tslab's type checker finds it by name", () => {
    // The devDependency "mnist-latent-autoencoders": "file:." makes the link.
    assert.equal(fs.realpathSync(path.join(root, 'node_modules', 'mnist-latent-autoencoders')), fs.realpathSync(root));
  });
});
