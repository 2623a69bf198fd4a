// generateDataset: plan the sequences, skip finished samples, render the rest on a worker pool.
import { mkdirSync, readdirSync } from 'node:fs';
import { availableMemoryBytes, checkMemory, lockFolder, lockHolder, ParameterError, removeOrphanTemps } from '../../image/index.js';
import { join } from 'node:path';
import type { SceneRef, SampleJob } from './job.js';
import { readDepth } from '../depth-readers.js';
import { readPhoto } from '../photo-scene.js';
import { checkFrameSizes, headerSize } from './frame-size.js';
import { samplePaths } from './layouts.js';
import { appendRecord, manifestName, readManifest, recordFilesIntact, sampleKey, writeManifest, type ManifestRecord } from './manifest.js';
import { resolveOptions, type DatasetOptions, type ResolvedOptions } from './options.js';
import { drawSequenceParams, sampleSeed, sceneSeed } from './params.js';
import { makePlan, writeOrCheckPlan, type DatasetPlan } from './plan.js';
import { removeTemps } from './sample-files.js';
import type { WriteJob, WrittenSample } from './write-job.js';
import { inShard } from './shards.js';
import { discoverSequences, sourceRelative, type SceneSequence } from './sources.js';
import { assignSplits } from './splits.js';
import { runPool } from './worker-pool.js';

/** Called with (samples done, samples in this run's shard) at the start and after every sample. */
export type ProgressCallback = (done: number, total: number) => void;

/** What a run did. */
export interface DatasetSummary {
  readonly out: string;
  /** Path of the manifest this run wrote (manifest.jsonl or the shard's own). */
  readonly manifest: string;
  /** Sequences in the whole dataset, and in this run's shard. */
  readonly sequences: number;
  readonly shardSequences: number;
  /** Samples in this run's shard, rendered by this run, and found done by an earlier run. */
  readonly total: number;
  readonly rendered: number;
  readonly resumed: number;
  /** True when `signal` stopped the run early; rerunning the same options resumes it. */
  readonly aborted: boolean;
}

/** A sample to render, with the manifest record it will get (less what the renderer reports). */
interface PendingSample {
  readonly job: SampleJob;
  readonly record: Omit<ManifestRecord, 'meta' | 'distortion'>;
}

function moduleUrl(name: string): URL {
  return new URL(import.meta.url.endsWith('.ts') ? `./${name}.ts` : `./${name}.js`, import.meta.url);
}

/**
 * Generates (or resumes) a DP dataset as described by `opts` (see DatasetOptions and README.md in
 * this folder). Every option is checked and the source discovered before anything is written;
 * bad input throws InputError naming the flag or path. Output is byte-identical for a seed
 * whatever the worker count, shard split or interruptions. `opts.signal` stops it gracefully
 * (summary.aborted); a killed process loses at most the samples in flight.
 */
export function generateDataset(opts: DatasetOptions, onProgress?: ProgressCallback): Promise<DatasetSummary> {
  return generateWith(opts, onProgress, moduleUrl('render-job'));
}

/** generateDataset with another job module (tests use a cheap fake renderer). */
export async function generateWith(opts: DatasetOptions, onProgress: ProgressCallback | undefined, jobModule: URL): Promise<DatasetSummary> {
  const o = resolveOptions(opts);
  const sequences = discoverSequences(o.source, o.frames ?? Number.MAX_SAFE_INTEGER, o.perPhoto ?? 1);
  for (const s of sequences) if (s.kind === 'files') checkFrameSizes(s.frames);
  // Every photo decoded once up front, for the same reason as the depth maps below.
  for (const s of sequences) if (s.kind === 'photo' && s.variant === 0) readPhoto(s.photo);
  // Depth values too (NaN, holes, negatives): a bad frame found mid-run would leave a half-made dataset.
  for (const s of sequences) {
    if (s.kind !== 'files') continue;
    for (const f of s.frames) readDepth(f.depth, o.depthScale === null ? { format: f.depthFormat } : { format: f.depthFormat, scale: o.depthScale });
  }
  const plan = planDataset(o, sequences);
  checkDatasetMemory(o, sequences, plan);

  mkdirSync(o.out, { recursive: true });
  const tag = o.shard ? `s${o.shard.index}of${o.shard.count}` : 'all';
  // One run per folder and shard: a second one would render the same samples again.
  const lock = lockFolder(o.out, `.dualpix-dataset.${tag}.lock`, 'options.out');
  try {
    refuseRivalRuns(o.out, tag);
    return await generateLocked(o, opts.signal, onProgress, jobModule, sequences, plan, tag);
  } finally {
    lock.release();
  }
}

