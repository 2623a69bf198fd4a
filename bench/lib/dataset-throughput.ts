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
 * threads; `preload` reports each process's CPU time (bench/lib/max-rss.mjs). `tunedMalloc`
 * false runs the command in-process, without the malloc relaunch (src/cli/malloc-relaunch.ts).
 */
export function datasetFps(
  cli: string,
  preload: string,
  w: number,
  h: number,
  sequences: number,
  frames: number,
  workers: number,
  tunedMalloc = true,
): Throughput {
  const out = mkdtempSync(join(tmpdir(), 'dualpix-bench-dataset-'));
  try {
    const args = ['--import', preload, cli, 'dataset', '--source', `procedural:${sequences}`, '--frames', String(frames)];
    args.push('--width', String(w), '--height', String(h), '--workers', String(workers), '--out', join(out, 'd'));
    const r = timedRun(process.execPath, args, { ...process.env, DUALPIX_MALLOC_RELAUNCH: tunedMalloc ? undefined : '0' });
    // The relaunched child and its parent each report their own CPU time.
    const cpu = [...r.stderr.matchAll(/bench-cpu-s=([\d.]+)/g)].reduce((s, m) => s + Number(m[1]), 0) || NaN;
    const n = sequences * frames;
    return { fps: n / r.seconds, framesPerCpuS: n / cpu };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
