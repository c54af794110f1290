/**
 * The kernel never outlives the process that started it: not after a `kill -9` of that process
 * (the kernel's watchdog sees its parent gone), and not after a plain `process.exit` (what a
 * closed stdout or a signal handler ends in). Its `ae-kernel-*` folder goes with it.
 */
import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(__dirname, '..', '..', '..');
const kernelModule = path.join(root, 'dist', 'tools', 'kernel.js');

/** Whether process `pid` is gone (a zombie waiting to be reaped counts as gone). */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return /^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

async function waitUntil(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

/** A Node process that starts the project's kernel, prints its pid and folder, then runs `then` (JavaScript). */
async function startParent(then: string): Promise<{ parent: ChildProcessWithoutNullStreams; kernel: { pid: number; folder: string } }> {
  const spec = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', '.jupyter', 'kernels', 'tslab', 'kernel.json'), 'utf8')) as { argv: string[] };
  const script = `
    const { Kernel } = require(${JSON.stringify(kernelModule)});
    Kernel.start({ argv: ${JSON.stringify(spec.argv)}, cwd: ${JSON.stringify(root)}, env: process.env }).then((kernel) => {
      console.log(JSON.stringify(kernel.processInfo));
      ${then}
    });`;
  const parent = spawn(process.execPath, ['-e', script]);
  const line = await new Promise<string>((resolve, reject) => {
    parent.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8')));
    parent.once('exit', (code) => reject(new Error(`the parent exited (${code}) before the kernel started`)));
  });
  return { parent, kernel: JSON.parse(line) as { pid: number; folder: string } };
}

describe('the kernel started by npm start', () => {
  it('exits, and its folder is removed, within 5 s of a kill -9 of the process that started it', async () => {
    const { parent, kernel } = await startParent('setInterval(() => {}, 1000);');
    assert.ok(!gone(kernel.pid) && fs.existsSync(kernel.folder));
    parent.kill('SIGKILL');
    assert.ok(await waitUntil(() => gone(kernel.pid), 5000), `kernel ${kernel.pid} still running 5 s after its parent was killed`);
    assert.ok(await waitUntil(() => !fs.existsSync(kernel.folder), 1000), `${kernel.folder} left behind`);
  });

  it('is killed at once when the process that started it exits without shutting it down', async () => {
    const { parent, kernel } = await startParent('setTimeout(() => process.exit(0), 100);');
    await new Promise((resolve) => parent.once('exit', resolve));
    assert.ok(await waitUntil(() => gone(kernel.pid), 1000), `kernel ${kernel.pid} outlived its parent's exit`);
    assert.equal(fs.existsSync(kernel.folder), false);
  });
});
