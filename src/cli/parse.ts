/**
 * Parsers of command-line option values, shared by the sweep command, the Jupyter runner and
 * the benchmarks. Each throws commander's `InvalidArgumentError`, which commander reports as
 * one line naming the option.
 */
import { InvalidArgumentError } from 'commander';

/** A whole number ≥ 1, written as digits only. */
export function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < 1) {
    throw new InvalidArgumentError('expected a positive integer.');
  }
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
