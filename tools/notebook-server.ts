/**
 * A Jupyter Notebook server of our own, for `npm run check:ui`: on 127.0.0.1 only, a free port, no
 * token or password, started and stopped (kernels too) by the caller.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as net from 'node:net';
import * as readline from 'node:readline';
import { CliError } from './cli';
import { type Exit, OutputTail, exitOf } from './jupyter';

/** A TCP port free on 127.0.0.1 right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function request(url: string, init: RequestInit = {}, timeoutMs = 5000): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A Jupyter Notebook server of our own, on 127.0.0.1 only, with no token or password. */
export class NotebookServer {
  readonly tail = new OutputTail(100);
  /** Headers for API calls that change something: Jupyter wants its XSRF cookie echoed in a header. */
  private xsrfHeaders: Record<string, string> = {};
  private exited: Exit | null = null;
  private readonly exit: Promise<Exit>;
  private constructor(readonly child: ChildProcess, readonly baseUrl: string) {
    this.exit = exitOf(child).then((exit) => (this.exited = exit));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => this.tail.push(line));
    readline.createInterface({ input: child.stderr! }).on('line', (line) => this.tail.push(line));
  }

  static async start(jupyter: string, env: NodeJS.ProcessEnv, notebookDir: string): Promise<NotebookServer> {
    const port = await freePort();
    const child = spawn(jupyter, [
      'notebook', '--no-browser', '--ip=127.0.0.1', `--port=${port}`, '--port-retries=0',
      '--NotebookApp.token=', '--NotebookApp.password=', `--notebook-dir=${notebookDir}`,
      // Jupyter refuses root without it (CI containers run as root); the server is ours, local and short-lived.
      ...(process.getuid?.() === 0 ? ['--allow-root'] : []),
    ], { env, cwd: notebookDir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const server = new NotebookServer(child, `http://127.0.0.1:${port}`);
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (server.exited) throw new CliError(`jupyter notebook exited before serving (code ${server.exited.code}): ${server.tail.summary()}`);
      try {
        if ((await request(`${server.baseUrl}/api`, {}, 2000)).ok) {
          await server.readXsrfCookie();
          return server;
        }
      } catch {
        // Not up yet.
      }
      if (Date.now() > deadline) {
        await server.stop();
        throw new CliError(`jupyter notebook did not answer on ${server.baseUrl} within 60 s: ${server.tail.summary()}`);
      }
      await delay(250);
    }
  }

  private async readXsrfCookie(): Promise<void> {
    const page = await request(`${this.baseUrl}/tree`);
    const cookie = /(?:^|,\s*)_xsrf=([^;,]*)/.exec(page.headers.get('set-cookie') ?? '')?.[1];
    if (cookie !== undefined) this.xsrfHeaders = { Cookie: `_xsrf=${cookie}`, 'X-XSRFToken': cookie };
  }

  /** Marks a notebook trusted, as the Trust button does: saving it with every cell trusted signs it. */
  async trust(name: string): Promise<void> {
    const url = `${this.baseUrl}/api/contents/${encodeURIComponent(name)}`;
    const got = await request(`${url}?type=notebook&content=1`);
    if (!got.ok) throw new CliError(`GET ${url}: HTTP ${got.status}`);
    const model = (await got.json()) as { content: { cells: { cell_type: string; metadata: Record<string, unknown> }[] } };
    for (const cell of model.content.cells) if (cell.cell_type === 'code') cell.metadata['trusted'] = true;
    const put = await request(url, { method: 'PUT', headers: { ...this.xsrfHeaders, 'Content-Type': 'application/json' }, body: JSON.stringify({ type: 'notebook', format: 'json', content: model.content }) }, 30_000);
    if (!put.ok) throw new CliError(`could not trust ${name}: PUT ${url}: HTTP ${put.status} ${(await put.text()).slice(0, 200)}`);
  }

  /** Shuts kernels and server down (API first, then signals to its process group); always resolves. */
  async stop(): Promise<void> {
    if (this.exited) return;
    try {
      const kernels = (await (await request(`${this.baseUrl}/api/kernels`)).json()) as { id: string }[];
      await Promise.all(kernels.map((kernel) => request(`${this.baseUrl}/api/kernels/${kernel.id}`, { method: 'DELETE', headers: this.xsrfHeaders }, 10_000).catch(() => undefined)));
      await request(`${this.baseUrl}/api/shutdown`, { method: 'POST', headers: this.xsrfHeaders }).catch(() => undefined);
    } catch {
      // Fall through to signals.
    }
    for (const [signal, waitMs] of [['SIGTERM', 10_000], ['SIGTERM', 5_000], ['SIGKILL', 5_000]] as const) {
      if (await this.exitWithin(waitMs)) break;
      this.kill(signal);
    }
    this.kill('SIGKILL'); // stragglers of the group (kernels)
  }

  /** Whether the server exits within `ms` (the timer is cleared, so it never holds the process up). */
  private async exitWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([this.exit.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)))]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Signals the server's whole process group (it was started detached); synchronous, for exit paths. */
  kill(signal: NodeJS.Signals): void {
    try {
      if (this.child.pid !== undefined) process.kill(-this.child.pid, signal);
    } catch {
      // Already gone.
    }
  }
}
