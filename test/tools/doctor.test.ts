/** The pre-flight check (tools/doctor.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { doctorItems, minimumNode, nodeIsRecentEnough, runDoctor } from '../../tools/doctor.js';
import { findProjectRoot } from '../../src/util/paths.js';

describe('npm run doctor', () => {
  it("knows which Node versions are recent enough, from package.json's engines", () => {
    const minimum = minimumNode(findProjectRoot());
    assert.deepEqual(minimum, [20, 19]);
    assert.equal(nodeIsRecentEnough('20.19.0', minimum), true);
    assert.equal(nodeIsRecentEnough('22.1.0', minimum), true);
    assert.equal(nodeIsRecentEnough('20.18.3', minimum), false);
    assert.equal(nodeIsRecentEnough('18.20.0', minimum), false);
  });

  it('prints one line per item, marking what npm start needs apart from what it does not', async () => {
    const printed: string[] = [];
    const lines = await runDoctor([
      { name: 'here', required: true, run: () => 'found' },
      { name: 'needed', required: true, run: () => { throw new Error("absent: run 'npm install'"); } },
      { name: 'nice to have', required: false, run: async () => { throw new Error("absent: run 'apt-get install x'\nsecond line"); } },
    ], (line) => printed.push(line));
    assert.deepEqual(printed, [
      'ok       here: found',
      "MISSING  needed: absent: run 'npm install'",
      "missing  nice to have: absent: run 'apt-get install x' (optional: npm start runs without it)",
    ]);
    assert.deepEqual(lines.map((line) => [line.ok, line.required]), [[true, true], [false, true], [false, false]]);
  });

  it('names Jupyter, with the command that installs it, when it is not on PATH, and does not count it as needed', async () => {
    const item = doctorItems(findProjectRoot()).find((candidate) => candidate.name.startsWith('Jupyter'))!;
    assert.equal(item.required, false);
    const saved = process.env['PATH'];
    process.env['PATH'] = '/nonexistent';
    try {
      const [line] = await runDoctor([item], () => {});
      assert.match(line!.line, /^missing  Jupyter .*: Jupyter is missing: on Debian\/Ubuntu run 'sudo apt-get install jupyter-notebook jupyter-nbconvert'/);
    } finally {
      process.env['PATH'] = saved;
    }
  });

  it('finds the items npm start needs on this machine: Node, zeromq, the kernelspec, MNIST, disk', async () => {
    const needed = doctorItems(findProjectRoot()).filter((item) => item.required && !/tslab|backend/.test(item.name));
    const lines = await runDoctor(needed, () => {});
    assert.deepEqual(lines.filter((line) => !line.ok).map((line) => line.line), []);
  });
});
