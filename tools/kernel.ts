/**
 * A Jupyter kernel driven from Node over the Jupyter messaging protocol (v5.3, zeromq), without
 * Jupyter: the process Jupyter would start from the project's kernelspec (tslab), its five
 * sockets, signed messages. Only what executing a notebook needs: kernel_info, execute, shutdown.
 * https://jupyter-client.readthedocs.io/en/stable/messaging.html
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zmq from 'zeromq';
import { WATCHDOG_ENV } from './kernel-watchdog';

/** A JSON object as carried in messages. */
export type JsonObject = Record<string, unknown>;

/** One message: its type, its content, and the id of the request it answers (if any). */
export interface KernelMessage {
  msgType: string;
  content: JsonObject;
  parentId: string | undefined;
}

/** The sockets a client reads. */
type Channel = 'shell' | 'iopub' | 'control';

const DELIMITER = '<IDS|MSG>';
const PROTOCOL_VERSION = '5.3';

/** `count` free TCP ports on the loopback interface (asked of the OS, then released). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  })));
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** The kernel's connection file, as Jupyter writes it. */
interface ConnectionInfo {
  transport: 'tcp';
  ip: string;
  signature_scheme: 'hmac-sha256';
  key: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
}

/** Options of {@link Kernel.start}. */
export interface KernelStartOptions {
  /** The kernelspec's argv; `{connection_file}` is replaced by the connection file's path. */
  argv: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** How long to wait for the kernel to answer its first request; default 60 s. */
  startTimeoutMs?: number;
}

/**
 * A running kernel. `start` launches it and waits until it answers `kernel_info_request`;
 * `execute` runs code and hands every message of that execution to a callback; `shutdown` stops it.
 */
export class Kernel {
  private readonly shell = new zmq.Dealer();
  private readonly control = new zmq.Dealer();
  private readonly iopub = new zmq.Subscriber();
  private readonly session = randomUUID();
  /** Handlers of the requests in flight, by msg_id: shell replies and iopub messages go there. */
  private readonly waiting = new Map<string, (message: KernelMessage, channel: Channel) => void>();
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly stderr: string[] = [];

  private constructor(private readonly process: ChildProcess, private readonly connection: ConnectionInfo, private readonly connectionFile: string) {
    // A normal exit of this process (process.exit on a signal, a closed stdout) takes the kernel with it, at once.
    const onExit = (): void => {
      if (!this.exited) process.kill('SIGKILL');
      fs.rmSync(path.dirname(connectionFile), { recursive: true, force: true });
    };
    globalThis.process.once('exit', onExit);
    process.once('exit', () => globalThis.process.off('exit', onExit));
    process.once('exit', (code, signal) => {
      this.exited = { code, signal };
      for (const handler of this.waiting.values()) handler({ msgType: 'kernel_died', content: {}, parentId: undefined }, 'shell');
    });
    process.stderr?.on('data', (chunk: Buffer) => {
      this.stderr.push(chunk.toString('utf8'));
      if (this.stderr.length > 50) this.stderr.shift();
    });
  }

