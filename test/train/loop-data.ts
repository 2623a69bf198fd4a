// Small DP datasets with a known blur, written by the loop, inference and CLI tests: sharp
// scenes of random rectangles; each view is the sharp image blurred by a half-disk (left
// half for the left view, right half for the right view), so the views disagree at edges
// as DP views of a defocused scene do and the combined image is their mean.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, imageFrom, writePng, type Image } from '../../src/image/index.js';

export const tmpDir = (): string => mkdtempSync(join(tmpdir(), 'dualpix-loop-'));

/** A w×h RGB scene of random rectangles in the 8 colours of {0.1, 0.9}³ on grey: strong edges a small net learns to restore. */
export function sharpScene(w: number, h: number, seed: number): Image {
  const rng = new Rng(seed);
  const data = new Float32Array(3 * w * h).fill(0.5);
  for (let k = 0; k < 14; k++) {
    const x0 = rng.int(w);
    const y0 = rng.int(h);
    const rw = 2 + rng.int(w / 3);
    const rh = 2 + rng.int(h / 3);
    const grey = rng.uniform() < 0.5 ? 0.1 : 0.9;
    const col = [grey, grey, grey];
    for (let c = 0; c < 3; c++) for (let y = y0; y < Math.min(h, y0 + rh); y++) for (let x = x0; x < Math.min(w, x0 + rw); x++) data[c * w * h + y * w + x] = col[c]!;
  }
  return imageFrom(data, w, h, 3, 'srgb');
}

/** The sharp image blurred by the left (side −1) or right (side +1) half of a disk of radius r px, borders clamped. */
export function halfDiskView(img: Image, r: number, side: -1 | 1): Image {
  const { width: w, height: h } = img;
  const taps: [number, number][] = [];
  for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) if (dx * dx + dy * dy <= r * r && dx * side >= 0) taps.push([dx, dy]);
  const out = new Float32Array(img.data.length);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let s = 0;
        for (const [dx, dy] of taps) {
          const sx = Math.min(w - 1, Math.max(0, x + dx));
          const sy = Math.min(h - 1, Math.max(0, y + dy));
          s += img.data[c * w * h + sy * w + sx]!;
        }
        out[c * w * h + y * w + x] = s / taps.length;
      }
    }
  }
  return imageFrom(out, w, h, 3, 'srgb');
}

/** One DP sample: views, combined (mean of the views) and sharp target. */
export function dpSample(w: number, h: number, seed: number, r = 10): { left: Image; right: Image; combined: Image; sharp: Image } {
  const sharp = sharpScene(w, h, seed);
  const left = halfDiskView(sharp, r, -1);
  const right = halfDiskView(sharp, r, 1);
  const combined = imageFrom(left.data.map((v, i) => (v + right.data[i]!) / 2), w, h, 3, 'srgb');
  return { left, right, combined, sharp };
}

/** Writes `count` single images (and `sequences` sequences of `frames`) of w×h into a split of a dpdd-layout dataset. */
export function writeBlurDataset(dir: string, split: string, opts: { images: number; sequences?: number; frames?: number; w: number; h: number; seed: number }): string {
  const put = (rel: string, s: ReturnType<typeof dpSample>): void => {
    writePng(join(dir, `${split}_l`, 'source', `${rel}.png`), s.left);
    writePng(join(dir, `${split}_r`, 'source', `${rel}.png`), s.right);
    writePng(join(dir, `${split}_c`, 'source', `${rel}.png`), s.combined);
    writePng(join(dir, `${split}_c`, 'target', `${rel}.png`), s.sharp);
  };
  for (let i = 0; i < opts.images; i++) put(`img_${i}`, dpSample(opts.w, opts.h, opts.seed + i));
  for (let q = 0; q < (opts.sequences ?? 0); q++) {
    for (let f = 0; f < (opts.frames ?? 4); f++) put(`seq_${q}/${String(f).padStart(4, '0')}`, dpSample(opts.w, opts.h, opts.seed + 1000 * (q + 1) + f));
  }
  return dir;
}
