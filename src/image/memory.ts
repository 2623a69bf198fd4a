// Memory guard: estimate what a job needs before allocating it, and refuse (one line naming the
// flag or file and the estimate) when the machine, or the container's cgroup limit, has less.
// Without it a too-large job is killed by the kernel's OOM killer with no message at all.
import { freemem } from 'node:os';
import { readFileSync } from 'node:fs';
import { InputError, ParameterError } from './errors.js';

/** Bytes in a mebibyte / gibibyte, for messages. */
const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

function readNumber(path: string): number | undefined {
  try {
    const text = readFileSync(path, 'utf8').trim();
    const n = Number(text);
    return text !== '' && Number.isFinite(n) ? n : undefined; // cgroup v2 writes "max" for no limit
  } catch {
    return undefined;
  }
}

/** MemAvailable of /proc/meminfo (bytes): free memory plus what the kernel can reclaim. */
function memAvailable(): number | undefined {
  try {
    const m = /^MemAvailable:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Room left under this process's cgroup limit (v2 memory.max, or v1 limit_in_bytes), bytes. */
function cgroupRoom(): number | undefined {
  const v2 = readNumber('/sys/fs/cgroup/memory.max');
  if (v2 !== undefined) return Math.max(0, v2 - (readNumber('/sys/fs/cgroup/memory.current') ?? 0));
  const v1 = readNumber('/sys/fs/cgroup/memory/memory.limit_in_bytes');
  // cgroup v1 reports "no limit" as a huge number near 2^63.
  if (v1 !== undefined && v1 < 2 ** 60) return Math.max(0, v1 - (readNumber('/sys/fs/cgroup/memory/memory.usage_in_bytes') ?? 0));
  return undefined;
}

/**
 * Memory this process can still allocate, bytes: the smaller of the machine's available memory
 * and the room under the cgroup limit. DUALPIX_MEMORY_LIMIT (bytes) caps it further, for a
 * machine shared with other jobs (and for tests).
 */
export function availableMemoryBytes(): number {
  const candidates = [memAvailable() ?? freemem(), cgroupRoom()];
  const cap = Number(process.env.DUALPIX_MEMORY_LIMIT);
  if (process.env.DUALPIX_MEMORY_LIMIT !== undefined && Number.isFinite(cap) && cap > 0) candidates.push(cap);
  return Math.min(...candidates.filter((c): c is number => c !== undefined));
}

/** A byte count for people: "937 MiB", "59.6 GiB". */
export function formatBytes(bytes: number): string {
  return bytes >= GIB ? `${(bytes / GIB).toFixed(1)} GiB` : `${Math.ceil(bytes / MIB)} MiB`;
}

/**
 * Throws when a job estimated to need `needBytes` would not fit in `available` bytes (default:
 * availableMemoryBytes()). `subject` is the library parameter (`options.width`) or, with
 * `isFile`, the input file whose size drives the estimate; `what` says what the job is.
 */
export function checkMemory(needBytes: number, subject: string, what: string, opts: { isFile?: boolean; available?: number } = {}): void {
  const available = opts.available ?? availableMemoryBytes();
  if (needBytes <= available) return;
  const detail = `${what} needs about ${formatBytes(needBytes)} of memory, ${formatBytes(available)} is available`;
  throw opts.isFile ? new InputError(subject, detail) : new ParameterError(subject, detail);
}
