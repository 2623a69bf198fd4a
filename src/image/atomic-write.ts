import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';

function tempName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
}

/**
 * Writes a file under a temporary name in the same folder, then renames it into place, so that
 * an interrupted run never leaves a half-written output behind.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  writeFilesAtomic([[path, data]]);
}

/**
 * Writes several files as one unit: every file goes to a temporary name first, and only when all
 * are written are they renamed into place, so a failure part-way leaves none of them behind.
 */
export function writeFilesAtomic(files: readonly (readonly [string, Uint8Array | string])[]): void {
  const temps: string[] = [];
  try {
    for (const [path, data] of files) {
      mkdirSync(dirname(path), { recursive: true });
      const tmp = tempName(path);
      temps.push(tmp);
      writeFileSync(tmp, data);
    }
  } catch (err) {
    for (const tmp of temps) rmSync(tmp, { force: true });
    throw err;
  }
  files.forEach(([path], i) => renameSync(temps[i]!, path));
}
