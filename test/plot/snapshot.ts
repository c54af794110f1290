/** Snapshots in the manner of Observable Plot's own tests: SVG charts, and PNG figures byte for byte. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inCi } from '../helpers.js';

/** In the source tree, not dist/, so accepted snapshots are committed. */
const SNAPSHOT_DIR = path.resolve(__dirname, '../../../test/plot/snapshots');

/**
 * What is compared: Plot's style class (a hash that changes with Plot's default styles, not with the chart)
 * becomes `plot`, as Plot's reindexStyle does, and each tag starts a line so a failure shows a readable diff.
 */
export function normalizeSvg(svg: string): string {
  return `${svg.replace(/\bplot-[0-9a-f]{6}\b/g, 'plot').replace(/></g, '>\n<')}\n`;
}

/**
 * Compares `actual` with the snapshot `file`, writing it when UPDATE_SNAPSHOTS=1 or, outside CI,
 * when it is missing. In CI (`CI=true`) a missing snapshot fails: a snapshot nobody committed proves nothing.
 */
function assertSnapshot(file: string, actual: string | Buffer, env: NodeJS.ProcessEnv): void {
  const name = path.basename(file);
  if (!fs.existsSync(file) && inCi(env)) {
    assert.fail(`${name} has no snapshot in test/plot/snapshots/: run npm test outside CI to write it, look at it, and commit it`);
  }
  if (env['UPDATE_SNAPSHOTS'] === '1' || !fs.existsSync(file)) {
    fs.mkdirSync(SNAPSHOT_DIR, { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  const expected = typeof actual === 'string' ? fs.readFileSync(file, 'utf8') : fs.readFileSync(file);
  assert.ok(
    typeof actual === 'string' ? actual === expected : actual.equals(expected as Buffer),
    `${name} differs from its snapshot; if the change is intended, rerun with UPDATE_SNAPSHOTS=1`,
  );
  if (typeof actual === 'string') assert.equal(actual, expected); // a readable diff for SVG
}

/** Compares an SVG chart with `snapshots/<name>.svg` (see {@link normalizeSvg}). */
export function assertSvgSnapshot(name: string, svg: string, env: NodeJS.ProcessEnv = process.env): void {
  assertSnapshot(path.join(SNAPSHOT_DIR, `${name}.svg`), normalizeSvg(svg), env);
}

/** Compares a PNG figure with `snapshots/<name>.png`, byte for byte (its text must render the same on every machine). */
export function assertPngSnapshot(name: string, png: Buffer, env: NodeJS.ProcessEnv = process.env): void {
  assertSnapshot(path.join(SNAPSHOT_DIR, `${name}.png`), png, env);
}
