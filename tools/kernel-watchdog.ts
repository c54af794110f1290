/**
 * Loaded into the kernel process by `--require` (Kernel.start sets NODE_OPTIONS): the kernel
 * exits, and removes its connection folder, as soon as the process that started it is gone,
 * whatever killed that one (`kill -9` included). A dead parent's child is handed to another
 * process (init or a subreaper), so its parent pid changes: that is what is watched.
 */
import * as fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';

/** The variables Kernel.start passes: the parent's pid, and the folder of the connection file. */
export const WATCHDOG_ENV = { parentPid: 'AE_KERNEL_PARENT_PID', folder: 'AE_KERNEL_FOLDER' } as const;

/** How often the parent pid is looked at, in ms. */
const PERIOD_MS = 250;

const parent = Number(process.env[WATCHDOG_ENV.parentPid]);
if (isMainThread && Number.isInteger(parent) && parent > 0) {
  const folder = process.env[WATCHDOG_ENV.folder];
  // Children of the kernel (none today) must not watch the kernel's parent.
  delete process.env[WATCHDOG_ENV.parentPid];
  process.env['NODE_OPTIONS'] = (process.env['NODE_OPTIONS'] ?? '').replace(/--require\s+("[^"]*kernel-watchdog\.js"|\S*kernel-watchdog\.js)/, '').trim();
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch);
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
    process.exit(0);
  }, PERIOD_MS);
  watch.unref();
}
