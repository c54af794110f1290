import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { PNG } from 'pngjs';

const cli = path.join(__dirname, '..', '..', 'src', 'cli', 'sweep.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-cli-'));

function sweep(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, AE_BACKEND: 'wasm', ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Each bad input, and the one line it must fail with. */
const BAD_INPUT: { args: string[]; env?: NodeJS.ProcessEnv; error: RegExp }[] = [
  { args: ['--dims', '0'], error: /--dims.*latent dimensions must lie in 1\.\.64/ },
  { args: ['--dims', 'a-b'], error: /--dims.*"a-b" is not a latent dimension/ },
  { args: ['--epochs', '-1'], error: /--epochs.*positive integer/ },
  { args: ['--decoder', 'upsample'], error: /--decoder.*upsample.*transposed, unpooling/ },
  { args: ['--backend', 'gpu'], error: /--backend.*gpu/ },
  { args: ['--train-subset', '5', '--per-class', '2'], error: /--per-class.*cannot be used with.*--train-subset/ },
  { args: ['--seeds', '0,1', '--seed', '2'], error: /--seeds.*cannot be used with.*--seed / },
  { args: ['--seeds', '0,x'], error: /--seeds.*"x" is not a seed/ },
  { args: ['--digits', '12'], error: /--digits.*digits must lie in 0\.\.9/ },
  { args: ['--frobnicate'], error: /unknown option '--frobnicate'/ },
  { args: ['--weight-decay', '-1'], error: /--weight-decay.*number ≥ 0/ },
  { args: ['--denoise-sigma', '0'], error: /--denoise-sigma.*positive/ },
  { args: ['--train-subset', '70000', '--no-save'], error: /^sweep: --train-subset: .*70000.*only 55000 examples in the training part \(5000 images are held out for validation\)$/ },
  { args: ['--per-class', '6000', '--digits', '5', '--no-save'], error: /^sweep: --per-class \/ --digits: .*class 5 has only 4969 in the training part/ },
  { args: ['--no-save'], env: { AE_BACKEND: 'gpu' }, error: /^sweep: AE_BACKEND=gpu is not accepted: use one of tensorflow, node, wasm, cpu, auto$/ },
];

describe('npm run sweep', () => {
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  for (const { args, env, error } of BAD_INPUT) {
    const what = [...Object.entries(env ?? {}).map(([name, value]) => `${name}=${value}`), ...args].join(' ');
    it(`fails with one line naming the problem: ${what}`, () => {
      const { status, stdout, stderr } = sweep(args, env);
      assert.notEqual(status, 0);
      const lines = stderr.trim().split('\n');
      assert.equal(lines.length, 1, `printed:\n${stderr}`);
      assert.match(lines[0]!, error);
      assert.doesNotMatch(stdout, /epoch/, 'nothing was trained');
    });
  }

  it('--denoise-sigma trains a denoising autoencoder, into a checkpoint named for its noise', () => {
    const dir = path.join(work, 'denoising');
    const { status, stderr } = sweep(['--dims', '2', '--epochs', '1', '--train-subset', '128', '--denoise-sigma', '0.3', '--checkpoints', dir, '--figures', path.join(work, 'denoising-figures')]);
    assert.equal(status, 0, stderr);
    assert.deepEqual(fs.readdirSync(dir), ['latent-2-transposed-seed-0-first-128-denoising-gaussian-0.3-epochs-1']);
  });

  it('trains a tiny model on wasm and writes its checkpoint and reconstruction figure', () => {
    const args = ['--dims', '2', '--epochs', '1', '--train-subset', '256', '--checkpoints', path.join(work, 'checkpoints'), '--figures', path.join(work, 'figures')];
    const { status, stdout, stderr } = sweep(args);
    assert.equal(status, 0, stderr);
    assert.doesNotMatch(stdout + stderr, /Hi, looks like you are running TensorFlow\.js/);
    assert.match(stdout, /^backend: wasm/m);
    assert.match(stdout, /^dim 2 epoch 1\/1 {2}train \d\.\d{5} {2}validation \d\.\d{5} \* {2}\d+ images\/s/m);
    assert.deepEqual(fs.readdirSync(path.join(work, 'checkpoints', 'latent-2-transposed-seed-0-first-256-epochs-1')).sort(), ['model.json', 'training.json', 'weights.bin']);
    const png = PNG.sync.read(fs.readFileSync(path.join(work, 'figures', 'reconstruction-latent-2.png')));
    assert.ok(png.width > 10 * 86 + 2, 'ten images and a label column');
    assert.equal(png.height, 28 + 2 * 86 + 2, 'a title and two rows');

    const rerun = sweep([...args, '--reuse']);
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.match(rerun.stdout, /^dim 2: loaded from its checkpoint \(same settings\), best epoch 1, validation MSE \d\.\d{5}, test MSE \d\.\d{5}/m);
    assert.doesNotMatch(rerun.stdout, /epoch 1\/1/);
  });
});
