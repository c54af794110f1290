import assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { findProjectRoot } from '../../src/util/paths.js';

describe('findProjectRoot', () => {
  it('finds the project root from the compiled file and from any folder below it', () => {
    const root = findProjectRoot();
    assert.equal(root, path.dirname(path.dirname(path.dirname(__dirname)))); // dist/test/util → root
    assert.equal(findProjectRoot(path.join(root, 'dist', 'src', 'data')), root);
  });

  it('names the folder when there is no package.json above it', () => {
    assert.throws(() => findProjectRoot(os.tmpdir()), /^Error: no package\.json in .* or any folder above it$/);
  });
});
