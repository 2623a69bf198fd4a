// Tiny datasets written by the tests themselves, in the two layouts of `dualpix dataset`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, imageFrom, writePng, type Image } from '../../src/image/index.js';

export const tmp = (): string => mkdtempSync(join(tmpdir(), 'dualpix-train-'));

/** A w×h RGB image of seeded noise in 16-bit codes (exact through a 16-bit PNG). */
export function noiseImage(w: number, h: number, seed: number, channels = 3): Image {
  const rng = new Rng(seed);
  const data = new Float32Array(w * h * channels);
  for (let i = 0; i < data.length; i++) data[i] = rng.int(65536) / 65535;
  return imageFrom(data, w, h, channels, 'srgb');
}

/** Writes the four files of one frame (`rel` relative to `{split}_l/source`, without .png). */
export function writeFrame(dir: string, split: string, rel: string, w: number, h: number, seed: number, bits: 8 | 16 = 16): void {
  writePng(join(dir, `${split}_l`, 'source', `${rel}.png`), noiseImage(w, h, seed), bits);
  writePng(join(dir, `${split}_r`, 'source', `${rel}.png`), noiseImage(w, h, seed + 1), bits);
  writePng(join(dir, `${split}_c`, 'source', `${rel}.png`), noiseImage(w, h, seed + 2), bits);
  writePng(join(dir, `${split}_c`, 'target', `${rel}.png`), noiseImage(w, h, seed + 3), bits);
}

/** A dataset with `images` single images and `sequences` sequences of `frames` frames, all w×h. */
export function writeDataset(opts: { images: number; sequences: number; frames: number; w: number; h: number; split?: string; dir?: string }): string {
  const dir = opts.dir ?? tmp();
  const split = opts.split ?? 'train';
  for (let i = 0; i < opts.images; i++) writeFrame(dir, split, `img_${i}`, opts.w, opts.h, 100 * i);
  for (let s = 0; s < opts.sequences; s++) {
    for (let f = 0; f < opts.frames; f++) writeFrame(dir, split, `seq_${String(s).padStart(3, '0')}/${String(f).padStart(6, '0')}`, opts.w, opts.h, 10000 + 100 * s + 10 * f);
  }
  return dir;
}
