// Writing one synthesized frame as a sample folder: 16-bit PNGs, the CoC map as PFM, meta.json.
import { join } from 'node:path';
import { DEFAULT_PNG_COMPRESSION, encodePfm, encodePngImage, encodePngImageAsync, writeFilesAtomic, type PngCompression } from '../image/index.js';
import type { SynthFrame } from './frame.js';

/** File names of a sample folder, in the order they are written. */
export const SAMPLE_FILES = ['left.png', 'right.png', 'combined.png', 'sharp.png', 'coc.pfm', 'meta.json'] as const;

/** One sample's files, encoded: name → bytes. */
export type SampleFileBytes = Readonly<Record<(typeof SAMPLE_FILES)[number], Uint8Array>>;

function checkFrame(frame: SynthFrame): void {
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
}

function metaBytes(frame: SynthFrame): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(frame.meta, null, 2)}\n`);
}

/**
 * Encodes a frame's files in memory: left/right/combined/sharp as 16-bit sRGB PNGs at zlib level
 * `compression` (0–9), coc.pfm (signed CoC radius px, float32), meta.json. Throws RangeError if
 * the frame is inconsistent.
 */
export function encodeSample(frame: SynthFrame, compression: PngCompression = DEFAULT_PNG_COMPRESSION): SampleFileBytes {
  checkFrame(frame);
  return {
    'left.png': encodePngImage(frame.left, 16, compression),
    'right.png': encodePngImage(frame.right, 16, compression),
    'combined.png': encodePngImage(frame.combined, 16, compression),
    'sharp.png': encodePngImage(frame.sharp, 16, compression),
    'coc.pfm': encodePfm(frame.coc),
    'meta.json': metaBytes(frame),
  };
}

/** encodeSample with the four PNGs compressed at once on libuv's thread pool; the same bytes. */
export async function encodeSampleAsync(frame: SynthFrame, compression: PngCompression = DEFAULT_PNG_COMPRESSION): Promise<SampleFileBytes> {
  checkFrame(frame);
  const [left, right, combined, sharp] = await Promise.all(
    [frame.left, frame.right, frame.combined, frame.sharp].map((img) => encodePngImageAsync(img, 16, compression)),
  );
  return { 'left.png': left!, 'right.png': right!, 'combined.png': combined!, 'sharp.png': sharp!, 'coc.pfm': encodePfm(frame.coc), 'meta.json': metaBytes(frame) };
}

/**
 * Writes DIR/left.png, right.png, combined.png, sharp.png (16-bit), coc.pfm and meta.json as one
 * unit: all six go to temporary names and are renamed only once every one is written, so a
 * failure leaves none of them behind. `compression` is the PNGs' zlib level 0–9.
 */
export function writeSample(dir: string, frame: SynthFrame, compression: PngCompression = DEFAULT_PNG_COMPRESSION): void {
  const files = encodeSample(frame, compression);
  writeFilesAtomic(SAMPLE_FILES.map((name) => [join(dir, name), files[name]] as const));
}

/**
 * writeSample with the four PNGs compressed in parallel (see encodeSampleAsync). `extra` runs on
 * this thread while they compress; the files it returns (name in DIR → bytes) join the same
 * atomic unit.
 */
export async function writeSampleAsync(
  dir: string,
  frame: SynthFrame,
  compression: PngCompression = DEFAULT_PNG_COMPRESSION,
  extra: () => readonly (readonly [string, Uint8Array])[] = () => [],
): Promise<void> {
  const pending = encodeSampleAsync(frame, compression);
  const more = extra();
  const files = await pending;
  writeFilesAtomic([...SAMPLE_FILES.map((name) => [join(dir, name), files[name]] as const), ...more.map(([name, bytes]) => [join(dir, name), bytes] as const)]);
}
