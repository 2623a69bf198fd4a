// `dataset` throughput for the synth bench: procedural frames per second at a frame size on K
// worker threads, the whole built command as users run it (render, encode, write, manifest).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timedRun } from './timed-process.js';

/** Throughput of one run: frames per wall second, and per CPU second of the process (all threads). */
export interface Throughput {
  readonly fps: number;
  readonly framesPerCpuS: number;
}

/**
 * Throughput of `node CLI dataset --source procedural:S --frames F` at w×h px on `workers`
 * threads; `preload` reports the process's CPU time (bench/lib/max-rss.mjs).
 */
export function datasetFps(cli: string, preload: string, w: number, h: number, sequences: number, frames: number, workers: number): Throughput {
  const out = mkdtempSync(join(tmpdir(), 'dualpix-bench-dataset-'));
  try {
    const args = ['--import', preload, cli, 'dataset', '--source', `procedural:${sequences}`, '--frames', String(frames)];
    args.push('--width', String(w), '--height', String(h), '--workers', String(workers), '--out', join(out, 'd'));
    const r = timedRun(process.execPath, args);
    const cpu = Number(/bench-cpu-s=([\d.]+)/.exec(r.stderr)?.[1] ?? NaN);
    const n = sequences * frames;
    return { fps: n / r.seconds, framesPerCpuS: n / cpu };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
