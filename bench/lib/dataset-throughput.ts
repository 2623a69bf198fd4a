// `dataset` throughput for the synth bench: procedural frames per second at a frame size on K
// worker threads, the whole command's work (render, encode, write, manifest) in this process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDataset } from '../../src/synth/index.js';

/** Throughput of one run: frames per wall second, and per CPU second of this process (all threads). */
export interface Throughput {
  readonly fps: number;
  readonly framesPerCpuS: number;
}

/** Throughput of `dataset --source procedural:S --frames F` at w×h px on `workers` threads. */
export async function datasetFps(w: number, h: number, sequences: number, frames: number, workers: number): Promise<Throughput> {
  const out = mkdtempSync(join(tmpdir(), 'dualpix-bench-dataset-'));
  try {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const s = await generateDataset({ source: `procedural:${sequences}`, frames, width: w, height: h, workers, out: join(out, 'd') });
    const c = process.cpuUsage(c0);
    return { fps: s.rendered / ((performance.now() - t0) / 1000), framesPerCpuS: s.rendered / ((c.user + c.system) / 1e6) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
