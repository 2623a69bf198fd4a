// Runs a command to completion and measures it from outside: wall time, and peak RSS as the
// process reports it (a JSON key or a marker line). For benchmarks only.
import { spawnSync } from 'node:child_process';

/** One finished run: wall seconds, exit status, and both streams. */
export interface TimedRun {
  readonly seconds: number;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `cmd args` and returns its wall time (s) and output; throws with its stderr if it fails. */
export function timedRun(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): TimedRun {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, env });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stderr}`);
  return { seconds, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
