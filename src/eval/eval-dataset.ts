// Reads the frames of a dataset split for evaluation: DP views, combined image, sharp target, and
// (for data that `dualpix dataset` wrote) the ground-truth CoC map and the PSF from manifest.jsonl.
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { InputError, readJsonLines, readPfm, readPng, toRgb, type FloatMap, type Image } from '../image/index.js';
import { checkPsfParams, DEFAULT_PSF, type ButterworthParams, type PsfModel, type PsfOrientation } from '../psf/index.js';
import type { DatasetSplit, FrameFiles } from '../data/index.js';
import type { DpFrame } from './eval-types.js';

/** One frame to evaluate: its files and its place in the dataset. */
export interface EvalFrameRef {
  /** `NAME` or `SEQ/FRAME` (file stems). */
  readonly id: string;
  readonly sequence: string | null;
  readonly frame: number;
  readonly files: FrameFiles;
  /** Where its CoC map would be (`{split}_coc/ID.pfm`); may not exist. */
  readonly coc: string;
}

/** A run of frames fed to a method in order with its state carried: one frame for a single image. */
export interface EvalSample {
  readonly name: string;
  readonly frames: readonly EvalFrameRef[];
}

/** What manifest.jsonl says about one sample's rendering. */
export interface RenderInfo {
  readonly psf: ButterworthParams;
  readonly blurSpace: 'linear' | 'srgb';
  readonly psfModel: PsfModel;
  readonly psfOrientation: PsfOrientation;
  /** Relative Gaussian noise σ per view, null when the record has none or another noise kind. */
  readonly noiseSigma: number | null;
  readonly coc: string | undefined;
}

/** The samples of a split in dataset order: single images first, then sequences (frames in time order). */
export function evalSamples(split: DatasetSplit): EvalSample[] {
  const cocDir = join(split.dir, `${split.split}_coc`);
  const ref = (id: string, sequence: string | null, frame: number, files: FrameFiles): EvalFrameRef => ({
    id, sequence, frame, files, coc: join(cocDir, ...id.split('/')) + '.pfm',
  });
  const out: EvalSample[] = split.images.map((im) => ({ name: im.name, frames: [ref(im.name, null, 0, im)] }));
  for (const seq of split.sequences) {
    out.push({ name: seq.name, frames: seq.frames.map((f, i) => ref(`${seq.name}/${stem(f.left)}`, seq.name, i, f)) });
  }
  return out;
}

/** The first `limit` frames (whole sequences kept in order, the last one cut short if needed). */
export function limitSamples(samples: readonly EvalSample[], limit: number | null): EvalSample[] {
  if (limit === null) return [...samples];
  const out: EvalSample[] = [];
  let left = limit;
  for (const s of samples) {
    if (left <= 0) break;
    out.push(s.frames.length <= left ? s : { name: s.name, frames: s.frames.slice(0, left) });
    left -= Math.min(left, s.frames.length);
  }
  return out;
}

/** Rendering facts of every sample in `DIR/manifest.jsonl`, keyed by left-view path relative to DIR ('/' separators); empty when there is no manifest. */
export function readRenderInfo(dir: string): Map<string, RenderInfo> {
  const path = join(dir, 'manifest.jsonl');
  const out = new Map<string, RenderInfo>();
  // A line cut short by a crash is skipped: that sample was never recorded as done.
  for (const rec of readJsonLines(path).values) {
    const info = renderInfoOf(rec);
    if (info) out.set(info.left, info.info);
  }
  return out;
}

