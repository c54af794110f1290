/**
 * A folder's files as they were, to put back after a run that writes there (the figures a
 * checking run of an edited or student notebook writes must not replace the committed ones).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every file under `dir`, by path relative to it, with its bytes. */
export function snapshotFiles(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  if (!fs.existsSync(dir)) return files;
  for (const name of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const file = path.join(dir, name);
    if (fs.statSync(file).isFile()) files.set(name, fs.readFileSync(file));
  }
  return files;
}

/** Puts `dir`'s files back as in `snapshot` (changed and removed ones), and removes files that were not there. */
export function restoreFiles(dir: string, snapshot: Map<string, Buffer>): void {
  for (const name of snapshotFiles(dir).keys()) if (!snapshot.has(name)) fs.rmSync(path.join(dir, name));
  for (const [name, bytes] of snapshot) {
    const file = path.join(dir, name);
    if (!fs.existsSync(file) || !fs.readFileSync(file).equals(bytes)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, bytes);
    }
  }
}
