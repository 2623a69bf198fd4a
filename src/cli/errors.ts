// How the CLI reports a failure: bad input (a parameter, a file or a filesystem refusal) as one
// line and exit 2; anything else as an internal error with its stack (exit 1).
import { InputError, ParameterError } from '../image/index.js';

/** Library parameter names whose flag is not the kebab-case of the name's last part. */
const FLAG_OF_PARAMETER: Readonly<Record<string, string>> = {
  'model.sigma': '--noise',
  'model.fullWell': '--shot-noise',
  'maxCocPx': '--max-coc',
  'name': '--camera',
  'params': '--psf',
  'opts.scale': '--depth-scale',
  'opts.format': '--depth-format',
  'options.methods': '--baselines',
};

/** The flag that sets library parameter `parameter` (e.g. `options.perPhoto` → `--per-photo`). */
export function flagOf(parameter: string): string {
  const known = FLAG_OF_PARAMETER[parameter];
  if (known !== undefined) return known;
  const last = parameter.slice(parameter.lastIndexOf('.') + 1);
  return `--${last.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** Filesystem error codes that mean the user's path or machine refused, not a bug in dualpix. */
const FS_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder, expected a file',
  EEXIST: 'already exists',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
  ENOTEMPTY: 'folder is not empty',
  EXDEV: 'cannot move across file systems',
  EINVAL: 'invalid path for this file system',
};

/** A Node filesystem error with the path it concerns, or undefined for anything else. */
export function filesystemFailure(err: unknown): { path: string; reason: string; line: string } | undefined {
  if (!(err instanceof Error)) return undefined;
  const e = err as NodeJS.ErrnoException;
  if (typeof e.code !== 'string' || typeof e.path !== 'string') return undefined;
  const reason = FS_REASONS[e.code];
  if (reason === undefined) return undefined;
  const why = `${reason} (${e.code}${e.syscall ? ` ${e.syscall}` : ''})`;
  return { path: e.path, reason: why, line: `${e.path}: ${why}` };
}

/** Prints `err` for `dualpix NAME` on stderr; returns the exit code (2 bad input or filesystem refusal, 1 a bug, with its stack). */
export function reportError(name: string, err: unknown): number {
  if (err instanceof ParameterError) {
    const prefix = `${err.parameter}: `;
    const detail = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
    process.stderr.write(`dualpix ${name}: ${flagOf(err.parameter)}: ${oneLine(detail)}\n`);
    return 2;
  }
  if (err instanceof InputError) {
    process.stderr.write(`dualpix ${name}: ${oneLine(err.message)}\n`);
    return 2;
  }
  const fs = filesystemFailure(err);
  if (fs) {
    process.stderr.write(`dualpix ${name}: ${fs.line}\n`);
    return 2;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  process.stderr.write(`dualpix ${name}: internal error: ${oneLine(e.message)}\n`);
  // A programmer error keeps its stack, so that a report of it can be acted on.
  process.stderr.write(`${e.stack ?? ''}\n`);
  return 1;
}

function oneLine(text: string): string {
  return text.split('\n')[0]!;
}
