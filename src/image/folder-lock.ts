// One run per output folder: a lock file that names its holder's pid. A lock whose holder is
// dead (SIGKILL, power loss) is taken over by the next run; a live holder's lock is refused.
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ParameterError } from './errors.js';

/** A held lock; release() removes its file (only while it is still ours). */
export interface FolderLock {
  readonly path: string;
  release(): void;
}

/** True when process `pid` exists on this machine (EPERM: it exists but belongs to another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface Holder {
  readonly pid: number;
  readonly host: string;
}

function readHolder(path: string): Holder | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    const m = /^pid (\d+) host (\S*)/.exec(text);
    // A lock cut short before its line was written reads as a dead holder.
    return m ? { pid: Number(m[1]), host: m[2]! } : { pid: 0, host: hostname() };
  } catch {
    return undefined;
  }
}

function alive(h: Holder): boolean {
  // A holder on another machine (a shared folder) cannot be checked: it counts as alive.
  return h.host !== hostname() || processAlive(h.pid);
}

/** The pid (and host) of the live process holding lock file `path`, or undefined when it is free or its holder is dead. */
export function lockHolder(path: string): { readonly pid: number; readonly host: string } | undefined {
  const h = readHolder(path);
  return h !== undefined && alive(h) ? h : undefined;
}

/**
 * Takes lock file `name` in folder `dir` (which must exist) for this process. Throws a
 * ParameterError naming `parameter` (the caller's name for `dir`) and the holder's pid when a live process holds it. The lock is released on
 * release() or when the process exits normally; a killed holder's lock is taken over.
 */
export function lockFolder(dir: string, name: string, parameter: string): FolderLock {
  const path = join(dir, name);
  const line = `pid ${process.pid} host ${hostname()} since ${new Date().toISOString()}\n`;
  for (let attempt = 0; attempt < 8; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(path);
      if (holder === undefined) continue; // released just now: try again
      if (alive(holder)) throw new ParameterError(parameter, `${dir} is in use by another dualpix run (pid ${holder.pid}${holder.host !== hostname() ? ` on ${holder.host}` : ''}, lock ${path}); wait for it to finish or use another folder`);
      takeOverStale(path, holder);
      continue;
    }
    try {
      writeSync(fd, line);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return held(path);
  }
  throw new ParameterError(parameter, `${path}: could not take the lock (other runs keep taking it)`);
}

/**
 * Moves a dead holder's lock aside. rename() is atomic, so of several runs that saw the same
 * stale lock one moves it; if what was moved is not that stale lock (another run took the lock
 * in between), it is linked back, which fails harmlessly if yet another lock is in place.
 */
function takeOverStale(path: string, stale: Holder): void {
  const aside = `${path}.stale.${process.pid}`;
  try {
    renameSync(path, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const moved = readHolder(aside);
  if (moved !== undefined && (moved.pid !== stale.pid || moved.host !== stale.host)) {
    try {
      linkSync(aside, path);
    } catch {
      // Someone else holds the lock now; the moved lock's owner will find it gone at release.
    }
  }
  rmSync(aside, { force: true });
}

function held(path: string): FolderLock {
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', release);
    const h = readHolder(path);
    if (h !== undefined && h.pid === process.pid && h.host === hostname()) rmSync(path, { force: true });
  };
  process.on('exit', release);
  return { path, release };
}
