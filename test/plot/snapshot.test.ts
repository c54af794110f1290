import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { assertSvgSnapshot } from './snapshot.js';

const snapshots = path.resolve(__dirname, '../../../test/plot/snapshots');

describe('assertSvgSnapshot', () => {
  it('fails in CI when the snapshot is missing, and writes nothing', () => {
    const name = `missing-${process.pid}`;
    assert.throws(() => assertSvgSnapshot(name, '<svg></svg>', { CI: 'true' }), /missing-\d+\.svg has no snapshot in test\/plot\/snapshots\//);
    assert.equal(fs.existsSync(path.join(snapshots, `${name}.svg`)), false);
  });

  it('outside CI writes a missing snapshot, then compares with it', () => {
    const name = `written-${process.pid}`;
    const file = path.join(snapshots, `${name}.svg`);
    try {
      assertSvgSnapshot(name, '<svg><g></g></svg>', {});
      assert.equal(fs.readFileSync(file, 'utf8'), '<svg>\n<g>\n</g>\n</svg>\n');
      assertSvgSnapshot(name, '<svg><g></g></svg>', { CI: 'true' });
      assert.throws(() => assertSvgSnapshot(name, '<svg><g/></svg>', { CI: 'true' }), /differs from its snapshot/);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
