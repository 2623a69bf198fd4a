// Scene sources for `--source`: SYNTHIA-style folders, generic RGB-D folders, photo folders and procedural scenes.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { InputError, ParameterError } from '../../image/index.js';
import { PHOTO_EXTENSIONS } from '../photo-scene.js';

/** A parsed `--source`: a folder of one of the two RGB-D layouts, a folder of photos, or N procedural sequences. */
export type SourceSpec =
  | { readonly kind: 'synthia'; readonly dir: string }
  | { readonly kind: 'rgbd'; readonly dir: string }
  | { readonly kind: 'photos'; readonly dir: string }
  | { readonly kind: 'procedural'; readonly count: number };

/** How a depth file encodes metres (see README.md in this folder). */
export type SourceDepthFormat = 'synthia' | 'png16' | 'pfm' | 'npy';

/** One input frame on disk. Paths are absolute; `stem` is the file name without extension. */
export interface FileFrame {
  readonly stem: string;
  readonly rgb: string;
  readonly depth: string;
  readonly depthFormat: SourceDepthFormat;
}

/**
 * One input sequence: frames of a folder in time order, a procedural scene with a frame count, or
 * crop `variant` of a photo (absolute path; `root` its folder) with a frame count.
 */
export type SceneSequence =
  | { readonly kind: 'files'; readonly name: string; readonly root: string; readonly frames: readonly FileFrame[] }
  | { readonly kind: 'procedural'; readonly name: string; readonly frames: number }
  | { readonly kind: 'photo'; readonly name: string; readonly root: string; readonly photo: string; readonly variant: number; readonly frames: number };

/** Folder pairs (RGB, depth) that hold a SYNTHIA sequence's left camera, tried in this order. */
export const SYNTHIA_FOLDERS: readonly (readonly [string, string])[] = [
  ['RGBLeft', 'DepthLeft'],
  ['RGB/Stereo_Left/Omni_F', 'Depth/Stereo_Left/Omni_F'],
];

const RGB_EXT = ['.png'];
const DEPTH_EXT: Readonly<Record<string, SourceDepthFormat>> = { '.png': 'png16', '.pfm': 'pfm', '.npy': 'npy' };

/** Parses `--source` text: synthia:DIR, rgbd:DIR, photos:DIR or procedural:N (N ≥ 1). Throws ParameterError('options.source'). */
export function parseSource(text: string): SourceSpec {
  const m = /^(synthia|rgbd|photos|procedural):(.+)$/.exec(text);
  if (!m) throw new ParameterError('options.source', `expected synthia:DIR, rgbd:DIR, photos:DIR or procedural:N, got "${text}"`);
  const rest = m[2]!;
  if (m[1] === 'synthia') return { kind: 'synthia', dir: rest };
  if (m[1] === 'rgbd') return { kind: 'rgbd', dir: rest };
  if (m[1] === 'photos') return { kind: 'photos', dir: rest };
  const count = Number(rest);
  if (!/^[0-9]+$/.test(rest) || !Number.isSafeInteger(count) || count < 1) {
    throw new ParameterError('options.source', `expected procedural:N with N a whole number >= 1, got "${text}"`);
  }
  return { kind: 'procedural', count };
}

/**
 * The sequences of a source, sorted by folder name, each with at most `maxFrames` frames (the
 * first ones; procedural and photo sequences get exactly `maxFrames`); a photo folder gives
 * `perPhoto` sequences per photo, photos in natural name order. Throws InputError naming the folder
 * when it is missing, holds no sequence, or its RGB and depth files do not pair up by stem.
 */
export function discoverSequences(spec: SourceSpec, maxFrames: number, perPhoto = 1): SceneSequence[] {
  if (spec.kind === 'procedural') {
    return Array.from({ length: spec.count }, (_, i) => ({ kind: 'procedural', name: `procedural_${i}`, frames: maxFrames }));
  }
  const dir = spec.dir;
  if (!isDir(dir)) throw new InputError(dir, `--source ${spec.kind}: no such folder`);
  if (spec.kind === 'photos') return photoSequences(dir, maxFrames, perPhoto);
  const found = spec.kind === 'synthia' ? synthiaSequences(dir) : rgbdSequences(dir);
  if (found.length === 0) {
    const expected =
      spec.kind === 'synthia'
        ? `sub-folders with ${SYNTHIA_FOLDERS.map(([r, d]) => `${r}/ + ${d}/`).join(' or ')}`
        : 'rgb/ + depth/, or sub-folders holding them';
    throw new InputError(dir, `--source ${spec.kind}: no sequences found (expected ${expected})`);
  }
  return found.map((s) => ({ ...s, frames: s.frames.slice(0, maxFrames) }));
}

type FileSequence = Extract<SceneSequence, { kind: 'files' }>;

/** The photos directly inside `dir` (not sub-folders), `perPhoto` sequences each, named STEM_k. */
function photoSequences(dir: string, frames: number, perPhoto: number): SceneSequence[] {
  const photos = readdirSync(dir)
    .filter((n) => !n.startsWith('.') && PHOTO_EXTENSIONS.includes(extname(n).toLowerCase()) && !isDir(join(dir, n)))
    .sort(naturalCompare);
  if (photos.length === 0) throw new InputError(dir, `--source photos: no photographs (${PHOTO_EXTENSIONS.join(', ')}) in this folder`);
  return photos.flatMap((name) => {
    const stem = name.slice(0, name.length - extname(name).length);
    return Array.from({ length: perPhoto }, (_, variant) => ({
      kind: 'photo' as const,
      name: perPhoto === 1 ? stem : `${stem}_${variant}`,
      root: dir,
      photo: join(dir, name),
      variant,
      frames,
    }));
  });
}