  /** Starts the kernel process and connects to it; throws one line when it does not come up. */
  static async start(options: KernelStartOptions): Promise<Kernel> {
    const [shell, iopub, stdin, control, hb] = await freePorts(5);
    const connection: ConnectionInfo = {
      transport: 'tcp', ip: '127.0.0.1', signature_scheme: 'hmac-sha256', key: randomBytes(32).toString('hex'),
      shell_port: shell!, iopub_port: iopub!, stdin_port: stdin!, control_port: control!, hb_port: hb!,
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-kernel-'));
    const connectionFile = path.join(dir, 'kernel.json');
    fs.writeFileSync(connectionFile, JSON.stringify(connection), { mode: 0o600 });
    const [command, ...args] = options.argv.map((arg) => arg.replace('{connection_file}', connectionFile));
    // The kernel watches this process and exits when it is gone, whatever killed it (tools/kernel-watchdog.ts).
    const env = {
      ...options.env,
      NODE_OPTIONS: `${options.env['NODE_OPTIONS'] ?? ''} --require "${path.join(__dirname, 'kernel-watchdog.js')}"`.trim(),
      [WATCHDOG_ENV.parentPid]: String(process.pid),
      [WATCHDOG_ENV.folder]: dir,
    };
    const child = spawn(command!, args, { cwd: options.cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    const kernel = new Kernel(child, connection, connectionFile);
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error) => reject(new Error(`the kernel ${command} did not start: ${error.message}`)));
    });
    kernel.connect();
    const timeout = options.startTimeoutMs ?? 60_000;
    const started = performance.now();
    // The kernel binds its sockets some time after it starts, and a subscriber misses what is
    // published before its connection is up (zeromq's "slow joiner"): ask until the reply on shell
    // AND the status message on iopub both arrive, so that no output of the first cell is lost.
    for (;;) {
      if (await kernel.probe(Math.min(2000, timeout))) return kernel;
      if (kernel.exited || performance.now() - started > timeout) {
        await kernel.shutdown();
        throw new Error(`the kernel did not answer within ${Math.round(timeout / 1000)} s${kernel.exited ? ` (it exited: ${kernel.lastStderr()})` : ''}`);
      }
    }
  }

  /** One kernel_info_request: whether both its reply (shell) and an iopub message for it came within `timeoutMs`. */
  private async probe(timeoutMs: number): Promise<boolean> {
    let replied = false;
    let published = false;
    return this.exchange<boolean>(this.shell, 'kernel_info_request', {}, timeoutMs, (message, channel, done) => {
      if (channel === 'shell' && message.msgType === 'kernel_info_reply') replied = true;
      if (channel === 'iopub') published = true;
      if (replied && published) done.resolve(true);
    }).catch(() => false);
  }

  /**
   * Sends one request and hands every message answering it (shell, control or iopub) to `onMessage`,
   * which settles the returned promise; rejects when the kernel dies or `timeoutMs` passes first.
   */
  private async exchange<T>(
    socket: zmq.Dealer, msgType: string, content: JsonObject, timeoutMs: number,
    onMessage: (message: KernelMessage, channel: Channel, done: { resolve: (value: T) => void; reject: (error: Error) => void }) => void,
  ): Promise<T> {
    const msgId = randomUUID();
    let done!: { resolve: (value: T) => void; reject: (error: Error) => void };
    const result = new Promise<T>((resolve, reject) => {
      done = { resolve, reject };
    });
    const timer = setTimeout(() => done.reject(new TimeoutError(`no answer to ${msgType} within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    this.waiting.set(msgId, (message, channel) => {
      if (message.msgType === 'kernel_died') done.reject(new Error(`the kernel died (${this.describeExit()})`));
      else onMessage(message, channel, done);
    });
    try {
      const header = { msg_id: msgId, msg_type: msgType, session: this.session, username: 'ae', date: new Date().toISOString(), version: PROTOCOL_VERSION };
      const parts = [header, {}, {}, content].map((part) => Buffer.from(JSON.stringify(part), 'utf8'));
      await socket.send([DELIMITER, this.sign(parts), ...parts]);
      return await result;
    } finally {
      clearTimeout(timer);
      this.waiting.delete(msgId);
    }
  }

  private connect(): void {
    const url = (port: number) => `tcp://${this.connection.ip}:${port}`;
    this.shell.connect(url(this.connection.shell_port));
    this.control.connect(url(this.connection.control_port));
    this.iopub.connect(url(this.connection.iopub_port));
    this.iopub.subscribe();
    void this.listen(this.shell, 'shell');
    void this.listen(this.control, 'control');
    void this.listen(this.iopub, 'iopub');
  }

  private async listen(socket: zmq.Dealer | zmq.Subscriber, channel: Channel): Promise<void> {
    try {
      for await (const frames of socket) {
        const message = this.decode(frames);
        if (message?.parentId !== undefined) this.waiting.get(message.parentId)?.(message, channel);
      }
    } catch {
      // The socket was closed.
    }
  }

  private sign(parts: readonly Buffer[]): string {
    const hmac = createHmac('sha256', this.connection.key);
    for (const part of parts) hmac.update(part);
    return hmac.digest('hex');
  }

  /** A message's frames, or undefined for one whose signature is wrong (ignored, as Jupyter does). */
  private decode(frames: Buffer[]): KernelMessage | undefined {
    const at = frames.findIndex((frame) => frame.toString('utf8') === DELIMITER);
    if (at < 0 || frames.length < at + 6) return undefined;
    const [signature, header, parent, metadata, content] = frames.slice(at + 1, at + 6) as [Buffer, Buffer, Buffer, Buffer, Buffer];
    if (signature.toString('utf8') !== this.sign([header, parent, metadata, content])) return undefined;
    const parentHeader = JSON.parse(parent.toString('utf8')) as { msg_id?: string };
    return {
      msgType: (JSON.parse(header.toString('utf8')) as { msg_type: string }).msg_type,
      content: JSON.parse(content.toString('utf8')) as JsonObject,
      parentId: parentHeader.msg_id,
    };
  }

  /** Sends a request on shell (or control) and resolves with its reply's content. */
  private async request(msgType: string, content: JsonObject, timeoutMs: number, socket: zmq.Dealer = this.shell): Promise<JsonObject> {
    const expected = msgType.replace(/_request$/, '_reply');
    return this.exchange<JsonObject>(socket, msgType, content, timeoutMs, (message, channel, done) => {
      if (channel !== 'iopub' && message.msgType === expected) done.resolve(message.content);
    });
  }

  /** The kernel's language_info, for the notebook's metadata. */
  async languageInfo(): Promise<JsonObject> {
    const info = await this.request('kernel_info_request', {}, 10_000);
    return (info['language_info'] ?? {}) as JsonObject;
  }

  /**
   * Runs `code`; every iopub message of this execution goes to `onMessage`, in order. Resolves
   * with the execute_reply's content once the kernel is idle again (all output delivered).
   *
   * @throws Error when the kernel dies, or when `timeoutMs` passes first.
   */
  async execute(code: string, onMessage: (message: KernelMessage) => void, timeoutMs: number): Promise<JsonObject> {
    let reply: JsonObject | undefined;
    let idle = false;
    const request = { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true };
    return this.exchange<JsonObject>(this.shell, 'execute_request', request, timeoutMs, (message, channel, done) => {
      if (channel === 'shell' && message.msgType === 'execute_reply') reply = message.content;
      else if (channel === 'iopub' && message.msgType === 'status') idle = message.content['execution_state'] === 'idle';
      else if (channel === 'iopub') onMessage(message);
      if (reply && idle) done.resolve(reply);
    }).catch((error: unknown) => {
      throw error instanceof TimeoutError ? new TimeoutError(`the cell did not finish within ${Math.round(timeoutMs / 1000)} s`) : error;
    });
  }

  private describeExit(): string {
    const how = this.exited ? (this.exited.code !== null ? `exit ${this.exited.code}` : `${this.exited.signal}`) : 'unknown';
    const last = this.lastStderr();
    return last ? `${how}: ${last}` : how;
  }

  private lastStderr(): string {
    return this.stderr.join('').trim().split('\n').filter((line) => line.trim() !== '').at(-1) ?? '';
  }

  /** The kernel's process id, and the temporary folder of its connection file (for tests and messages). */
  get processInfo(): { pid: number | undefined; folder: string } {
    return { pid: this.process.pid, folder: path.dirname(this.connectionFile) };
  }

  /** Asks the kernel to stop (control channel), then makes sure it has; closes the sockets. */
  async shutdown(): Promise<void> {
    if (!this.exited) {
      await Promise.race([
        this.request('shutdown_request', { restart: false }, 5000, this.control).catch(() => undefined),
        new Promise((resolve) => setTimeout(resolve, 5000)),
      ]);
      if (!this.exited) {
        const gone = new Promise((resolve) => this.process.once('exit', resolve));
        this.process.kill('SIGTERM');
        await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 3000))]);
        if (!this.exited) this.process.kill('SIGKILL');
      }
    }
    for (const socket of [this.shell, this.control, this.iopub]) socket.close();
    fs.rmSync(path.dirname(this.connectionFile), { recursive: true, force: true });
  }
}

/** A request that got no answer in time. */
export class TimeoutError extends Error {}
