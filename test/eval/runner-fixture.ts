// Tiny hand-made DP datasets for the runner, report and CLI tests: sharp textures blurred with the
// project's DP PSFs at one constant CoC radius per frame, in linear light, views stored at the
// combined image's exposure and combined = (left + right)/2 in file units, as `dualpix dataset` writes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { imageFrom, readPng, Rng, toLinear, toSrgb, writePfm, writePng, type Image } from '../../src/image/index.js';
import { PsfBank, type ButterworthParams } from '../../src/psf/index.js';
import { convolveDirect } from './direct-convolution.js';

/** One frame to write: its stem (or SEQ/FRAME path), CoC radius (px) and texture seed. */
export interface FixtureFrame {
  readonly id: string;
  readonly radius: number;
  readonly seed: number;
}

/** Options of writeFixtureDataset. */
export interface FixtureOptions {
  readonly width?: number;
  readonly height?: number;
  /** Write `{split}_coc/ID.pfm` (default true). */
  readonly coc?: boolean;
  /** Write manifest.jsonl with each frame's PSF (default true). */
  readonly manifest?: boolean;
  readonly split?: string;
}

/** PSF of every fixture frame (a paper draw different from DEFAULT_PSF, so that reading the manifest matters). */
export const FIXTURE_PSF: ButterworthParams = { n: 6, alpha: 0.8, beta: 0.3, kappa: 0.14 };

/** Sharp-edged texture: random levels on 4×4 px cells, per channel. */
export function texture(w: number, h: number, seed: number): Image {
  const rng = new Rng(seed);
  const levels = Array.from({ length: 3 * 97 }, () => rng.range(0.08, 0.92));
  const data = new Float32Array(w * h * 3);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) data[c * w * h + y * w + x] = levels[c * 97 + ((Math.floor(x / 4) * 13 + Math.floor(y / 4) * 7 + c) % 97)]!;
    }
  }
  // Round to 16-bit codes so that the target file holds exactly these values.
  return imageFrom(data.map((v) => Math.round(v * 65535) / 65535), w, h, 3, 'srgb');
}

/** Writes a noise-free dataset in the DPDD layout (ids `NAME`) or the sequence layout (ids `seq_000/000000`). */
export function writeFixtureDataset(dir: string, frames: readonly FixtureFrame[], opts: FixtureOptions = {}): void {
  const w = opts.width ?? 48;
  const h = opts.height ?? 40;
  const split = opts.split ?? 'test';
  const bank = new PsfBank(FIXTURE_PSF);
  const lines: string[] = [];
  frames.forEach((f, i) => {
    const sharp = texture(w, h, f.seed);
    const k = bank.get(f.radius);
    const lin = toLinear(sharp);
    // Each view holds half the light; stored ×2 so that views and combined share one exposure.
    const view = (kernel: Float32Array): Image => {
      const v = convolveDirect(lin, kernel, k.size);
      return toSrgb(imageFrom(v.data.map((x) => Math.min(1, 2 * x)), w, h, 3, 'linear'));
    };
    const left = view(k.left);
    const right = view(k.right);
    const rel = `${f.id}.png`;
    const files = {
      left: `${split}_l/source/${rel}`, right: `${split}_r/source/${rel}`, combined: `${split}_c/source/${rel}`,
      sharp: `${split}_c/target/${rel}`, coc: `${split}_coc/${f.id}.pfm`,
    };
    writePng(join(dir, files.left), left);
    writePng(join(dir, files.right), right);
    writePng(join(dir, files.sharp), sharp);
    // combined from the 16-bit views as written, like the generator's (left + right)/2 in file units
    const l16 = readPng(join(dir, files.left)).image;
    const r16 = readPng(join(dir, files.right)).image;
    writePng(join(dir, files.combined), imageFrom(l16.data.map((v, j) => 0.5 * (v + r16.data[j]!)), w, h, 3, 'srgb'));
    if (opts.coc ?? true) writePfm(join(dir, files.coc), { width: w, height: h, data: new Float32Array(w * h).fill(f.radius) });
    lines.push(JSON.stringify({ split, sequence: i, frame: 0, psf: FIXTURE_PSF, files, meta: { blurSpace: 'linear' } }));
  });
  mkdirSync(dir, { recursive: true });
  if (opts.manifest ?? true) writeFileSync(join(dir, 'manifest.jsonl'), lines.join('\n') + '\n');
}
