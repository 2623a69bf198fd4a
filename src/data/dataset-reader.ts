// Discovers the training data that `dualpix dataset` writes (and that the DPDD Canon dataset
// uses): the flat `dpdd` layout of single images and the `sequence` layout of frame folders.
// Only file names and PNG headers are read here; pixels are decoded later, on demand.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, ParameterError, pngSize } from '../image/index.js';

/** A dataset split: the folder-name prefix `{split}_l`, `{split}_r`, `{split}_c`. */
export type Split = 'train' | 'val' | 'test';

/** The files of one DP frame, all the same size (px). */
export interface FrameFiles {
  /** Left DP view (`{split}_l/source/…`). */
  readonly left: string;
  /** Right DP view (`{split}_r/source/…`). */
  readonly right: string;
  /** Sharp target (`{split}_c/target/…`). */
  readonly target: string;
  /** Combined blurred image (`{split}_c/source/…`) when the dataset has it (DPDD and `dualpix dataset` do). */
  readonly combined: string | undefined;
  readonly width: number;
  readonly height: number;
}

/** One single-image sample of the `dpdd` layout; `name` is the file stem. */
export interface PairRecord extends FrameFiles {
  readonly name: string;
}

/** One sequence of the `sequence` layout: frames in lexical (= time) order, all one size (px). */
export interface SequenceRecord {
  /** Sequence folder name, e.g. `seq_007`. */
  readonly name: string;
  readonly frames: readonly FrameFiles[];
  readonly width: number;
  readonly height: number;
}

/** Every sample of one split: single images and sequences (a folder may hold both). */
export interface DatasetSplit {
  readonly dir: string;
  readonly split: Split;
  readonly images: readonly PairRecord[];
  readonly sequences: readonly SequenceRecord[];
}

/** Options of openDataset. */
export interface OpenDatasetOptions {
  /** Return an empty split instead of throwing when the split has no samples (e.g. an optional `val`). */
  readonly allowEmpty?: boolean;
}

/**
 * Lists the samples of `split` under `dir`: `{split}_l/source/NAME.png` are single images,
 * `{split}_l/source/SEQ/FRAME.png` are sequence frames. Every left view needs a right view and a
 * target of the same size (InputError naming the missing or mismatched file); no samples at all
 * is an InputError naming `--data`. Names sort by code point, so results do not depend on locale.
 */
export function openDataset(dir: string, split: Split, options: OpenDatasetOptions = {}): DatasetSplit {
  if (!isDir(dir)) throw new ParameterError('data', `${dir}: no such folder`);
  const leftDir = join(dir, `${split}_l`, 'source');
  const images: PairRecord[] = [];
  const sequences: SequenceRecord[] = [];
  if (isDir(leftDir)) {
    for (const entry of sortedEntries(leftDir)) {
      const path = join(leftDir, entry);
      if (isDir(path)) {
        const seq = readSequence(dir, split, entry);
        if (seq) sequences.push(seq);
      } else if (entry.toLowerCase().endsWith('.png')) {
        images.push({ name: entry.slice(0, -4), ...frameFiles(dir, split, entry) });
      }
    }
  }
  if (images.length === 0 && sequences.length === 0 && !options.allowEmpty) {
    throw new ParameterError(
      'data',
      `${dir}: no ${split} samples (expected ${split}_l/source/NAME.png or ${split}_l/source/SEQ/FRAME.png, with ${split}_r/source and ${split}_c/target alongside)`,
    );
  }
  return { dir, split, images, sequences };
}

function readSequence(dir: string, split: Split, seqName: string): SequenceRecord | undefined {
  const seqDir = join(dir, `${split}_l`, 'source', seqName);
  const frames = sortedEntries(seqDir)
    .filter((f) => f.toLowerCase().endsWith('.png'))
    .map((f) => frameFiles(dir, split, `${seqName}/${f}`));
  const first = frames[0];
  if (!first) return undefined;
  for (const f of frames) {
    if (f.width !== first.width || f.height !== first.height) {
      throw new InputError(
        f.left,
        `is ${f.width}x${f.height} but frame ${first.left} of the same sequence is ${first.width}x${first.height} (a sequence shares one crop window)`,
      );
    }
  }
  return { name: seqName, frames, width: first.width, height: first.height };
}

/** Paths and size of one frame given its path relative to `{split}_l/source`; validates its partners. */
function frameFiles(dir: string, split: Split, rel: string): FrameFiles {
  const left = join(dir, `${split}_l`, 'source', rel);
  const right = join(dir, `${split}_r`, 'source', rel);
  const target = join(dir, `${split}_c`, 'target', rel);
  const combinedPath = join(dir, `${split}_c`, 'source', rel);
  const size = pngSize(left);
  for (const [path, role] of [
    [right, 'right view'],
    [target, 'sharp target'],
  ] as const) {
    if (!existsSync(path)) throw new InputError(path, `missing: the ${role} of ${left}`);
    checkSameSize(path, size, left);
  }
  const combined = existsSync(combinedPath) ? combinedPath : undefined;
  if (combined) checkSameSize(combined, size, left);
  return { left, right, target, combined, width: size.width, height: size.height };
}

function checkSameSize(path: string, want: { width: number; height: number }, left: string): void {
  const got = pngSize(path);
  if (got.width !== want.width || got.height !== want.height) {
    throw new InputError(path, `is ${got.width}x${got.height} but its left view ${left} is ${want.width}x${want.height}`);
  }
}

// Dot files are skipped: they are the temporary names of interrupted atomic writes.
function sortedEntries(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => !n.startsWith('.'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
