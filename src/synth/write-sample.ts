// Writing one synthesized frame as a sample folder: 16-bit PNGs, the CoC map as PFM, meta.json.
import { join } from 'node:path';
import { encodePfm, encodePngImage, writeFilesAtomic } from '../image/index.js';
import type { SynthFrame } from './frame.js';

/** File names of a sample folder, in the order they are written. */
export const SAMPLE_FILES = ['left.png', 'right.png', 'combined.png', 'sharp.png', 'coc.pfm', 'meta.json'] as const;

/** One sample's files, encoded: name → bytes. */
export type SampleFileBytes = Readonly<Record<(typeof SAMPLE_FILES)[number], Uint8Array>>;

/**
 * Encodes a frame's files in memory: left/right/combined/sharp as 16-bit sRGB PNGs, coc.pfm
 * (signed CoC radius px, float32), meta.json. Throws RangeError if the frame is inconsistent.
 */
export function encodeSample(frame: SynthFrame): SampleFileBytes {
  const { width, height } = frame.left;
  for (const [name, img] of [
    ['left', frame.left],
    ['right', frame.right],
    ['combined', frame.combined],
    ['sharp', frame.sharp],
  ] as const) {
    if (img.width !== width || img.height !== height || img.channels !== 3) {
      throw new RangeError(`encodeSample: ${name} is ${img.width}x${img.height}x${img.channels}, expected ${width}x${height}x3`);
    }
  }
  if (frame.coc.width !== width || frame.coc.height !== height) {
    throw new RangeError(`encodeSample: coc is ${frame.coc.width}x${frame.coc.height}, expected ${width}x${height}`);
  }
  return {
    'left.png': encodePngImage(frame.left, 16),
    'right.png': encodePngImage(frame.right, 16),
    'combined.png': encodePngImage(frame.combined, 16),
    'sharp.png': encodePngImage(frame.sharp, 16),
    'coc.pfm': encodePfm(frame.coc),
    'meta.json': new TextEncoder().encode(`${JSON.stringify(frame.meta, null, 2)}\n`),
  };
}

/**
 * Writes DIR/left.png, right.png, combined.png, sharp.png (16-bit), coc.pfm and meta.json as one
 * unit: all six go to temporary names and are renamed only once every one is written, so a
 * failure leaves none of them behind.
 */
export function writeSample(dir: string, frame: SynthFrame): void {
  const files = encodeSample(frame);
  writeFilesAtomic(SAMPLE_FILES.map((name) => [join(dir, name), files[name]] as const));
}
