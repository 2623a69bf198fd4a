// Named subsets of the evaluated frames (e.g. the DPDD test set's indoor and outdoor scenes), read
// from plain-text name lists, so that tables can have the paper's Indoor / Outdoor / Combined columns.
import { readFileSync } from 'node:fs';
import { InputError, ParameterError } from '../image/index.js';

/** A named list of sample names. */
export interface Subset {
  readonly name: string;
  /** The list file it came from. */
  readonly file: string;
  /** Entries: image names, sequence names (every frame) or `SEQ/FRAME` ids; `.png` dropped. */
  readonly names: ReadonlySet<string>;
}

/** The subset name the runner gives to every evaluated frame. */
export const ALL_SUBSET = 'all';

/**
 * Reads `NAME=FILE` (the `--subset` flag): FILE lists one name per line; blank lines and lines
 * starting with # are skipped. An InputError names the flag or the file.
 */
export function readSubsetSpec(spec: string, parameter = 'subset'): Subset {
  const eq = spec.indexOf('=');
  const name = eq > 0 ? spec.slice(0, eq) : '';
  const file = eq > 0 ? spec.slice(eq + 1) : '';
  if (!/^[A-Za-z0-9][\w.-]*$/.test(name) || file === '') throw new ParameterError(parameter, `expected NAME=FILE (a name of letters, digits, _ . -), got "${spec}"`);
  if (name === ALL_SUBSET) throw new ParameterError(parameter, `"${ALL_SUBSET}" is the name of the whole evaluated set; pick another subset name`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(file, `cannot read the ${name} subset list (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const names = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    names.add(line.replace(/\.png$/i, ''));
  }
  if (names.size === 0) throw new InputError(file, `the ${name} subset list names no samples`);
  return { name, file, names };
}

/** True when a frame (`id` NAME or SEQ/FRAME, its sequence or null) is listed in the subset. */
export function inSubset(subset: Subset, id: string, sequence: string | null): boolean {
  return subset.names.has(id) || (sequence !== null && subset.names.has(sequence));
}
