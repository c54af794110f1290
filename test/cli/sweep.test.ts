import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { PNG } from 'pngjs';

const cli = path.join(__dirname, '..', '..', 'src', 'cli', 'sweep.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-cli-'));

function sweep(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, AE_BACKEND: 'wasm' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run sweep', () => {
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('bad options fail with one line naming the option', () => {
    const cases: [string[], RegExp][] = [
      [['--dims', '0'], /--dims.*latent dimensions must lie in 1\.\.64/],
      [['--dims', 'a-b'], /--dims.*"a-b" is not a latent dimension/],
      [['--epochs', '-1'], /--epochs.*positive integer/],
      [['--decoder', 'upsample'], /--decoder.*upsample.*transposed, unpooling/],
      [['--backend', 'gpu'], /--backend.*gpu/],
      [['--train-subset', '5', '--per-class', '2'], /--per-class.*cannot be used with.*--train-subset/],
      [['--digits', '12'], /--digits.*digits must lie in 0\.\.9/],
      [['--frobnicate'], /unknown option '--frobnicate'/],
      [['--weight-decay', '-1'], /--weight-decay.*number ≥ 0/],
      [['--train-subset', '70000', '--no-save'], /^sweep: --train-subset: .*70000.*60000/],
      [['--per-class', '6000', '--digits', '5', '--no-save'], /^sweep: --per-class \/ --digits: .*5421/],
    ];
    for (const [args, pattern] of cases) {
      const { status, stderr } = sweep(...args);
      assert.notEqual(status, 0, args.join(' '));
      const lines = stderr.trim().split('\n');
      assert.equal(lines.length, 1, `${args.join(' ')} printed:\n${stderr}`);
      assert.match(lines[0]!, pattern);
    }
  });

  it('trains a tiny model on wasm and writes its checkpoint and reconstruction figure', () => {
    const { status, stdout, stderr } = sweep(
      '--dims', '2', '--epochs', '1', '--train-subset', '256',
      '--checkpoints', path.join(work, 'checkpoints'), '--figures', path.join(work, 'figures'),
    );
    assert.equal(status, 0, stderr);
    assert.doesNotMatch(stdout + stderr, /Hi, looks like you are running TensorFlow\.js/);
    assert.match(stdout, /^backend: wasm/m);
    assert.match(stdout, /^dim 2 epoch 1\/1 {2}train \d\.\d{5} {2}val \d\.\d{5} \* {2}\d+ images\/s/m);
    assert.deepEqual(fs.readdirSync(path.join(work, 'checkpoints', 'latent-2')).sort(), ['model.json', 'training.json', 'weights.bin']);
    const png = PNG.sync.read(fs.readFileSync(path.join(work, 'figures', 'reconstruction-latent-2.png')));
    assert.equal(png.width, 10 * 86 + 2);
    assert.equal(png.height, 2 * 86 + 2);

    const rerun = sweep(
      '--dims', '2', '--epochs', '1', '--train-subset', '256', '--reuse',
      '--checkpoints', path.join(work, 'checkpoints'), '--figures', path.join(work, 'figures'),
    );
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.match(rerun.stdout, /^dim 2: loaded from its checkpoint \(same settings\), val MSE/m);
    assert.doesNotMatch(rerun.stdout, /epoch 1\/1/);
  });
});
