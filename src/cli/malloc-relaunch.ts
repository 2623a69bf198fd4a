// `dualpix dataset` renders frame after frame, each allocating a few hundred MB of planes at 1080p.
// glibc hands every large freed block back to the kernel (mmap'd blocks at once, the heap top past
// 128 KiB), so the next frame takes the same memory again one 4 KiB page fault at a time, and with
// two worker threads the faults and unmaps of one contend with the other's (they share one address
// space). glibc reads its malloc settings only at process start, so the command runs itself again
// in a child process with them set: one heap for all threads, nothing given back below 1 GiB.
// `npm run bench -- synth` measures the effect on dataset throughput (README, "Performance").
import { spawn, type ChildProcess } from 'node:child_process';

/** The glibc malloc settings of a relaunched dataset run (environment variables, bytes). */
export const MALLOC_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '1',
  MALLOC_MMAP_THRESHOLD_: String(1 << 30),
  MALLOC_TRIM_THRESHOLD_: String(1 << 30),
  MALLOC_TOP_PAD_: String(256 << 20),
};

/** Set in the child so that it does not relaunch again; set to 0 by a user to run in-process. */
export const RELAUNCH_VAR = 'DUALPIX_MALLOC_RELAUNCH';

/** True when `command` should run in a relaunched child: Linux (glibc), dataset, not already relaunched or opted out. */
export function wantsRelaunch(command: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean {
  return command === 'dataset' && platform === 'linux' && env[RELAUNCH_VAR] === undefined && env['MALLOC_ARENA_MAX'] === undefined;
}

/**
 * Runs this same command line in a child node process with MALLOC_ENV set and resolves with its
 * exit code (128 + n when a signal n ended it). The child has a process group of its own, so a
 * Ctrl-C or a `kill -INT` reaches it exactly once: forwarded from here. It inherits stdio.
 */
export function relaunch(argv: readonly string[]): Promise<number> {
  const script = process.argv[1];
  if (script === undefined) return Promise.reject(new Error('cannot relaunch: no script path in process.argv'));
  // The forwarders go in before the child exists: a signal that reached this process after the
  // spawn but before them would have ended it by default and orphaned the child (seen on a loaded
  // machine). They run from the event loop, so after `child` is set.
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  let child: ChildProcess | undefined;
  const forward = (sig: NodeJS.Signals): void => {
    child?.kill(sig);
  };
  const release = (): void => {
    for (const sig of signals) process.off(sig, forward);
  };
  for (const sig of signals) process.on(sig, forward);
  try {
    child = spawn(process.execPath, [...process.execArgv, script, ...argv], {
      // The IPC channel only tells the child when this process is gone (see watchParent).
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      detached: true,
      env: { ...process.env, ...MALLOC_ENV, [RELAUNCH_VAR]: '1' },
    });
  } catch (err) {
    release();
    return Promise.reject(err);
  }
  const started = child;
  return new Promise((resolve, reject) => {
    started.once('error', (err) => {
      release();
      reject(err);
    });
    started.once('exit', (code, signal) => {
      release();
      resolve(code ?? 128 + signalNumber(signal));
    });
  });
}

/**
 * In a relaunched child: if the parent dies without forwarding a signal (SIGKILL), stop as after a
 * Ctrl-C (finish the samples in flight, keep the manifest) instead of running on unseen.
 */
export function watchParent(): void {
  if (process.env[RELAUNCH_VAR] !== '1' || !process.channel) return;
  process.channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGINT'));
}

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

function signalNumber(signal: NodeJS.Signals | null): number {
  return (signal && SIGNAL_NUMBERS[signal]) ?? 1;
}
