import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { readRunTimes, recordRunTime, runTimesMarkdown } from '../../src/notebook/run-times.js';

describe('measured run times', () => {
  it('records one run per notebook, preset and start, replacing the previous one; keys sorted', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-run-times-'));
    const file = path.join(dir, 'run-times.json');
    try {
      assert.deepEqual(readRunTimes(file), {});
      const machine = '2 cores, Test CPU';
      recordRunTime(file, '02-b', 'quick', 'in order from empty checkpoints', { seconds: 500.2, date: '2026-11-30', machine });
      recordRunTime(file, '01-a', 'smoke', 'in order from empty checkpoints', { seconds: 12, date: '2026-11-30', machine });
      recordRunTime(file, '02-b', 'quick', 'in order from empty checkpoints', { seconds: 480, date: '2026-12-01', machine });
      recordRunTime(file, '02-b', 'quick', 'checkpoints present', { seconds: 30, date: '2026-12-01', machine });
      const times = readRunTimes(file);
      assert.deepEqual(Object.keys(times), ['01-a', '02-b']);
      assert.equal(times['02-b']!.quick!['in order from empty checkpoints']!.seconds, 480);
      const table = runTimesMarkdown('02-b', times);
      assert.match(table, /^\| preset \| how it ran \| this notebook's run time \| measured \|/);
      assert.match(table, /\| quick \| this notebook, run after the ones before it in one `npm start` from an empty `data\/checkpoints\/` \| 8\.0 min \| 2026-12-01, 2 cores, Test CPU \|/);
      assert.match(table, /\| quick \| this notebook, with the models of earlier runs in `data\/checkpoints\/` \| 30 s \|/);
      assert.match(runTimesMarkdown('03-c', times), /^No run of 03-c has been measured yet/);
      fs.writeFileSync(file, '[1, 2]');
      assert.throws(() => readRunTimes(file), /run-times\.json is not a run-times file \(not an object\): delete it/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
