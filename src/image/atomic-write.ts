import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { processAlive } from './folder-lock.js';

function tempName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
}

/** A temporary name of tempName: `.NAME.PID.STAMP.tmp`, the pid captured. */
const TEMP_PATTERN = /^\..+\.(\d+)\.[0-9a-z]+\.tmp$/;

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

/**
 * Removes the temporary files writeFileAtomic left in `dir` (not its subfolders) when a process
 * was killed mid-write: those whose writer's pid is no longer alive. Returns the removed paths.
 */
export function removeOrphanTemps(dir: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = TEMP_PATTERN.exec(name);
    if (!m || processAlive(Number(m[1]))) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(join(dir, name));
  }
  return removed;
}
