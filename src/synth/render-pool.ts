// Spreads a render's bands over worker threads while the calling thread works too, and blocks
// until all are done, so that renderDpViews stays synchronous.
import { availableParallelism } from 'node:os';
import { isMainThread, Worker } from 'node:worker_threads';
import { startModuleWorker } from '../image/index.js';
import { BandScratch, renderBand, type RenderJob } from './render-band.js';

/** Slots of the shared control array. */
export const NEXT_BAND = 0;
export const ACTIVE = 1;
export const FAILED = 2;
export const WORKER_BANDS = 3;

/** One render as workers receive it: the job on shared memory and how it is cut into bands. */
export interface BandTask {
  readonly job: RenderJob;
  readonly control: Int32Array;
  readonly bandRows: number;
  readonly bands: number;
  /** Band indices in the order they are to be taken. */
  readonly sequence: Int32Array;
  /** UTF-8 of the first worker error, zero-padded. */
  readonly error: Uint8Array;
}

/** Default thread count: every core on the main thread, 1 inside a worker (its pool already uses the cores). */
export function defaultThreads(): number {
  return isMainThread ? Math.max(1, availableParallelism()) : 1;
}

const pool: Worker[] = [];
let mainScratch: BandScratch | null = null;

/** The calling thread's reusable band buffers, for the bands it renders itself (alone or beside the pool). */
export function callerScratch(): BandScratch {
  mainScratch ??= new BandScratch();
  return mainScratch;
}
let lastWorkerBands = 0;

/** Worker threads started, and how many bands they rendered in the last multi-threaded render (a check that they take part). */
export function renderPoolStats(): { workers: number; lastWorkerBands: number } {
  return { workers: pool.length, lastWorkerBands };
}

function startWorker(): Worker {
  const w = startModuleWorker(import.meta.url, 'render-worker', { execArgv: [] });
  w.unref();
  // A worker that cannot start simply never takes a band; the calling thread does them all.
  w.on('error', () => {
    const i = pool.indexOf(w);
    if (i >= 0) pool.splice(i, 1);
  });
  return w;
}

// Shared buffers reused from render to render: a worker thread keeps a SharedArrayBuffer alive
// until its own garbage collector runs, which an idle worker may put off for many frames.
const arena = new Map<string, SharedArrayBuffer>();

/** A zeroed Float32Array of n values in shared memory, reusing the buffer kept under `key`. */
export function arenaF32(key: string, n: number): Float32Array {
  const before = arena.get(key);
  const buffer = arenaBuffer(key, 4 * n);
  const a = new Float32Array(buffer, 0, n);
  // A new SharedArrayBuffer is already zero: filling it would only touch every page early.
  return buffer === before ? a.fill(0) : a;
}

/** An Int32Array of n values in shared memory (contents unspecified), reusing the buffer kept under `key`. */
export function arenaI32(key: string, n: number): Int32Array {
  return new Int32Array(arenaBuffer(key, 4 * n), 0, n);
}

function arenaBuffer(key: string, bytes: number): SharedArrayBuffer {
  let b = arena.get(key);
  if (b === undefined || b.byteLength < bytes) {
    b = new SharedArrayBuffer(bytes);
    arena.set(key, b);
  }
  return b;
}

function shared<T extends Float32Array | Int32Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const ctor = a.constructor as { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };
  const out = new ctor(new SharedArrayBuffer(a.length * ctor.BYTES_PER_ELEMENT));
  out.set(a);
  return out;
}

/**
 * Output rows per band: about six bands per thread, enough for the costliest-first order to even
 * the threads out, and no fewer than 32 rows, since each band splats its coarse layers' rows
 * within kernel reach again (a halo of up to ~55 rows at |r| = 40 px).
 */
function bandRowsFor(height: number, threads: number): number {
  return Math.max(32, Math.ceil(height / (6 * threads)));
}

/**
 * Band order, most expensive first (longest-processing-time-first keeps threads finishing
 * together): a band's cost is estimated as the taps its layers' pixels within reach spend there.
 */
function planBands(job: RenderJob, bands: number, bandRows: number): Int32Array {
  const { start, order, taps, pw, pad } = job;
  const cost = new Float64Array(bands);
  const nLayers = start.length - 1;
  for (let l = 0; l < nLayers; l++) {
    const s = taps.scale[l]!;
    const side = 2 * taps.half[l]! + 1;
    const perPixel = (side * side) / (s * s);
    const reach = s * (taps.half[l]! + 1);
    for (let b = 0; b < bands; b++) {
      const y0 = pad + b * bandRows - reach;
      const y1 = pad + Math.min(job.height, (b + 1) * bandRows) + reach;
      const a = lowerBound(order, start[l]!, start[l + 1]!, Math.max(0, y0) * pw);
      const e = lowerBound(order, a, start[l + 1]!, y1 * pw);
      cost[b] += (e - a) * perPixel;
    }
  }
  return Int32Array.from(Array.from({ length: bands }, (_, b) => b).sort((x, y) => cost[y]! - cost[x]! || x - y));
}

function lowerBound(a: Int32Array, lo: number, hi: number, value: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Renders all bands of `job` on `threads` threads (this one included); job.out is filled in
 * place. Bands are taken from a shared counter, so a slow or absent worker only costs time.
 * Arrays not already in shared memory are copied there.
 */
export function runBands(job: RenderJob, threads: number): void {
  while (pool.length < threads - 1) pool.push(startWorker());
  const t = job.taps;
  const out = shared(job.out);
  const sjob: RenderJob = {
    ...job,
    colour: shared(job.colour),
    start: shared(job.start),
    order: shared(job.order),
    bbox: shared(job.bbox),
    taps: {
      scale: shared(t.scale),
      half: shared(t.half),
      offset: shared(t.offset),
      spanOffset: shared(t.spanOffset),
      taps: shared(t.taps),
      spans: shared(t.spans),
    },
    out,
  };
  const bandRows = bandRowsFor(job.height, threads);
  const bands = Math.ceil(job.height / bandRows);
  const task: BandTask = {
    job: sjob,
    control: new Int32Array(new SharedArrayBuffer(16)),
    bandRows,
    bands,
    sequence: shared(planBands(sjob, bands, bandRows)),
    error: new Uint8Array(new SharedArrayBuffer(1024)),
  };
  for (const w of pool.slice(0, threads - 1)) w.postMessage(task);
  workBands(task, callerScratch());
  const c = task.control;
  for (;;) {
    const active = Atomics.load(c, ACTIVE);
    if (active === 0) break;
    Atomics.wait(c, ACTIVE, active, 1000);
  }
  if (Atomics.load(c, FAILED) !== 0) {
    const text = new TextDecoder().decode(task.error.slice()).replace(/\0+$/, '');
    throw new Error(`render worker failed: ${text}`);
  }
  lastWorkerBands = Atomics.load(c, WORKER_BANDS);
  if (out !== job.out) job.out.set(out);
}

/** Takes bands from the task's counter until none is left (run by the caller and by every worker; workers count theirs in slot `countAs`). */
export function workBands(task: BandTask, scratch: BandScratch, countAs = -1): void {
  const c = task.control;
  for (;;) {
    const k = Atomics.add(c, NEXT_BAND, 1);
    if (k >= task.bands || Atomics.load(c, FAILED) !== 0) return;
    const b = task.sequence[k]!;
    const y0 = b * task.bandRows;
    renderBand(task.job, y0, Math.min(task.job.height, y0 + task.bandRows), scratch);
    if (countAs >= 0) Atomics.add(c, countAs, 1);
  }
}