/**
 * Shard runs share a folder with each other but not with an unsharded run, which renders every
 * shard's samples. Each run checks the others' locks after taking its own, so of two runs that
 * start together at least one sees the other.
 */
function refuseRivalRuns(out: string, tag: string): void {
  const own = `.dualpix-dataset.${tag}.lock`;
  for (const name of readdirSync(out)) {
    if (name === own || !/^\.dualpix-dataset\..+\.lock$/.test(name)) continue;
    if (tag !== 'all' && name !== '.dualpix-dataset.all.lock') continue;
    const holder = lockHolder(join(out, name));
    if (holder === undefined) continue;
    const what = tag === 'all' ? 'a shard run' : 'an unsharded run';
    throw new ParameterError('options.out', `${out} is in use by ${what} (pid ${holder.pid}, lock ${join(out, name)}): an unsharded run and shard runs cannot write one folder at the same time`);
  }
}

/** generateWith's work once the folder is locked. */
async function generateLocked(
  o: ResolvedOptions,
  signal: AbortSignal | undefined,
  onProgress: ProgressCallback | undefined,
  jobModule: URL,
  sequences: readonly SceneSequence[],
  plan: DatasetPlan,
  tag: string,
): Promise<DatasetSummary> {
  writeOrCheckPlan(o.out, plan);
  removeTemps(o.out, tag);
  removeOrphanTemps(o.out);

  const manifestPath = join(o.out, manifestName(o.shard));
  const done = new Map<string, ManifestRecord>();
  for (const rec of readManifest(manifestPath).records) {
    if (recordFilesIntact(o.out, rec)) done.set(sampleKey(rec.sequence, rec.frame), rec);
  }
  // Rewrite the manifest so that a line cut short by a crash never sits before new appends.
  writeManifest(manifestPath, [...done.values()]);

  const all = pendingSamples(o, plan, sequences);
  const todo = all.filter((s) => !done.has(sampleKey(s.record.sequence, s.record.frame)));
  const total = all.length;
  const resumed = total - todo.length;
  let finished = resumed;
  onProgress?.(finished, total);

  const { aborted } = await runPool<WriteJob, WrittenSample>({
    jobModule: moduleUrl('write-job'),
    jobs: todo.map((s) => ({ renderModule: jobModule.href, job: s.job, outDir: o.out, files: s.record.files, tag })),
    workers: o.workers,
    signal,
    // A worker keeps to one sequence: its frames share the PSF kernels and photo it caches.
    group: (index) => todo[index]!.record.sequence,
    onResult: (out, _job, index) => {
      const sample = todo[index]!;
      const record: ManifestRecord = { ...sample.record, distortion: out.distortion, meta: out.meta, checks: out.checks };
      appendRecord(manifestPath, record);
      done.set(sampleKey(record.sequence, record.frame), record);
      finished++;
      onProgress?.(finished, total);
    },
  });

  writeManifest(manifestPath, [...done.values()]);
  return {
    out: o.out,
    manifest: manifestPath,
    sequences: plan.sequences.length,
    shardSequences: plan.sequences.filter((s) => inShard(s.index, o.shard)).length,
    total,
    rendered: finished - resumed,
    resumed,
    aborted,
  };
}

/**
 * Rendering memory, measured with `/usr/bin/time` on procedural frames rendered on the main
 * thread: peak RSS 179 MB at 256², 218 MB at 512², 388 MB at 1024², so ~170 MB for the process
 * and ~210 B per pixel of a frame in flight (float planes of views, layers, PSF-blurred masks),
 * rounded up to 230 B/px; each worker thread adds ~20 MB of its own.
 */
const PROCESS_BYTES = 170 * 1024 ** 2;
const WORKER_BYTES = 20 * 1024 ** 2;
const BYTES_PER_PIXEL = 230;

/** Estimated peak memory, bytes, of rendering frames of `pixels` px on `threads` threads at once (0: the calling thread). */
export function renderMemoryBytes(pixels: number, threads: number): number {
  return PROCESS_BYTES + Math.max(1, threads) * (WORKER_BYTES + BYTES_PER_PIXEL * pixels);
}

