/** Where the project is on disk. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The project root: the nearest folder at or above `startDir` with a package.json. Works from
 * `src/` (TypeScript sources) and `dist/src/` (compiled) alike.
 *
 * @throws Error when no package.json is found up to the filesystem root.
 */
export function findProjectRoot(startDir: string = __dirname): string {
  for (let dir = path.resolve(startDir); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json in ${startDir} or any folder above it`);
  }
}
