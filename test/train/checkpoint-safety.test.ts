/**
 * Nothing is lost or silently replaced: damaged checkpoint files are named (file and field)
 * before any training, a checkpoint of other settings is never replaced without `overwrite`, one
 * run per folder at a time (a killed run's lock is taken over), the shipped folder is written
 * only by the re-ship step, and a run resumed on another backend says so.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadMnist } from '../../src/data/mnist.js';
import { createAutoencoder } from '../../src/model/index.js';
import { CHECKPOINT_FILES, PRESETS, type TrainJob, checkpointStatus, planPresetSweep, jobFolderName, pretrainedCheckpointRoot, readCheckpointMetadata, runJobs, saveCheckpoint, shipModelFolder, trainingJob } from '../../src/train/index.js';
import { executeJob } from '../../src/train/job.js';
import { lockFileOf } from '../../src/util/folder-lock.js';
import { useBackend } from '../helpers.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-safety-'));
const small = { latentDim: 2, batchSize: 64, subset: { first: 128 }, validation: { size: 200, seed: 0 } };
const finishedJob = trainingJob({ ...small, epochs: 1 });
const unfinishedJob = trainingJob({ ...small, epochs: 3, seed: 1 });

/** Copies the folder `from` into a fresh root under the job's name, and returns that root. */
function copyInto(from: string, job: TrainJob, label: string): string {
  const fresh = fs.mkdtempSync(path.join(root, `${label.replace(/\W+/g, '-').slice(0, 40)}-`));
  fs.cpSync(from, path.join(fresh, jobFolderName(job)), { recursive: true });
  return fresh;
}

function editJson(file: string, edit: (value: Record<string, unknown>) => unknown): void {
  fs.writeFileSync(file, JSON.stringify(edit(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>)));
}

/** runJobs with reuse into `dir`, counting the epochs trained. */
async function rerun(dir: string, job: TrainJob, overwrite = false): Promise<{ epochs: number; error?: Error }> {
  let epochs = 0;
  try {
    await runJobs(loadMnist(), [job], { workers: 1, checkpoints: { dir, reuse: true, overwrite }, onEpoch: () => { epochs += 1; } });
    return { epochs };
  } catch (error) {
    return { epochs, error: error as Error };
  }
}

