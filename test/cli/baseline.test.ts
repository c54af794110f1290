import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { readCheckpointMetadata } from '../../src/train/index.js';

const root = path.join(__dirname, '..', '..', '..');
const cli = path.join(__dirname, '..', '..', 'src', 'cli', 'baseline.js');
const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-baseline-'));

function baseline(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, AE_BACKEND: 'wasm', AE_PRESET: 'quick', AE_RETRAIN: '0' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run baseline', () => {
  after(() => fs.rmSync(empty, { recursive: true, force: true }));

  it('fails with one line when a model of the preset has no finished checkpoint, before fitting anything', () => {
    const { status, stdout, stderr } = baseline(['--preset', 'smoke', '--checkpoints', empty]);
    assert.notEqual(status, 0);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.match(stderr.trim(), new RegExp(`^baseline: no finished checkpoint with a test MSE of latent dim 1 \\(smoke preset, 1 epoch\\): ${empty} has none; ` +
      `make it with npm run sweep -- --dims 1 --epochs 1 --train-subset 512 --checkpoints ${empty} --reuse$`));
    assert.doesNotMatch(stdout, /PCA/);
    const bad = baseline(['--preset', 'huge']);
    assert.match(bad.stderr.trim(), /^error: option '--preset <name>' argument 'huge' is invalid\. Allowed choices are smoke, quick, full\.$/);
  });

  it("prints the shipped 50-epoch models' test MSE beside PCA's, and the components each is worth", () => {
    const { status, stdout, stderr } = baseline(['--preset', 'full']);
    assert.equal(status, 0, stderr);
    const rows = stdout.split('\n').filter((line) => /^\| \d+ \|/.test(line));
    assert.equal(rows.length, 10);
    for (const [index, row] of rows.entries()) {
      const dim = index + 1;
      const cells = row.split('|').slice(1, -1).map((cell) => cell.trim());
      const shipped = readCheckpointMetadata(path.join(root, 'data', 'pretrained', `latent-${dim}-transposed-seed-0-epochs-50`)).testLoss!;
      assert.equal(cells[0], String(dim));
      assert.equal(cells[1], shipped.toFixed(5));
      // An autoencoder beats PCA of its own size, so it is worth more components than it has.
      assert.ok(Number(cells[2]) > shipped, `PCA k = ${dim}: ${cells[2]}`);
      assert.ok(Number(cells[3]) > dim, `worth ${cells[3]} at d = ${dim}`);
    }
    // PCA's test MSE at k = 10, as notebook 03 and README report it.
    assert.match(rows[9]!, /^\| 10 \| [\d.]+ \| 0\.03407 \| 50 \|$/);
  });
});