/** Refuses a run whose frames in flight (one per worker) would not fit in memory, naming what to lower. */
function checkDatasetMemory(o: ResolvedOptions, sequences: readonly SceneSequence[], plan: DatasetPlan): void {
  let pixels = o.size ? o.size.width * o.size.height : 0;
  for (const s of sequences) {
    if (s.kind !== 'files') continue;
    for (const f of s.frames) {
      const { width, height } = headerSize(f.rgb);
      pixels = Math.max(pixels, width * height);
    }
  }
  const samples = plan.sequences.reduce((n, s) => n + (inShard(s.index, o.shard) ? s.frames : 0), 0);
  const threads = Math.max(1, Math.min(o.workers, samples));
  const perFrame = WORKER_BYTES + BYTES_PER_PIXEL * pixels;
  const need = renderMemoryBytes(pixels, threads);
  const frame = o.size ? `${o.size.width}x${o.size.height} frames` : `frames of up to ${pixels} px`;
  // Name the setting to lower: the worker count when one frame alone would fit.
  const available = availableMemoryBytes();
  const subject = threads > 1 && PROCESS_BYTES + perFrame <= available ? 'options.workers' : o.size ? 'options.width' : 'options.source';
  checkMemory(need, subject, `rendering ${frame} on ${threads} thread${threads > 1 ? 's' : ''}`, { available });
}

/** The plan: split and parameter draw of every sequence (all of them, whatever the shard). */
function planDataset(o: ResolvedOptions, sequences: readonly SceneSequence[]): DatasetPlan {
  const splits = assignSplits(o.split, sequences.length, o.seed);
  return makePlan(
    {
      source: o.sourceText,
      frames: o.frames,
      layout: o.layout,
      split: o.split,
      seed: o.seed,
      camera: o.camera,
      // Only when set, so that default plans (and their resume checks) stay byte-identical.
      ...(o.cameras !== 'paper' ? { cameras: o.cameras } : {}),
      ...(o.perPhoto !== null ? { perPhoto: o.perPhoto } : {}),
      size: o.size,
      depthScale: o.depthScale,
    },
    sequences.map((s, index) => ({
      index,
      source: s.name,
      split: splits[index]!,
      frames: s.kind === 'files' ? s.frames.length : s.frames,
      params: drawSequenceParams(o.seed, index, o.camera ?? undefined, o.cameras),
    })),
  );
}

/** Every sample of this run's shard, in (sequence, frame) order. */
function pendingSamples(o: ResolvedOptions, plan: DatasetPlan, sequences: readonly SceneSequence[]): PendingSample[] {
  const out: PendingSample[] = [];
  for (const planned of plan.sequences) {
    if (!inShard(planned.index, o.shard)) continue;
    const seq = sequences[planned.index]!;
    const { params } = planned;
    const scSeed = sceneSeed(o.seed, planned.index);
    const sceneAt = (frame: number): { scene: SceneRef; source: ManifestRecord['source'] } => {
      if (seq.kind === 'files') {
        const f = seq.frames[frame]!;
        return {
          scene: { kind: 'files', rgb: f.rgb, depth: f.depth, depthFormat: f.depthFormat, depthScale: o.depthScale },
          source: { kind: 'files', sequence: seq.name, rgb: sourceRelative(seq.root, f.rgb), depth: sourceRelative(seq.root, f.depth) },
        };
      }
      const size = o.size!;
      if (seq.kind === 'photo') {
        return {
          scene: { kind: 'photo', path: seq.photo, seed: scSeed, width: size.width, height: size.height, frames: planned.frames, frame },
          source: { kind: 'photo', photo: sourceRelative(seq.root, seq.photo), variant: seq.variant, sceneSeed: scSeed, frames: planned.frames },
        };
      }
      return {
        scene: { kind: 'procedural', seed: scSeed, width: size.width, height: size.height, frames: planned.frames, frame },
        source: { kind: 'procedural', sceneSeed: scSeed, frames: planned.frames },
      };
    };
    const lens = params.lens ? { lens: params.lens, focusScene: sceneAt(0).scene } : {};
    for (let frame = 0; frame < planned.frames; frame++) {
      const { scene, source } = sceneAt(frame);
      const seed = sampleSeed(o.seed, planned.index, frame);
      out.push({
        job: { scene, camera: params.camera, ...lens, psf: params.psf, noiseSigma: params.noise.sigma, distortion: params.distortion, seed, pngCompression: o.pngCompression },
        record: {
          split: planned.split,
          sequence: planned.index,
          frame,
          source,
          camera: params.camera,
          ...(params.lens ? { lens: params.lens } : {}),
          psf: params.psf,
          noise: params.noise,
          seed,
          files: samplePaths(o.layout, planned.split, planned.index, frame),
        },
      });
    }
  }
  return out;
}
