/**
 * A save stopped at any step — before or after each write, fsync and rename, or in the middle of
 * a write — is turned by recovery into the old folder or the new one, whole, with nothing left
 * beside it. A kill is modelled by copying the folder's parent as it is at that step: what a
 * process killed there leaves on disk.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { type FolderStep, recoverFolder, writeFolderAtomic } from '../../src/util/folder-swap.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-swap-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

type Files = Record<string, string>;

function readFolder(dir: string): Files {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((name) => [name, fs.readFileSync(path.join(dir, name), 'utf8')]));
}

/** Copies of `parent` at every step of writing `files` into `parent/target`, and with the file of each write step cut in half. */
function statesDuring(parent: string, files: Files): { label: string; dir: string }[] {
  const states: { label: string; dir: string }[] = [];
  const snapshot = (label: string, tear?: string): void => {
    const copy = fs.mkdtempSync(path.join(root, 'state-'));
    fs.rmdirSync(copy);
    fs.cpSync(parent, copy, { recursive: true });
    if (tear !== undefined) {
      const torn = path.join(copy, path.relative(parent, tear));
      fs.truncateSync(torn, Math.floor(fs.statSync(torn).size / 2));
    }
    states.push({ label, dir: copy });
  };
  writeFolderAtomic(path.join(parent, 'target'), Object.entries(files), {
    onStep: (step: FolderStep) => {
      snapshot(`${step.phase} ${step.name}`);
      if (step.phase === 'after' && step.name.startsWith('write ')) snapshot(`torn ${step.name}`, step.path);
    },
  });
  snapshot('done');
  return states;
}

describe('writeFolderAtomic and recoverFolder', () => {
  const oldFiles: Files = { 'model.json': '{"old":true}', 'weights.bin': 'old weights', 'training.json': '{"epochs":1}' };
  const newFiles: Files = { 'model.json': '{"new":true}', 'weights.bin': 'new weights, longer', 'training.json': '{"epochs":2}', 'optimizer.bin': 'moments' };

  it('replacing a folder: every step recovers to the old folder or the new one, with no leftovers', () => {
    const parent = path.join(root, 'replace');
    writeFolderAtomic(path.join(parent, 'target'), Object.entries(oldFiles));
    const states = statesDuring(parent, newFiles);
    assert.ok(states.length >= 30, `only ${states.length} states`);
    const outcomes = new Set<string>();
    for (const { label, dir } of states) {
      recoverFolder(path.join(dir, 'target'));
      assert.deepEqual(fs.readdirSync(dir), ['target'], `${label}: leftovers`);
      const found = readFolder(path.join(dir, 'target'));
      const which = JSON.stringify(found) === JSON.stringify(readFolderOf(oldFiles)) ? 'old' : JSON.stringify(found) === JSON.stringify(readFolderOf(newFiles)) ? 'new' : 'mixed';
      assert.notEqual(which, 'mixed', `${label}: ${JSON.stringify(found)}`);
      outcomes.add(`${label}: ${which}`);
    }
    // The switch from old to new happens at the rename that puts the staging folder in place, and
    // the kill between the two renames (no folder at the target) is rolled forward.
    assert.ok(outcomes.has('after rename target to old: new'));
    assert.ok(outcomes.has('before rename target to old: old'));
    assert.ok(outcomes.has('after rename staging to target: new'));
    assert.ok(outcomes.has('torn write training.json: old'));
  });

  it('a first save: every step recovers to no folder or the new one', () => {
    const parent = path.join(root, 'first');
    fs.mkdirSync(parent);
    for (const { label, dir } of statesDuring(parent, newFiles)) {
      recoverFolder(path.join(dir, 'target'));
      const names = fs.readdirSync(dir);
      assert.ok(names.length === 0 || (names.length === 1 && names[0] === 'target'), `${label}: ${names.join(', ')}`);
      if (names.length === 1) assert.deepEqual(readFolder(path.join(dir, 'target')), readFolderOf(newFiles), label);
    }
  });

  it('a leftover of the older two-rename save (unrelated ids) is rolled back to the old folder', () => {
    const parent = path.join(root, 'legacy');
    fs.mkdirSync(path.join(parent, 'target.old-123-456'), { recursive: true });
    fs.writeFileSync(path.join(parent, 'target.old-123-456', 'training.json'), 'old');
    fs.mkdirSync(path.join(parent, 'target.saving-AbCdEf'));
    assert.deepEqual(recoverFolder(path.join(parent, 'target')).restored, 'back');
    assert.deepEqual(fs.readdirSync(parent), ['target']);
    assert.equal(fs.readFileSync(path.join(parent, 'target', 'training.json'), 'utf8'), 'old');
  });

  it('a save that fails (not a crash) puts the old folder back and removes the staging one', () => {
    const parent = path.join(root, 'failing');
    writeFolderAtomic(path.join(parent, 'target'), Object.entries(oldFiles));
    assert.throws(() => writeFolderAtomic(path.join(parent, 'target'), Object.entries(newFiles), {
      onStep: (step) => {
        if (step.name === 'rename staging to target' && step.phase === 'before') throw new Error('disk full');
      },
    }), /could not write .*target: disk full/);
    assert.deepEqual(fs.readdirSync(parent), ['target']);
    assert.deepEqual(readFolder(path.join(parent, 'target')), readFolderOf(oldFiles));
  });
});

/** `files` sorted by name, as readFolder returns them. */
function readFolderOf(files: Files): Files {
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)));
}
