// The options of `dualpix dataset`, validated into one resolved object before anything is written.
import { existsSync, statSync } from 'node:fs';
import { DEFAULT_PNG_COMPRESSION, ParameterError, type PngCompression } from '../../image/index.js';
import { cameraPreset } from '../../optics/index.js';
import { parseLayout, type DatasetLayout } from './layouts.js';
import { defaultWorkers } from './worker-pool.js';
import { parseShard, type Shard } from './shards.js';
import { CAMERA_FAMILIES, type CameraFamily } from './params.js';
import { parseSource, type SourceSpec } from './sources.js';
import { DEFAULT_SPLIT, parseSplit, type SplitRatios } from './splits.js';

/** Options of generateDataset, one per `dualpix dataset` flag; strings are the flags' raw text. */
export interface DatasetOptions {
  /** `--source`: synthia:DIR, rgbd:DIR, photos:DIR or procedural:N. */
  readonly source: string;
  /** `--out`: the dataset folder (created; an existing one is resumed if its settings match). */
  readonly out: string;
  /** `--frames`: frames per procedural or photo sequence (default 4), or at most this many per folder sequence (default all). */
  readonly frames?: number;
  /** `--layout`: dpdd (default) or sequence. */
  readonly layout?: string;
  /** `--split`: e.g. "train=0.8,val=0.1,test=0.1" (the default), fractions of sequences. */
  readonly split?: string;
  /** `--workers`: worker threads (default: available cores); 0 renders on the calling thread. */
  readonly workers?: number;
  /**
   * `--shard`: i/n renders only sequences with index % n == i, into manifest.shard-i-of-n.jsonl;
   * `auto` takes i and n from a Slurm array task, `auto/N` takes i from a Kubernetes Indexed Job.
   */
  readonly shard?: string;
  /** Environment that `shard: 'auto'` reads (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** `--png-compression`: zlib level 0–9 of the sample PNGs (default 1); pixels do not depend on it. */
  readonly pngCompression?: number;
  /** `--seed`: uint32 (default 0); with the other settings it fixes every byte of the output. */
  readonly seed?: number;
  /** `--camera`: one preset for every sequence instead of a draw from paper-1 … paper-5. */
  readonly camera?: string;
  /** `--cameras`: the camera family each sequence draws from: paper (default), dslr, phone or all. */
  readonly cameras?: string;
  /** `--per-photo`: sequences (crops and depth layouts) per photo of a photos:DIR source (default 1). */
  readonly perPhoto?: number;
  /** `--width`/`--height`: procedural and photo frame size in px (default 256×256); ignored for RGB-D folders. */
  readonly width?: number;
  readonly height?: number;
  /** `--depth-scale`: metres per stored depth unit for rgbd folders (default: png16 mm, pfm/npy m). */
  readonly depthScale?: number;
  /** Stops the run: no new sample starts, running ones finish and are recorded, then the result says `aborted`. */
  readonly signal?: AbortSignal;
}

/** DatasetOptions checked and parsed, with defaults filled in. */
export interface ResolvedOptions {
  readonly sourceText: string;
  readonly source: SourceSpec;
  readonly out: string;
  /** Frames per sequence: exact for procedural, a cap for folders (null = all). */
  readonly frames: number | null;
  readonly layout: DatasetLayout;
  readonly split: SplitRatios;
  readonly workers: number;
  readonly shard: Shard | undefined;
  readonly pngCompression: PngCompression;
  readonly seed: number;
  readonly camera: string | null;
  readonly cameras: CameraFamily;
  /** Sequences per photo (photos:DIR only; null for other sources). */
  readonly perPhoto: number | null;
  readonly size: { readonly width: number; readonly height: number } | null;
  readonly depthScale: number | null;
}

/** Default frames per procedural sequence: the paper trains on sequences of four frames. */
export const DEFAULT_PROCEDURAL_FRAMES = 4;
/** Default procedural frame size (px). */
export const DEFAULT_PROCEDURAL_SIZE = { width: 256, height: 256 } as const;

/** Checks every option; throws ParameterError naming the option. Reads nothing but `--out`'s type. */
export function resolveOptions(opts: DatasetOptions): ResolvedOptions {
  const source = parseSource(opts.source);
  const procedural = source.kind === 'procedural';
  // Photo sequences are generated like procedural ones: a frame count and a frame size of their own.
  const generated = procedural || source.kind === 'photos';
  if (typeof opts.out !== 'string' || opts.out === '') throw new ParameterError('options.out', 'is required');
  if (existsSync(opts.out) && !statSync(opts.out).isDirectory()) throw new ParameterError('options.out', `${opts.out} exists and is not a folder`);
  const int = (v: number | undefined, parameter: string, min: number, max: number): number | undefined => {
    if (v === undefined) return undefined;
    if (!Number.isInteger(v) || v < min || v > max) throw new ParameterError(parameter, `expected a whole number in [${min}, ${max}], got ${v}`);
    return v;
  };
  const frames = int(opts.frames, 'options.frames', 1, 1e6) ?? (generated ? DEFAULT_PROCEDURAL_FRAMES : null);
  const width = int(opts.width, 'options.width', 8, 16384) ?? DEFAULT_PROCEDURAL_SIZE.width;
  const height = int(opts.height, 'options.height', 8, 16384) ?? DEFAULT_PROCEDURAL_SIZE.height;
  if (opts.depthScale !== undefined && !(Number.isFinite(opts.depthScale) && opts.depthScale > 0)) {
    throw new ParameterError('options.depthScale', `expected metres per depth unit (a positive number), got ${opts.depthScale}`);
  }
  if (opts.camera !== undefined) cameraPreset(opts.camera);
  const cameras = opts.cameras ?? 'paper';
  if (!(CAMERA_FAMILIES as readonly string[]).includes(cameras)) {
    throw new ParameterError('options.cameras', `expected one of ${CAMERA_FAMILIES.join(', ')}, got "${cameras}"`);
  }
  if (opts.camera !== undefined && opts.cameras !== undefined) throw new ParameterError('options.cameras', 'cannot be combined with one fixed camera preset');
  const perPhoto = int(opts.perPhoto, 'options.perPhoto', 1, 10000);
  if (perPhoto !== undefined && source.kind !== 'photos') throw new ParameterError('options.perPhoto', 'applies to a photos:DIR source only');
  return {
    sourceText: opts.source,
    source,
    out: opts.out,
    frames,
    layout: parseLayout(opts.layout ?? 'dpdd'),
    split: opts.split === undefined ? DEFAULT_SPLIT : parseSplit(opts.split),
    workers: int(opts.workers, 'options.workers', 0, 1024) ?? defaultWorkers(),
    shard: opts.shard === undefined ? undefined : parseShard(opts.shard, opts.env),
    pngCompression: (int(opts.pngCompression, 'options.pngCompression', 0, 9) ?? DEFAULT_PNG_COMPRESSION) as PngCompression,
    seed: int(opts.seed, 'options.seed', 0, 0xffffffff) ?? 0,
    camera: opts.camera ?? null,
    cameras: cameras as CameraFamily,
    perPhoto: source.kind === 'photos' ? (perPhoto ?? 1) : null,
    size: generated ? { width, height } : null,
    depthScale: generated ? null : (opts.depthScale ?? null),
  };
}
