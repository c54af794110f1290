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

/** Digit classes 0..9. */
export function parseDigits(text: string): number[] {
  return parseIntegerList(text, { min: 0, max: 9, what: 'digit' });
}
