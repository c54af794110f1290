/**
 * Faults at every step of every checkpoint save of a run: before and after each write, fsync and
 * rename, and in the middle of each write (the file cut in half). What a process killed at that
 * step leaves on disk is modelled by a copy of the checkpoint folder's parent taken there; the
 * next run (`runJobs` with reuse) must recover it and end with the uninterrupted run's history and
 * bits, leaving nothing beside the folder. One real `kill -9` in a child process checks the model.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadMnist } from '../../src/data/mnist.js';
import { type FitResult, jobFolderName, runJobs, trainingJob } from '../../src/train/index.js';
import { executeJob } from '../../src/train/job.js';
import type { FolderStep } from '../../src/util/folder-swap.js';
import { checkpointWeights, useBackend } from '../helpers.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-save-faults-'));
const job = trainingJob({ latentDim: 2, epochs: 3, seed: 1, batchSize: 64, subset: { classes: [1], first: 192 }, validation: { size: 300, seed: 0 } });
const name = jobFolderName(job);

/** A digest of every file under `dir` (names and bytes): equal states are resumed once. */
function treeDigest(dir: string): string {
  const hash = createHash('sha256');
  const walk = (at: string): void => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(at, entry.name);
      hash.update(path.relative(dir, full));
      if (entry.isDirectory()) walk(full);
      else hash.update(fs.readFileSync(full));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

describe('a fault at every step of a checkpoint save', () => {
  let uninterrupted: FitResult;
  let uninterruptedWeights: Float32Array[];
  const states: { label: string; dir: string }[] = [];
  before(async () => {
    await useBackend('wasm');
    const parent = path.join(root, 'uninterrupted');
    const seen = new Set<string>();
    const snapshot = (label: string, tear?: string): void => {
      const copy = path.join(root, `state-${states.length}`);
      fs.cpSync(parent, copy, { recursive: true });
      if (tear !== undefined) {
        const torn = path.join(copy, path.relative(parent, tear));
        fs.truncateSync(torn, Math.floor(fs.statSync(torn).size / 2));
      }
      const digest = treeDigest(copy);
      if (seen.has(digest)) {
        fs.rmSync(copy, { recursive: true });
        return;
      }
      seen.add(digest);
      states.push({ label, dir: copy });
    };
    fs.mkdirSync(parent);
    uninterrupted = await executeJob(loadMnist(), job, path.join(parent, name), 'wasm', {
      onSaveStep: (epochsDone: number, step: FolderStep) => {
        snapshot(`epoch ${epochsDone} save, ${step.phase} ${step.name}`);
        if (step.phase === 'after' && step.name.startsWith('write ')) snapshot(`epoch ${epochsDone} save, torn ${step.name}`, step.path);
      },
    });
    uninterruptedWeights = await checkpointWeights(path.join(parent, name));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('every state resumes to the uninterrupted history and weights, with no leftover folder or lock', async () => {
    assert.ok(states.length >= 30, `only ${states.length} distinct states`);
    for (const { label, dir } of states) {
      const [entry] = await runJobs(loadMnist(), [job], { workers: 1, checkpoints: { dir, reuse: true } });
      assert.deepEqual(entry!.result.trainLoss, uninterrupted.trainLoss, label);
      assert.deepEqual(entry!.result.valLoss, uninterrupted.valLoss, label);
      assert.equal(entry!.result.bestEpoch, uninterrupted.bestEpoch, label);
      assert.equal(entry!.result.testLoss, uninterrupted.testLoss, label);
      assert.deepEqual(await checkpointWeights(path.join(dir, name)), uninterruptedWeights, label);
      assert.deepEqual(fs.readdirSync(dir), [name], `${label}: leftovers`);
    }
  });

  it('a real kill -9 between the two renames of the epoch-2 save leaves no folder, and the next run rolls it forward', async () => {
    const dir = path.join(root, 'killed');
    const dist = path.join(__dirname, '..', '..');
    const script = `
      const { selectBackend } = require(${JSON.stringify(path.join(dist, 'src', 'train', 'backend.js'))});
      const { loadMnist } = require(${JSON.stringify(path.join(dist, 'src', 'data', 'mnist.js'))});
      const { executeJob } = require(${JSON.stringify(path.join(dist, 'src', 'train', 'job.js'))});
      selectBackend({ backend: 'wasm', log: () => {} }).then(() => executeJob(loadMnist(), ${JSON.stringify(job)}, ${JSON.stringify(path.join(dir, name))}, 'wasm', {
        onSaveStep: (epochsDone, step) => {
          if (epochsDone === 2 && step.name === 'rename target to old' && step.phase === 'after') process.kill(process.pid, 'SIGKILL');
        },
      }));`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(child.signal, 'SIGKILL', child.stderr);
    const left = fs.readdirSync(dir).sort();
    assert.equal(left.includes(name), false, 'the kill came between the renames: no folder at the target');
    assert.deepEqual(left.map((entry) => entry.replace(/-\d+-[0-9a-f]+$/, '')), [`${name}.old`, `${name}.saving`]);

    const [entry] = await runJobs(loadMnist(), [job], { workers: 1, checkpoints: { dir, reuse: true } });
    assert.deepEqual(entry!.result.trainLoss, uninterrupted.trainLoss);
    assert.deepEqual(await checkpointWeights(path.join(dir, name)), uninterruptedWeights);
    assert.deepEqual(fs.readdirSync(dir), [name]);
  });
});
