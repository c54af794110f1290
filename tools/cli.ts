/**
 * What every command in tools/ shares: one-line failures, durations and paths for people, a live
 * status line on a terminal, and the `main` wrapper that turns a thrown error into that one line.
 */
import * as path from 'node:path';
import { exitQuietlyWhenStdoutCloses } from '../src/cli/closed-stdout';
import { firstLine } from '../src/util/text';

/** A failure the CLI reports as one line (no stack trace), exiting with `exitCode`. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/** `file` relative to the project root, for messages. */
export function relative(root: string, file: string): string {
  return path.relative(root, file) || '.';
}

/** A duration for people: `4.2 s`, `8 min 3 s`. */
export function seconds(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** `1 notebook`, `4 notebooks`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** A live status line on a terminal, redrawn every second and on `draw()` (nothing when stderr is not one, e.g. in CI). */
export class StatusLine {
  private text = '';
  private readonly timer: NodeJS.Timeout | undefined;
  constructor(private readonly render: () => string) {
    if (process.stderr.isTTY) this.timer = setInterval(() => this.draw(), 1000);
  }
  draw(): void {
    if (!process.stderr.isTTY) return;
    this.text = this.render().slice(0, (process.stderr.columns || 80) - 1);
    process.stderr.write(`\r\x1b[K${this.text}`);
  }
  clear(): void {
    if (this.timer) clearInterval(this.timer);
    if (process.stderr.isTTY && this.text) process.stderr.write('\r\x1b[K');
    this.text = '';
  }
}

/** Runs `fn()`, turning an error thrown at once into a CliError with its first line. */
export function oneLine<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw error instanceof CliError ? error : new CliError(firstLine(error));
  }
}

/**
 * A command's entry point, for `if (require.main === module) runMain('name', main)`: a CliError is
 * printed as its one line; anything else as `name: first line` (with the stack when DEBUG is set).
 */
export function runMain(name: string, main: (argv: string[]) => Promise<void>): void {
  exitQuietlyWhenStdoutCloses();
  main(process.argv).catch((error: unknown) => {
    console.error(error instanceof CliError ? error.message : `${name}: ${firstLine(error)}`);
    if (!(error instanceof CliError) && error instanceof Error && process.env['DEBUG']) console.error(error.stack);
    process.exitCode = error instanceof CliError ? error.exitCode : 1;
  });
}
