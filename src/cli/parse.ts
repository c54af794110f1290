/**
 * The command line shared by the commands (sweep, baseline, anomaly), the tools and the
 * benchmarks: option value parsers, each throwing commander's `InvalidArgumentError` (reported as
 * one line naming the option), the options several commands take, and the program they start from.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import type { BackendName } from '../train/backend';
import { exitQuietlyWhenStdoutCloses } from './closed-stdout';
import { PRESETS, type PresetName } from '../train/presets';

/** A whole number ≥ 1, written as digits only. */
export function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < 1) {
    throw new InvalidArgumentError('expected a positive integer.');
  }
  return parsed;
}

/** A whole number ≥ 0, written as digits only. */
export function nonNegativeInteger(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed)) throw new InvalidArgumentError('expected an integer ≥ 0.');
  return parsed;
}

/** A whole number, possibly negative. */
export function integer(value: string): number {
  const parsed = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed)) throw new InvalidArgumentError('expected an integer.');
  return parsed;
}

/** A finite number ≥ 0. */
export function nonNegativeNumber(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < 0) throw new InvalidArgumentError('expected a number ≥ 0.');
  return parsed;
}

/** A finite number > 0. */
export function positiveNumber(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError('expected a positive number.');
  return parsed;
}

/** Adapts a parser that throws plain errors to commander's option errors. */
export function optionParser<T>(parse: (text: string) => T): (text: string) => T {
  return (text) => {
    try {
      return parse(text);
    } catch (error) {
      if (error instanceof InvalidArgumentError) throw error;
      throw new InvalidArgumentError(`${(error as Error).message}.`);
    }
  };
}

/**
 * Lists of small integers as people type them: `4`, `1-10`, `1,2,5,10`, `1-3,7`.
 * Order is kept, duplicates dropped; anything else is a one-line error.
 */
export function parseIntegerList(text: string, bounds: { min: number; max: number; what: string }): number[] {
  const values: number[] = [];
  for (const part of text.split(',').map((item) => item.trim())) {
    const match = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    if (!match) throw new Error(`"${part}" is not a ${bounds.what} or a range like ${bounds.min}-${bounds.min + 2}`);
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (to < from) throw new Error(`range ${part} runs backwards`);
    if (from < bounds.min || to > bounds.max) throw new Error(`${bounds.what}s must lie in ${bounds.min}..${bounds.max}, got ${part}`);
    for (let value = from; value <= to; value++) if (!values.includes(value)) values.push(value);
  }
  return values;
}

/** Latent dimensions: 1..64 (the tutorial sweeps 1..10). */
export function parseDims(text: string): number[] {
  return parseIntegerList(text, { min: 1, max: 64, what: 'latent dimension' });
}

/** Seeds 0..2³¹−1, e.g. `0,1,2` or `0-4`. */
export function parseSeeds(text: string): number[] {
  return parseIntegerList(text, { min: 0, max: 2 ** 31 - 1, what: 'seed' });
}

/** Digit classes 0..9. */
export function parseDigits(text: string): number[] {
  return parseIntegerList(text, { min: 0, max: 9, what: 'digit' });
}

/**
 * A commander program that reports a usage error as one line (commander's first), without
 * printing the help after it, in a process that exits quietly when its stdout is closed
 * (`… | head`): every command of the project and its tools starts from this.
 */
export function cliCommand(name: string, description: string): Command {
  exitQuietlyWhenStdoutCloses();
  return new Command(name)
    .description(description)
    .showHelpAfterError(false)
    .configureOutput({ outputError: (message, write) => write(message.split('\n')[0] + '\n') });
}

/** What `presetOption`, `backendOption` and a `--checkpoints <dir>` option parse to. */
export interface PresetCommandOptions {
  preset?: PresetName;
  checkpoints?: string;
  backend?: BackendName | 'auto';
}

/** `--preset <name>`, one of the presets; `whose` says what the preset decides for this command. */
export function presetOption(whose: string): Option {
  return new Option('--preset <name>', `${whose} (default: env AE_PRESET, else quick)`).choices(Object.keys(PRESETS));
}

/** `--backend <name>`: tensorflow | wasm | cpu | auto. */
export function backendOption(): Option {
  return new Option('--backend <name>', 'tensorflow | wasm | cpu | auto (default: env AE_BACKEND, else auto)').choices(['auto', 'tensorflow', 'wasm', 'cpu']);
}
