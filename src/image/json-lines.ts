import { existsSync, readFileSync } from 'node:fs';

/**
 * Reads a JSON-lines file written by appends: each parsable line's value, and how many lines did
 * not parse (the tail of an append cut short by a crash). Blank lines are skipped; a missing file
 * reads as empty.
 */
export function readJsonLines(path: string): { values: unknown[]; unparsed: number } {
  const values: unknown[] = [];
  let unparsed = 0;
  if (!existsSync(path)) return { values, unparsed };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      values.push(JSON.parse(line));
    } catch {
      unparsed++;
    }
  }
  return { values, unparsed };
}
