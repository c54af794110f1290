/**
 * Reading environment variables the way options are read: a value that is not accepted is a
 * one-line error naming the variable and what it accepts, never silently ignored.
 */
import * as fs from 'node:fs';

/** The error for a value of `name` that is not accepted; `accepts` says what would be. */
export function envError(name: string, value: string, accepts: string): Error {
  return new Error(`${name}=${value} is not accepted: use ${accepts}`);
}

/** The trimmed value of `name`, or undefined when it is unset or blank. */
export function envValue(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The value of `name` when it is one of `choices`; undefined when unset or blank.
 *
 * @throws Error (one line) naming the variable and the values it accepts, for any other value.
 */
export function envChoice<T extends string>(name: string, choices: readonly T[], env: NodeJS.ProcessEnv = process.env): T | undefined {
  const value = envValue(name, env);
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) throw envError(name, value, `one of ${choices.join(', ')}`);
  return value as T;
}

/**
 * The value of `name` when it names a folder, or a path where one can be made
 * (`mustExist: false`); undefined when unset or blank.
 *
 * @throws Error (one line) naming the variable when the path is a file, or is missing although it must exist.
 */
export function envFolder(name: string, options: { mustExist: boolean }, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = envValue(name, env);
  if (value === undefined) return undefined;
  const stat = fs.statSync(value, { throwIfNoEntry: false });
  if (stat ? !stat.isDirectory() : options.mustExist) {
    throw envError(name, value, `a folder${stat ? ` (${value} is a file)` : ` that exists (there is nothing at ${value})`}`);
  }
  return value;
}

/**
 * The value of `name` when it names an existing file; undefined when unset or blank.
 *
 * @throws Error (one line) naming the variable when nothing, or a folder, is there.
 */
export function envFile(name: string, what: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = envValue(name, env);
  if (value === undefined) return undefined;
  const stat = fs.statSync(value, { throwIfNoEntry: false });
  if (!stat?.isFile()) throw envError(name, value, `the path of ${what} (${stat ? 'that is a folder' : 'there is nothing there'})`);
  return value;
}