describe('checkpoint safety', () => {
  let finished: string;
  let unfinished: string;
  before(async () => {
    await useBackend('wasm');
    finished = path.join(root, 'pristine', jobFolderName(finishedJob));
    await executeJob(loadMnist(), finishedJob, finished, 'wasm');
    unfinished = path.join(root, 'pristine', jobFolderName(unfinishedJob));
    await assert.rejects(executeJob(loadMnist(), unfinishedJob, unfinished, 'wasm', {
      onBatch: ({ epoch }) => {
        if (epoch === 1) throw new Error('stopped in epoch 2');
      },
    }), /stopped in epoch 2/);
    assert.equal(readCheckpointMetadata(unfinished).resume?.epochsDone, 1);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  describe('a damaged checkpoint: one line naming the file and the field, before any training, and the folder is left as it was', () => {
    const cases: { label: string; job: 'finished' | 'unfinished'; damage: (dir: string) => void; error: RegExp }[] = [
      { label: 'training.json is null', job: 'finished', damage: (dir) => fs.writeFileSync(path.join(dir, CHECKPOINT_FILES.metadata), 'null'), error: /training\.json: \(the whole file\): .*expected object/ },
      { label: 'training.json is 42', job: 'finished', damage: (dir) => fs.writeFileSync(path.join(dir, CHECKPOINT_FILES.metadata), '42'), error: /training\.json: \(the whole file\): .*expected object/ },
      { label: 'training.json is []', job: 'finished', damage: (dir) => fs.writeFileSync(path.join(dir, CHECKPOINT_FILES.metadata), '[]'), error: /training\.json: \(the whole file\): .*expected object/ },
      { label: 'training.json is not JSON', job: 'finished', damage: (dir) => fs.writeFileSync(path.join(dir, CHECKPOINT_FILES.metadata), '{ "model": '), error: /training\.json: .*JSON/ },
      { label: 'no resume.optimizer', job: 'unfinished', damage: (dir) => editJson(path.join(dir, CHECKPOINT_FILES.metadata), (m) => ({ ...m, resume: { ...(m['resume'] as object), optimizer: undefined } })), error: /training\.json: resume\.optimizer: / },
      { label: 'testLoss null', job: 'finished', damage: (dir) => editJson(path.join(dir, CHECKPOINT_FILES.metadata), (m) => ({ ...m, testLoss: null })), error: /training\.json: testLoss: .*number/ },
      { label: 'testLoss a string', job: 'finished', damage: (dir) => editJson(path.join(dir, CHECKPOINT_FILES.metadata), (m) => ({ ...m, testLoss: '0.01' })), error: /training\.json: testLoss: .*number/ },
      { label: 'a loss below zero', job: 'finished', damage: (dir) => editJson(path.join(dir, CHECKPOINT_FILES.metadata), (m) => ({ ...m, trainLoss: [-1] })), error: /training\.json: trainLoss\[0\]: / },
      { label: 'a history shorter than the epochs', job: 'finished', damage: (dir) => editJson(path.join(dir, CHECKPOINT_FILES.metadata), (m) => ({ ...m, valLoss: [] })), error: /training\.json: valLoss: 0 values, training\.epochs says 1/ },
      { label: 'an unfinished history longer than the epochs done', job: 'unfinished', damage: (dir) => editJson(path.join(dir, CHECKPOINT_FILES.metadata), (m) => ({ ...m, trainLoss: [0.1, 0.1] })), error: /training\.json: trainLoss: 2 values, resume\.epochsDone says 1/ },
      { label: 'bestEpoch past the end', job: 'finished', damage: (dir) => editJson(path.join(dir, CHECKPOINT_FILES.metadata), (m) => ({ ...m, bestEpoch: 4 })), error: /training\.json: bestEpoch: 4 is past the last epoch done/ },
      { label: 'epochs a string', job: 'finished', damage: (dir) => editJson(path.join(dir, CHECKPOINT_FILES.metadata), (m) => ({ ...m, training: { ...(m['training'] as object), epochs: '1' } })), error: /training\.json: training\.epochs: / },
      { label: 'an unknown decoder', job: 'finished', damage: (dir) => editJson(path.join(dir, CHECKPOINT_FILES.metadata), (m) => ({ ...m, model: { ...(m['model'] as object), decoder: 'dense' } })), error: /training\.json: model\.decoder: / },
      { label: 'a checksum that is not one', job: 'finished', damage: (dir) => editJson(path.join(dir, CHECKPOINT_FILES.metadata), (m) => ({ ...m, dataChecksums: { 'train-images-idx3-ubyte': 'abc' } })), error: /training\.json: dataChecksums\.train-images-idx3-ubyte: expected a SHA-256/ },
      { label: 'a field no version wrote', job: 'finished', damage: (dir) => editJson(path.join(dir, CHECKPOINT_FILES.metadata), (m) => ({ ...m, epochz: 3 })), error: /training\.json: \(the whole file\): .*epochz/ },
      { label: 'model.json is not JSON', job: 'finished', damage: (dir) => fs.writeFileSync(path.join(dir, CHECKPOINT_FILES.model), '{'), error: /model\.json: .*JSON/ },
      { label: 'model.json without a weights manifest', job: 'finished', damage: (dir) => editJson(path.join(dir, CHECKPOINT_FILES.model), (m) => ({ ...m, weightsManifest: undefined })), error: /model\.json: weightsManifest: / },
      { label: 'weights.bin cut short', job: 'finished', damage: (dir) => fs.truncateSync(path.join(dir, CHECKPOINT_FILES.weights), 100), error: /weights\.bin: 100 bytes, model\.json expects \d+/ },
      { label: 'weights.bin missing', job: 'unfinished', damage: (dir) => fs.rmSync(path.join(dir, CHECKPOINT_FILES.weights)), error: /weights\.bin: missing/ },
      { label: 'best-weights.bin cut short', job: 'unfinished', damage: (dir) => fs.truncateSync(path.join(dir, CHECKPOINT_FILES.bestWeights), 8), error: /best-weights\.bin: 8 bytes, expected \d+/ },
      { label: 'optimizer.bin missing', job: 'unfinished', damage: (dir) => fs.rmSync(path.join(dir, CHECKPOINT_FILES.optimizer)), error: /optimizer\.bin: missing/ },
    ];
    for (const { label, job: which, damage, error } of cases) {
      it(label, async () => {
        const job = which === 'finished' ? finishedJob : unfinishedJob;
        const dir = copyInto(which === 'finished' ? finished : unfinished, job, label);
        const folder = path.join(dir, jobFolderName(job));
        damage(folder);
        const damaged = Object.fromEntries(fs.readdirSync(folder).map((name) => [name, fs.readFileSync(path.join(folder, name))]));
        const outcome = await rerun(dir, job);
        assert.ok(outcome.error, 'the run went ahead');
        assert.doesNotMatch(outcome.error.message, /\n/);
        assert.match(outcome.error.message, new RegExp(`^latent dim 2(, seed 1)?: ${folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`));
        assert.match(outcome.error.message, error);
        assert.doesNotMatch(outcome.error.message, /diverged|Cannot read properties|toFixed/);
        assert.equal(outcome.epochs, 0, 'nothing was trained');
        assert.deepEqual(Object.fromEntries(fs.readdirSync(folder).map((name) => [name, fs.readFileSync(path.join(folder, name))])), damaged, 'the folder was changed');
        assert.deepEqual(fs.readdirSync(dir), [jobFolderName(job)], 'a lock or staging folder was left');
      });
    }

    it('with overwrite, a damaged checkpoint is trained over', async () => {
      const dir = copyInto(finished, finishedJob, 'overwrite-damaged');
      fs.writeFileSync(path.join(dir, jobFolderName(finishedJob), CHECKPOINT_FILES.metadata), 'null');
      const outcome = await rerun(dir, finishedJob, true);
      assert.equal(outcome.error, undefined);
      assert.equal(outcome.epochs, 1);
      assert.equal(readCheckpointMetadata(path.join(dir, jobFolderName(finishedJob))).training.epochs, 1);
    });
  });

  describe('other settings', () => {
    it('go to a folder of their own, and the finished checkpoint stays as it was', async () => {
      const dir = copyInto(finished, finishedJob, 'own-folder');
      const before = fs.readFileSync(path.join(dir, jobFolderName(finishedJob), CHECKPOINT_FILES.weights));
      const other = trainingJob({ ...small, epochs: 2 });
      assert.equal((await rerun(dir, other)).epochs, 2);
      assert.deepEqual(fs.readdirSync(dir).sort(), [jobFolderName(finishedJob), jobFolderName(other)].sort());
      assert.deepEqual(fs.readFileSync(path.join(dir, jobFolderName(finishedJob), CHECKPOINT_FILES.weights)), before);
    });

    it('a true collision (a finished checkpoint of other settings in the job\'s folder) stops with one line, unless overwrite', async () => {
      const asked = trainingJob({ ...small, epochs: 2 });
      const dir = copyInto(finished, asked, 'collision');
      const folder = path.join(dir, jobFolderName(asked));
      const before = fs.readFileSync(path.join(folder, CHECKPOINT_FILES.weights));
      const refused = await rerun(dir, asked);
      assert.equal(refused.epochs, 0);
      assert.equal(refused.error?.message, `latent dim 2: ${folder}: holds a finished checkpoint made with other settings: training.epochs (1, the job 2); it is replaced only when overwrite is asked for (npm run sweep -- --overwrite)`);
      assert.deepEqual(fs.readFileSync(path.join(folder, CHECKPOINT_FILES.weights)), before);
      const overwritten = await rerun(dir, asked, true);
      assert.equal(overwritten.error, undefined);
      assert.equal(readCheckpointMetadata(folder).training.epochs, 2);
    });

    it('other MNIST files are named as the difference', async () => {
      const dir = copyInto(finished, finishedJob, 'other-data');
      editJson(path.join(dir, jobFolderName(finishedJob), CHECKPOINT_FILES.metadata), (m) => ({ ...m, dataChecksums: { 'train-images-idx3-ubyte': 'f'.repeat(64) } }));
      assert.match((await rerun(dir, finishedJob)).error?.message ?? '', /other settings: dataChecksums \(other MNIST files\)/);
    });
  });

  it('a checkpoint under the folder name of earlier versions (no epochs in it) is taken over when it is this job\'s, and left alone when not', async () => {
    const dir = fs.mkdtempSync(path.join(root, 'legacy-'));
    const legacyName = jobFolderName(finishedJob).replace(/-epochs-.*$/, '');
    fs.cpSync(finished, path.join(dir, legacyName), { recursive: true });
    const longer = trainingJob({ ...small, epochs: 2 });
    assert.equal((await rerun(dir, longer)).epochs, 2, 'another job\'s checkpoint is not taken');
    assert.ok(fs.existsSync(path.join(dir, legacyName)));
    assert.equal((await rerun(dir, finishedJob)).epochs, 0, 'this job\'s checkpoint is loaded');
    assert.deepEqual(fs.readdirSync(dir).sort(), [jobFolderName(finishedJob), jobFolderName(longer)].sort());
  });

  describe('one run per folder', () => {
    it('a folder locked by a running process is refused with one line before training; once that process is killed, its lock is taken over', async () => {
      const dir = copyInto(finished, finishedJob, 'locked');
      const folder = path.join(dir, jobFolderName(finishedJob));
      const lockModule = path.join(__dirname, '..', '..', 'src', 'util', 'folder-lock.js');
      const holder = spawn(process.execPath, ['-e', `require(${JSON.stringify(lockModule)}).lockFolder(${JSON.stringify(folder)}); console.log('locked'); setInterval(() => {}, 1000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
      const refused = await rerun(dir, finishedJob);
      assert.equal(refused.epochs, 0);
      assert.match(refused.error?.message ?? '', new RegExp(`^latent dim 2: .* is in use by process ${holder.pid} on `));
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
      assert.ok(fs.existsSync(lockFileOf(folder)), 'a killed run leaves its lock');
      const after = await rerun(dir, finishedJob);
      assert.equal(after.error, undefined);
      assert.deepEqual(fs.readdirSync(dir), [jobFolderName(finishedJob)]);
    });

    it('two runs of this process into one folder: the second is refused', async () => {
      const dir = path.join(root, 'two-at-once');
      const job = trainingJob({ ...small, epochs: 1, seed: 3 });
      const first = runJobs(loadMnist(), [job], { workers: 1, checkpoints: { dir, reuse: true } });
      const second = await rerun(dir, job);
      assert.match(second.error?.message ?? '', /is in use by an unfinished run of this process .*restart the kernel$/);
      await first;
    });
  });

  describe('the shipped folder', () => {
    it('no save, run or symlink writes into data/pretrained; the message names the re-ship step', async () => {
      const shipped = pretrainedCheckpointRoot();
      const model = createAutoencoder({ latentDim: 2 });
      const metadata = readCheckpointMetadata(finished);
      await assert.rejects(saveCheckpoint(path.join(shipped, 'not-allowed'), model.autoencoder, metadata), /data\/pretrained\/ holds the shipped models and is written only by `npm run ship`/);
      model.autoencoder.dispose();
      assert.equal(fs.existsSync(path.join(shipped, 'not-allowed')), false);
      await assert.rejects(runJobs(loadMnist(), [finishedJob], { checkpoints: { dir: shipped, reuse: true, overwrite: true } }), /written only by `npm run ship`/);
      const link = path.join(root, 'link-to-pretrained');
      fs.symlinkSync(shipped, link);
      await assert.rejects(runJobs(loadMnist(), [finishedJob], { checkpoints: { dir: link } }), /written only by `npm run ship`/);
      assert.equal(fs.readdirSync(shipped).some((name) => name.endsWith('.lock') || name.includes('.saving-')), false);
    });

    it('a run into data/pretrained with reuse, whose models are all shipped, loads them and writes nothing there', async () => {
      const shipped = pretrainedCheckpointRoot();
      const before = fs.readdirSync(shipped).sort();
      const [job] = planPresetSweep(PRESETS.full);
      const [entry] = await runJobs(loadMnist(), [job!], { checkpoints: { dir: shipped, reuse: true } });
      assert.equal(entry!.source, 'checkpoint');
      assert.equal(entry!.checkpoint, path.join(shipped, jobFolderName(job!)));
      assert.equal(entry!.pretrained, true);
      assert.deepEqual(fs.readdirSync(shipped).sort(), before);
      await assert.rejects(runJobs(loadMnist(), [job!], { checkpoints: { dir: shipped } }), /written only by `npm run ship` .*, and without reuse, a run would train into it;/);
    });

    it('the re-ship step copies a finished checkpoint byte for byte, and refuses an unfinished or damaged one', () => {
      const target = path.join(root, 'shipped-root');
      const shippedFolder = shipModelFolder(finished, target);
      for (const name of [CHECKPOINT_FILES.model, CHECKPOINT_FILES.weights, CHECKPOINT_FILES.metadata]) {
        assert.deepEqual(fs.readFileSync(path.join(shippedFolder, name)), fs.readFileSync(path.join(finished, name)));
      }
      assert.deepEqual(fs.readdirSync(target), [jobFolderName(finishedJob)]);
      assert.throws(() => shipModelFolder(unfinished, target), /training\.json: an unfinished run \(resume\.epochsDone 1\): only finished models ship/);
      const damaged = copyInto(finished, finishedJob, 'ship-damaged');
      fs.truncateSync(path.join(damaged, jobFolderName(finishedJob), CHECKPOINT_FILES.weights), 10);
      assert.throws(() => shipModelFolder(path.join(damaged, jobFolderName(finishedJob)), target), /weights\.bin: 10 bytes/);
    });
  });

  it('an unfinished checkpoint from another backend is resumed, and training.json says which backend trained which epochs', async () => {
    const dir = fs.mkdtempSync(path.join(root, 'backend-'));
    const folder = path.join(dir, jobFolderName(unfinishedJob));
    fs.cpSync(unfinished, folder, { recursive: true });
    editJson(path.join(folder, CHECKPOINT_FILES.metadata), (m) => ({ ...m, backend: 'tensorflow' }));
    const outcome = await rerun(dir, unfinishedJob);
    assert.equal(outcome.error, undefined);
    assert.equal(outcome.epochs, 2, 'epochs 2 and 3 trained, epoch 1 kept');
    const metadata = readCheckpointMetadata(folder);
    assert.equal(metadata.backend, 'wasm');
    assert.deepEqual(metadata.backendHistory, [{ backend: 'tensorflow', epochs: 1 }, { backend: 'wasm', epochs: 2 }]);
  });

  it('what tools that read only metadata call (npm run baseline: checkpointStatus) names a missing weights file', () => {
    const fresh = path.join(root, 'baseline-check');
    fs.cpSync(finished, fresh, { recursive: true });
    fs.rmSync(path.join(fresh, CHECKPOINT_FILES.weights));
    assert.throws(() => checkpointStatus(fresh, finishedJob, loadMnist()), { message: `${path.join(fresh, CHECKPOINT_FILES.weights)}: missing (not a checkpoint folder?)` });
  });
});