function synthiaSequences(dir: string): FileSequence[] {
  const own = synthiaSequence(dir, dir);
  if (own) return [own];
  const out: FileSequence[] = [];
  for (const name of subfolders(dir)) {
    const seq = synthiaSequence(join(dir, name), dir);
    if (seq) out.push(seq);
  }
  return out;
}

function synthiaSequence(seqDir: string, root: string): FileSequence | undefined {
  for (const [rgbSub, depthSub] of SYNTHIA_FOLDERS) {
    const rgbDir = join(seqDir, rgbSub);
    if (!isDir(rgbDir)) continue;
    const depthDir = join(seqDir, depthSub);
    if (!isDir(depthDir)) throw new InputError(depthDir, `--source synthia: ${rgbSub}/ has no matching ${depthSub}/ folder`);
    return { kind: 'files', name: basename(seqDir), root, frames: pairFrames(rgbDir, depthDir, () => 'synthia') };
  }
  return undefined;
}

function rgbdSequences(dir: string): FileSequence[] {
  if (isDir(join(dir, 'rgb')) || isDir(join(dir, 'depth'))) return [rgbdSequence(dir, dir)];
  const out: FileSequence[] = [];
  for (const name of subfolders(dir)) {
    const seqDir = join(dir, name);
    if (isDir(join(seqDir, 'rgb')) || isDir(join(seqDir, 'depth'))) out.push(rgbdSequence(seqDir, dir));
  }
  return out;
}

function rgbdSequence(seqDir: string, root: string): FileSequence {
  for (const sub of ['rgb', 'depth']) {
    if (!isDir(join(seqDir, sub))) throw new InputError(join(seqDir, sub), 'rgbd source: folder missing (need rgb/ and depth/ side by side)');
  }
  const frames = pairFrames(join(seqDir, 'rgb'), join(seqDir, 'depth'), (ext) => DEPTH_EXT[ext]!);
  return { kind: 'files', name: basename(seqDir), root, frames };
}

/** Pairs RGB and depth files by stem; every stem must be present on both sides exactly once. */
function pairFrames(rgbDir: string, depthDir: string, format: (ext: string) => SourceDepthFormat): FileFrame[] {
  const rgb = filesByStem(rgbDir, RGB_EXT);
  const depth = filesByStem(depthDir, Object.keys(DEPTH_EXT));
  if (rgb.size === 0) throw new InputError(rgbDir, 'source: no RGB frames (.png) in this folder');
  const unmatched = [...rgb.keys()].filter((s) => !depth.has(s));
  const orphans = [...depth.keys()].filter((s) => !rgb.has(s));
  if (rgb.size !== depth.size || unmatched.length > 0 || orphans.length > 0) {
    const list = (xs: string[]): string => xs.slice(0, 3).join(', ') + (xs.length > 3 ? ', …' : '');
    const detail = [
      `${rgb.size} RGB frames but ${depth.size} depth frames in ${depthDir}`,
      unmatched.length > 0 ? `no depth for ${list(unmatched)}` : '',
      orphans.length > 0 ? `no RGB for ${list(orphans)}` : '',
    ];
    throw new InputError(rgbDir, `--source: ${detail.filter((d) => d).join('; ')}`);
  }
  return [...rgb.keys()].sort(naturalCompare).map((stem) => {
    const d = depth.get(stem)!;
    return { stem, rgb: rgb.get(stem)!, depth: d, depthFormat: format(extname(d).toLowerCase()) };
  });
}

function filesByStem(dir: string, exts: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const ext = extname(name).toLowerCase();
    if (!exts.includes(ext)) continue;
    const stem = name.slice(0, name.length - ext.length);
    if (!statSync(join(dir, name)).isFile()) throw new InputError(join(dir, name), `is not a file (expected an image or depth file in ${dir})`);
    if (out.has(stem)) throw new InputError(join(dir, name), `source: two files with the stem "${stem}"`);
    out.set(stem, join(dir, name));
  }
  return out;
}

function subfolders(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => !n.startsWith('.') && isDir(join(dir, n)))
    .sort(naturalCompare);
}

function isDir(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}

/** Path of `file` relative to a sequence's source root, '/'-separated (what the manifest records). */
export function sourceRelative(root: string, file: string): string {
  return relative(root, file).split(/[\\/]/).join('/');
}

/** Orders names with embedded numbers by value ("f2" < "f10"), otherwise by code unit; locale-free. */
export function naturalCompare(a: string, b: string): number {
  const ta = a.match(/\d+|\D+/g) ?? [];
  const tb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const x = ta[i]!;
    const y = tb[i]!;
    if (x === y) continue;
    const nx = /^\d/.test(x) && /^\d/.test(y);
    if (nx) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
    }
    return x < y ? -1 : 1;
  }
  return ta.length - tb.length || (a < b ? -1 : a > b ? 1 : 0);
}
