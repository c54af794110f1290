/**
 * Replacing a folder so that a crash at any moment leaves either the old folder or the new one,
 * never neither and never a mix: the new files are written and synced into a staging sibling,
 * the old folder is renamed aside, the staging folder is renamed into place, and the old one is
 * removed. A kill between the two renames leaves no folder at the target, so every reader first
 * calls {@link recoverFolder}, which finishes or undoes the swap from what is on disk.
 *
 * Staging and retired folders of one save share an id (`<target>.saving-<id>`,
 * `<target>.old-<id>`): a retired folder exists only once its staging folder is complete, so the
 * pair tells recovery that the staging folder can be rolled forward.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** One step of {@link writeFolderAtomic}, as its `onStep` hook sees it. */
export interface FolderStep {
  /** What the step does, e.g. `write weights.bin`, `fsync staging`, `rename target to old`. */
  name: string;
  /** Before the step runs, or after it has. */
  phase: 'before' | 'after';
  /** The file or folder the step acts on. */
  path: string;
}

/** Options of {@link writeFolderAtomic}. */
export interface WriteFolderOptions {
  /** Called before and after every write, fsync, rename and removal: fault-injection tests stop the save here. */
  onStep?: (step: FolderStep) => void;
}

const SAVING = '.saving-';
const OLD = '.old-';

/** Flushes a file or folder to disk. Folders cannot be opened for syncing on Windows; nothing to do there. */
function fsyncPath(file: string, isFolder: boolean): void {
  if (isFolder && process.platform === 'win32') return;
  const fd = fs.openSync(file, isFolder ? 'r' : 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes `files` (name → bytes) as the folder `target`, replacing what was there, so that a
 * crash at any step leaves a state {@link recoverFolder} turns into the old folder or the new one.
 *
 * @throws Error (one line, naming `target`) when it cannot; the staging folder is then removed
 *   and the old folder is back in place.
 */
export function writeFolderAtomic(target: string, files: ReadonlyArray<readonly [string, Uint8Array | string]>, options: WriteFolderOptions = {}): void {
  const id = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const staging = `${target}${SAVING}${id}`;
  const retired = `${target}${OLD}${id}`;
  const step = (name: string, where: string, run: () => void): void => {
    options.onStep?.({ name, phase: 'before', path: where });
    run();
    options.onStep?.({ name, phase: 'after', path: where });
  };
  let replaced = false;
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    step('create staging', staging, () => fs.mkdirSync(staging));
    for (const [name, contents] of files) {
      const file = path.join(staging, name);
      step(`write ${name}`, file, () => fs.writeFileSync(file, contents, { flag: 'wx' }));
      step(`fsync ${name}`, file, () => fsyncPath(file, false));
    }
    step('fsync staging', staging, () => fsyncPath(staging, true));
    if (fs.existsSync(target)) {
      step('rename target to old', retired, () => fs.renameSync(target, retired));
      replaced = true;
    }
    step('rename staging to target', target, () => fs.renameSync(staging, target));
    step('fsync parent', path.dirname(target), () => fsyncPath(path.dirname(target), true));
  } catch (error) {
    // Not a crash: undo what was done, so the old folder stays.
    fs.rmSync(staging, { recursive: true, force: true });
    if (replaced && !fs.existsSync(target)) fs.renameSync(retired, target);
    throw new Error(`could not write ${target}: ${(error as Error).message}`);
  }
  if (replaced) step('remove old', retired, () => fs.rmSync(retired, { recursive: true, force: true }));
}

/** What {@link recoverFolder} did. */
export interface Recovery {
  /** `forward`: an interrupted swap's new folder was put in place; `back`: the old one was. */
  restored?: 'forward' | 'back';
  /** Leftover staging and retired folders removed. */
  removed: string[];
}

/**
 * Brings `target` back to a whole folder after a save that was interrupted (a kill, a power cut):
 * a swap stopped between its two renames is finished (or, for a leftover of an older layout, undone),
 * and leftover staging and retired folders are removed. Call it before reading `target`, holding
 * the folder's lock: it removes the staging folder of any save that is still running.
 */
export function recoverFolder(target: string): Recovery {
  const parent = path.dirname(target);
  const base = path.basename(target);
  if (!fs.existsSync(parent)) return { removed: [] };
  const siblings = fs.readdirSync(parent).filter((name) => name.startsWith(`${base}${SAVING}`) || name.startsWith(`${base}${OLD}`));
  let restored: Recovery['restored'];
  if (!fs.existsSync(target)) {
    const retired = siblings.filter((name) => name.startsWith(`${base}${OLD}`));
    const forward = retired.map((name) => `${base}${SAVING}${name.slice(base.length + OLD.length)}`).find((name) => siblings.includes(name));
    if (forward !== undefined) {
      fs.renameSync(path.join(parent, forward), target);
      restored = 'forward';
    } else if (retired.length > 0) {
      const newest = retired.map((name) => path.join(parent, name)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0]!;
      fs.renameSync(newest, target);
      restored = 'back';
    }
  }
  const removed: string[] = [];
  for (const name of siblings) {
    const leftover = path.join(parent, name);
    if (!fs.existsSync(leftover)) continue; // the one renamed into place
    fs.rmSync(leftover, { recursive: true, force: true });
    removed.push(leftover);
  }
  return { ...(restored ? { restored } : {}), removed };
}
