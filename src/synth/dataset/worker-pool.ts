// A small pool of worker threads that run one job module over a list of jobs.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { reviveError, startModuleWorker, type SerializedError } from '../../image/index.js';
import { GroupedJobQueue } from './job-queue.js';

/** A job module: exports runJob, which must be deterministic in its job (no dependence on which thread runs it). */
export interface JobModule<J, R> {
  runJob(job: J): R | Promise<R>;
}

/** Message from the pool to a worker. */
export interface PoolRequest<J> {
  readonly id: number;
  readonly job: J;
}

/** Message from a worker to the pool. */
export type PoolReply<R> =
  | { readonly kind: 'ready' }
  | { readonly kind: 'result'; readonly id: number; readonly result: R }
  | { readonly kind: 'error'; readonly id: number; readonly error: SerializedError };

/** Options of runPool. */
export interface PoolOptions<J, R> {
  /** URL of the job module (a .ts file under tsx, .js once built). */
  readonly jobModule: URL;
  readonly jobs: readonly J[];
  /** Worker threads; 0 runs the jobs one by one in this thread (debugging, tiny runs). */
  readonly workers: number;
  /** Called on this thread for each finished job (`index` into jobs), in completion order. */
  readonly onResult: (result: R, job: J, index: number) => void;
  /**
   * Aborting starts no new job; the jobs already sent finish and are delivered, then runPool
   * resolves. A worker is sent its next job before its last result is handled, so an abort from
   * inside onResult still sees at most one more job per worker delivered.
   */
  readonly signal?: AbortSignal;
  /** Group of job `index` (a sequence): a worker keeps to one group while it has jobs (see GroupedJobQueue). */
  readonly group?: (index: number) => number;
}

/** Default worker count: the machine's available parallelism. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * Runs every job through the job module on `workers` threads (never more threads than jobs).
 * Resolves when all jobs have finished, or, after `signal` aborts, when the jobs already sent
 * have finished and been delivered (no new job starts); `aborted` tells which. The first job error
 * or worker crash stops the pool at once and rejects with that error.
 */
export async function runPool<J, R>(opts: PoolOptions<J, R>): Promise<{ aborted: boolean }> {
  const { jobs, signal } = opts;
  if (signal?.aborted) return { aborted: true };
  if (jobs.length === 0) return { aborted: false };
  if (opts.workers <= 0) {
    const mod = (await import(opts.jobModule.href)) as JobModule<J, R>;
    for (const [index, job] of jobs.entries()) {
      if (signal?.aborted) return { aborted: true };
      opts.onResult(await mod.runJob(job), job, index);
    }
    return { aborted: false };
  }
  const count = Math.min(opts.workers, jobs.length);
  const threads: Worker[] = [];
  const queue = new GroupedJobQueue<Worker>(jobs.length, opts.group);
  let running = 0;
  let finished = 0;
  let settled = false;
  return new Promise<{ aborted: boolean }>((resolve, reject) => {
    const stop = (err: Error | undefined): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      const aborted = signal?.aborted === true && finished < jobs.length;
      // Wait for every thread to end so that no write lands after runPool has returned.
      void Promise.allSettled(threads.map((t) => t.terminate())).then(() => (err ? reject(err) : resolve({ aborted })));
    };
    const onAbort = (): void => {
      if (running === 0) stop(undefined);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const feed = (t: Worker): void => {
      if (settled || signal?.aborted) return;
      const id = queue.take(t);
      if (id === undefined) return;
      running++;
      t.postMessage({ id, job: jobs[id]! } satisfies PoolRequest<J>);
    };
    for (let i = 0; i < count; i++) {
      const t = startModuleWorker(import.meta.url, 'worker', { workerData: { jobModule: opts.jobModule.href } });
      threads.push(t);
      t.on('message', (msg: PoolReply<R>) => {
        if (settled) return;
        if (msg.kind === 'ready') return feed(t);
        running--;
        if (msg.kind === 'error') return stop(reviveError(msg.error));
        // The worker's next job goes out before this one's result is handled (a manifest line and
        // its fsync), so the worker never waits for the main thread.
        feed(t);
        try {
          opts.onResult(msg.result, jobs[msg.id]!, msg.id);
        } catch (err) {
          return stop(err instanceof Error ? err : new Error(String(err)));
        }
        finished++;
        if (finished === jobs.length || (signal?.aborted && running === 0)) return stop(undefined);
      });
      t.on('error', (err) => stop(err));
      t.on('exit', (code) => {
        if (!settled) stop(new Error(`dataset worker exited with code ${code} before finishing its jobs`));
      });
    }
  });
}