function renderInfoOf(rec: unknown): { left: string; info: RenderInfo } | undefined {
  if (typeof rec !== 'object' || rec === null) return undefined;
  const r = rec as {
    files?: { left?: unknown; coc?: unknown };
    psf?: Partial<ButterworthParams>;
    meta?: { blurSpace?: unknown; psfModel?: unknown; psfOrientation?: unknown; noise?: { kind?: unknown; sigma?: unknown } | null };
  };
  if (typeof r.files?.left !== 'string') return undefined;
  const p = r.psf;
  let psf = DEFAULT_PSF;
  if (p && [p.n, p.alpha, p.beta, p.kappa].every((v) => typeof v === 'number')) {
    const cand = { n: p.n!, alpha: p.alpha!, beta: p.beta!, kappa: p.kappa! };
    try {
      checkPsfParams(cand);
      psf = cand;
    } catch {
      psf = DEFAULT_PSF;
    }
  }
  const blurSpace = r.meta?.blurSpace === 'srgb' ? 'srgb' : 'linear';
  const psfModel = r.meta?.psfModel === 'disk' ? 'disk' : 'butterworth';
  const psfOrientation = r.meta?.psfOrientation === 'mirrored' ? 'mirrored' : 'reference';
  const noise = r.meta?.noise;
  // Noise is recorded as meta.noise (null: none was added); older manifests lack it: unknown.
  const noiseSigma = noise === null ? 0
    : noise?.kind === 'gaussian' && typeof noise.sigma === 'number' && noise.sigma >= 0 ? noise.sigma
      : null;
  const coc = typeof r.files.coc === 'string' ? r.files.coc : undefined;
  return { left: r.files.left, info: { psf, blurSpace, psfModel, psfOrientation, noiseSigma, coc } };
}

/** Loads one frame: the method's input and the sharp target (sRGB [0,1], 3 channels). */
export function loadFrame(dir: string, ref: EvalFrameRef, info: Map<string, RenderInfo>): { frame: DpFrame; target: Image; fromManifest: boolean } {
  const f = ref.files;
  const left = toRgb(readPng(f.left).image);
  const right = toRgb(readPng(f.right).image);
  const target = toRgb(readPng(f.target).image);
  const combined = f.combined ? toRgb(readPng(f.combined).image) : average(left, right);
  const known = info.get(relKey(dir, f.left));
  const path = cocPath(dir, ref, info);
  const coc = existsSync(path) ? readCoc(path, left) : null;
  return {
    frame: {
      left, right, combined, coc,
      psf: known?.psf ?? DEFAULT_PSF,
      blurSpace: known?.blurSpace ?? 'linear',
      psfModel: known?.psfModel ?? 'butterworth',
      psfOrientation: known?.psfOrientation ?? 'reference',
      noiseSigma: known?.noiseSigma ?? null,
    },
    target,
    fromManifest: known !== undefined,
  };
}

/** Where a frame's CoC map is: the manifest's `files.coc` if it names one, else `{split}_coc/ID.pfm`. */
export function cocPath(dir: string, ref: EvalFrameRef, info: Map<string, RenderInfo>): string {
  const known = info.get(relKey(dir, ref.files.left));
  return known?.coc !== undefined ? join(dir, known.coc) : ref.coc;
}

function relKey(dir: string, path: string): string {
  return relative(dir, path).split(sep).join('/');
}

function readCoc(path: string, like: Image): FloatMap {
  const map = readPfm(path);
  if (map.channels !== 1) throw new InputError(path, `expected a 1-channel CoC map (Pf), got ${map.channels} channels`);
  if (map.width !== like.width || map.height !== like.height) {
    throw new InputError(path, `is ${map.width}x${map.height} but its frame is ${like.width}x${like.height}`);
  }
  // A NaN or infinite radius would surface deep in deconvolution as a bad pixel index.
  const bad = map.data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new InputError(path, `CoC radius ${map.data[bad]} at pixel (${bad % map.width}, ${Math.floor(bad / map.width)}); expected finite radii in px`);
  return { width: map.width, height: map.height, data: map.data };
}

function average(a: Image, b: Image): Image {
  const data = new Float32Array(a.data.length);
  for (let i = 0; i < data.length; i++) data[i] = 0.5 * (a.data[i]! + b.data[i]!);
  return { ...a, data };
}

function stem(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  return base.replace(/\.png$/i, '');
}
