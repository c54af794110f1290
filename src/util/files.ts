/** Writing files so that nothing half-written is ever left behind. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Writes `contents` to `file` through a temporary sibling and a rename, so a reader never sees
 * half a file; creates the folder when missing.
 *
 * @throws Error (one line, naming the file) when it cannot be written; the temporary file is removed.
 */
export function writeFileAtomic(file: string, contents: Uint8Array | string): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temporary, contents);
    fs.renameSync(temporary, file);
  } catch (error) {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // The folder itself is unusable: there is nothing to clean up.
    }
    throw new Error(`could not write ${file}: ${(error as Error).message}`);
  }
}
