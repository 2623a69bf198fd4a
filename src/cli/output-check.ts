// Checks an output location before any work starts, so that a path the machine refuses (a
// read-only or full disk, a file where a folder should be, /proc) fails at once with one line
// naming it, not after minutes of work.
import { closeSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError, removeOrphanTemps } from '../image/index.js';
import { filesystemFailure } from './errors.js';

/**
 * Makes sure `dir` (a folder output, named by `flag`) exists or can be made, and takes a file.
 * Folders it had to make for the test are removed again: a run refused later leaves no trace.
 */
export function checkOutputFolder(dir: string, flag: string): void {
  const kind = kindOf(dir);
  if (kind === 'other') throw new InputError(flag, `${dir} exists and is not a folder`);
  const made = makeFolder(dir, flag);
  try {
    probeWrite(dir, flag);
  } finally {
    if (made !== undefined) rmSync(made, { recursive: true, force: true });
  }
}

/** Makes sure file output `path` (named by `flag`) can be written: not a folder, its folder writable. */
export function checkOutputFile(path: string, flag: string): void {
  if (kindOf(path) === 'dir') throw new InputError(flag, `${path} is an existing folder; give a file name`);
  const dir = dirname(path);
  if (kindOf(dir) === 'other') throw new InputError(flag, `${dir} is not a folder, so ${path} cannot be written`);
  const made = makeFolder(dir, flag);
  try {
    probeWrite(dir, flag);
  } finally {
    if (made !== undefined) rmSync(made, { recursive: true, force: true });
  }
}

function kindOf(path: string): 'none' | 'dir' | 'other' {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'other';
  } catch {
    return 'none';
  }
}

/**
 * mkdir -p one level at a time; returns the first folder it created (undefined when `dir`
 * existed). Node 20's recursive mkdirSync never returns when mkdir fails with ENOENT under an
 * existing parent (as anywhere in /proc), so it is not used here.
 */
function makeFolder(dir: string, flag: string): string | undefined {
  const missing: string[] = [];
  for (let d = resolve(dir); kindOf(d) === 'none'; d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (err) {
      if (missing[0] !== d) rmSync(missing[0]!, { recursive: true, force: true });
      throw asInputError(err, flag, d);
    }
  }
  return missing[0];
}

/** Creates and removes a small file: the one test that catches read-only mounts even for root. */
function probeWrite(dir: string, flag: string): void {
  const probe = join(dir, `.dualpix-write-check.${process.pid}`);
  try {
    closeSync(openSync(probe, 'w'));
  } catch (err) {
    throw asInputError(err, flag, dir);
  }
  rmSync(probe, { force: true });
  // Leftovers of an earlier run killed mid-write (temporary names of dead pids) go now.
  removeOrphanTemps(dir);
}

/** A filesystem refusal as an InputError naming the flag and `path` (the folder, not the probe file). */
function asInputError(err: unknown, flag: string, path: string): Error {
  const fs = filesystemFailure(err);
  return fs ? new InputError(flag, `cannot write to ${path}: ${fs.reason}`) : (err as Error);
}
