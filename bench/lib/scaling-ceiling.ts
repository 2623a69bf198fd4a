// What two threads can gain over one on this machine, measured in the same run as the bench that
// compares against it: a compute-bound loop (in cache) and a memory-bound one (a triad over
// arrays larger than the caches), each on 1 and on 2 worker threads at once.
import { Worker } from 'node:worker_threads';

const KERNELS = {
  // Floating-point work on 32 KiB: stays in L1, so only the cores limit it.
  compute: `let a = new Float64Array(4096); for (let k = 0; k < 20000; k++) for (let i = 0; i < a.length; i++) a[i] = a[i] * 0.999 + i;`,
  // a = b + s·c over three 48 MiB arrays: each pass streams 144 MiB through memory.
  memory: `const n = 1 << 22; const a = new Float32Array(3 * n), b = new Float32Array(3 * n).fill(1), c = new Float32Array(3 * n).fill(2); for (let k = 0; k < 12; k++) for (let i = 0; i < a.length; i++) a[i] = b[i] + 0.5 * c[i];`,
} as const;

/** Seconds for `threads` workers each running the kernel once, started together. */
async function timed(kernel: string, threads: number): Promise<number> {
  const workers = Array.from({ length: threads }, () => new Worker(`const { parentPort } = require('node:worker_threads'); parentPort.once('message', () => { ${kernel} parentPort.postMessage(0); });`, { eval: true }));
  await new Promise((r) => setTimeout(r, 100)); // let the threads start before the clock does
  const t0 = performance.now();
  await Promise.all(workers.map((w) => new Promise((resolve) => { w.once('message', resolve); w.postMessage(0); })));
  const s = (performance.now() - t0) / 1000;
  await Promise.all(workers.map((w) => w.terminate()));
  return s;
}

/** Throughput of 2 threads over 1 (ideal 2) for a compute-bound and a memory-bound kernel; best of `runs` each. */
export async function scalingCeiling(runs = 2): Promise<{ compute: number; memory: number }> {
  const out = { compute: 0, memory: 0 };
  for (const kind of ['compute', 'memory'] as const) {
    let one = Infinity;
    let two = Infinity;
    for (let r = 0; r < runs; r++) {
      one = Math.min(one, await timed(KERNELS[kind], 1));
      two = Math.min(two, await timed(KERNELS[kind], 2));
    }
    out[kind] = (2 * one) / two;
  }
  return out;
}
