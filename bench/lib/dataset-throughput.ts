// `dataset` throughput for the synth bench: procedural frames per second at a frame size on K
// worker threads, the whole command's work (render, encode, write, manifest) in this process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDataset } from '../../src/synth/index.js';

/** Frames per second of `dataset --source procedural:S --frames F` at w×h px on `workers` threads. */
export async function datasetFps(w: number, h: number, sequences: number, frames: number, workers: number): Promise<number> {
  const out = mkdtempSync(join(tmpdir(), 'dualpix-bench-dataset-'));
  try {
    const t0 = performance.now();
    const s = await generateDataset({ source: `procedural:${sequences}`, frames, width: w, height: h, workers, out: join(out, 'd') });
    return s.rendered / ((performance.now() - t0) / 1000);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
