import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';

const cli = path.join(__dirname, '..', '..', 'src', 'cli', 'anomaly.js');
const checkpoints = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-anomaly-'));

function anomaly(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, AE_BACKEND: 'wasm', AE_PRESET: 'quick' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run anomaly', () => {
  after(() => fs.rmSync(checkpoints, { recursive: true, force: true }));

  it("trains the preset's per-digit models, prints their AUROC beside Ruff et al.'s, and loads them the second time", () => {
    const args = ['--preset', 'smoke', '--dims', '2', '--digits', '1,7', '--checkpoints', checkpoints, '--workers', '1'];
    const first = anomaly(args);
    assert.equal(first.status, 0, first.stderr);
    assert.deepEqual(fs.readdirSync(checkpoints).sort(), [0, 1, 2].flatMap((seed) => [1, 7].map((digit) => `latent-2-transposed-seed-${seed}-digits-${digit}-first-256-epochs-1`)).sort());
    const rows = first.stdout.split('\n').filter((line) => /^\| (\d|mean)/.test(line));
    assert.equal(rows.length, 3, first.stdout);
    assert.match(rows[0]!, /^\| 1 \| \d+\.\d ± \d+\.\d \| 99\.7 ± 0\.1 \|$/);
    assert.match(rows[1]!, /^\| 7 \| \d+\.\d ± \d+\.\d \| 94\.6 ± 0\.9 \|$/);
    assert.match(rows[2]!, /^\| mean of 1, 7 \| \d+\.\d ± \d+\.\d \| 97\.2 \|$/);
    const second = anomaly(args);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /latent dim 2, digit 1: loaded/);
    assert.deepEqual(second.stdout.split('\n').filter((line) => /^\| (\d|mean)/.test(line)), rows, 'the same AUROCs from the checkpoints');
  });

  it("refuses a latent dim the preset's per-digit models do not have, in one line", () => {
    const { status, stderr } = anomaly(['--preset', 'quick', '--dims', '5']);
    assert.notEqual(status, 0);
    assert.equal(stderr.trim(), "anomaly: --dims 5: the quick preset's per-digit models have latent dims 8, 32");
  });
});
