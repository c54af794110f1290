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

  it("trains the preset's candidate models, prints both protocols beside OCGAN's Table 2 and Ruff et al.'s, and loads them the second time", () => {
    const args = ['--preset', 'smoke', '--digits', '1', '--checkpoints', checkpoints, '--workers', '1'];
    const first = anomaly(args);
    assert.equal(first.status, 0, first.stderr);
    const kinds = ['latent-8-transposed-seed-S-digits-D-first-256-epochs-1-lr-0.003', 'latent-32-transposed-seed-S-digits-D-first-256-epochs-1-lr-0.003',
      'latent-32-transposed-seed-S-digits-D-first-256-denoising-gaussian-0.3-epochs-1-lr-0.003'];
    assert.deepEqual(fs.readdirSync(checkpoints).sort(), kinds.flatMap((kind) => [0, 1, 2].flatMap((seed) => [1].map((digit) => kind.replace('S', `${seed}`).replace('D', `${digit}`)))).sort());
    const lines = first.stdout.split('\n');
    const configurations = lines.filter((line) => /^\| d = /.test(line));
    assert.equal(configurations.length, 12, first.stdout);
    assert.equal(configurations.filter((line) => line.endsWith('| fixed in advance |  |')).length, 1);
    assert.match(configurations.find((line) => line.includes('fixed in advance'))!, /^\| d = 32, denoising \(noise σ 0\.3\) · MSE \+ code distance \| \d+\.\d\d \|/);
    assert.equal(configurations.filter((line) => / chosen \|$/.test(line)).length, 1);
    const ours = lines.filter((line) => line.startsWith('| ours, '));
    assert.equal(ours.length, 2, first.stdout);
    assert.match(ours[0]!, /^\| ours, strict: d = 32, denoising \(noise σ 0\.3\) · MSE \+ code distance \| this run, mean ± sd of seeds \| \d+\.\d ± \d+\.\d \| \d+\.\d\d ± \d+\.\d\d \|$/);
    assert.ok(lines.includes('| OCSVM | OCGAN Table 2 [26], no sd reported | 99.9 | 99.90 |'), first.stdout);
    assert.ok(lines.includes('| One-Class Deep SVDD | Ruff et al. 2018, Table 1 (not read here) as two later texts reprint it, mean ± sd of 10 seeds | 99.7 ± 0.1 | 99.70 |'), first.stdout);
    const second = anomaly(args);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /latent dim 8, digit 1: loaded/);
    const results = (stdout: string) => stdout.split('\n').filter((line) => /^\| (d = |ours, )/.test(line));
    assert.deepEqual(results(second.stdout), results(first.stdout), 'the same AUROCs from the checkpoints');
  });

  it('refuses an option it does not know, in one line', () => {
    const { status, stderr } = anomaly(['--preset', 'quick', '--dims', '5']);
    assert.notEqual(status, 0);
    assert.match(stderr.trim(), /^error: unknown option '--dims'$/);
  });
});
