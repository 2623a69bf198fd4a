import { readFileSync } from 'node:fs';
import { InputError } from './errors.js';

/** Reads a whole input file; a missing or unreadable file becomes an InputError naming it. */
export function readInputFile(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new InputError(path, `cannot read file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}
