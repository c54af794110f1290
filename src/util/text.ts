/** Error messages kept to one line, so every failure the project reports is one line. */

/** The message of an Error, else the value as a string. */
function messageOf(value: unknown): string {
  return value instanceof Error ? value.message : String(value);
}

function truncate(line: string, max: number): string {
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * All of a message on one line: runs of white space (newlines included) become one space.
 *
 * @param value - An Error (its message is used) or any value.
 * @param max - Longer results are cut and end in `…`.
 */
export function oneLine(value: unknown, max = Infinity): string {
  return truncate(messageOf(value).replace(/\s+/g, ' ').trim(), max);
}

/**
 * Only the first line of a message (the rest is often a stack or a long dump), trimmed.
 *
 * @param value - An Error (its message is used) or any value.
 * @param max - Longer results are cut and end in `…`.
 */
export function firstLine(value: unknown, max = Infinity): string {
  return truncate(messageOf(value).split('\n')[0]!.trim(), max);
}
