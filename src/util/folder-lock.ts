/**
 * One writer per folder: a lock file beside the folder (`<folder>.lock`) holding the owner's pid
 * and host. A lock whose process is gone (killed, crashed) on this host is stale and is taken over.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** What a lock file records. */
interface LockOwner {
  pid: number;
  hostname: string;
  since: string;
}

/** Whether process `pid` is running on this machine. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

function readOwner(lockFile: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.hostname === 'string' ? owner as LockOwner : undefined;
  } catch {
    return undefined;
  }
}

/** A held lock; `release()` removes it (once; later calls do nothing). */
export interface FolderLock {
  readonly file: string;
  release(): void;
}

/** The lock file of `folder`. */
export function lockFileOf(folder: string): string {
  return `${path.resolve(folder)}.lock`;
}

/**
 * Takes the lock of `folder`, creating its parent when missing. The lock file appears complete
 * or not at all (written aside, then hard-linked into place, which fails if one exists).
 *
 * @throws Error (one line, naming the folder and the owner's pid) when another running process
 *   (or this one) holds it.
 */
export function lockFolder(folder: string): FolderLock {
  const file = lockFileOf(folder);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const owner: LockOwner = { pid: process.pid, hostname: os.hostname(), since: new Date().toISOString() };
  const aside = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(aside, `${JSON.stringify(owner)}\n`);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        fs.linkSync(aside, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = readOwner(file);
      const stale = holder === undefined
        ? Date.now() - fs.statSync(file).mtimeMs > 10_000 // unreadable: not ours, and not being written
        : holder.hostname === owner.hostname && holder.pid !== process.pid && !isRunning(holder.pid);
      if (!stale || attempt > 0) {
        if (holder?.pid === process.pid && holder.hostname === owner.hostname) {
          // In a notebook, an interrupted cell's training goes on in the background (tslab only stops waiting for it).
          throw new Error(`${folder} is in use by an unfinished run of this process (lock ${file}); an interrupted notebook cell keeps training in the background: wait for it, or restart the kernel`);
        }
        const who = holder === undefined ? 'an unreadable lock' : `process ${holder.pid} on ${holder.hostname}`;
        throw new Error(`${folder} is in use by ${who} (lock ${file}); wait for that run, or delete the lock if no run is going on`);
      }
      // Stale: its process is gone. (Two runs that find the same stale lock at the same moment could both take it; a narrow race, not a kill's.)
      fs.rmSync(file, { force: true });
    }
  } finally {
    fs.rmSync(aside, { force: true });
  }
  let held = true;
  return {
    file,
    release: () => {
      if (!held) return;
      held = false;
      if (readOwner(file)?.pid === process.pid) fs.rmSync(file, { force: true });
    },
  };
}
