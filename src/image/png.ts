// PNG files on the server: the pure codec (png-decode.ts, png-encode.ts) bound to Node's native
// zlib, plus file reading and atomic writing.
import type { ColorSpace, Image } from './types.js';
import { InputError } from './errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { readInputFile } from './read-file.js';
import { decodePng, type DecodedPng } from './png-decode.js';
import { assemblePng, DEFAULT_PNG_COMPRESSION, encodePngWith, filterPng, type PngCompression } from './png-encode.js';
import { nodeDeflate, nodeDeflateAsync, nodeInflate } from './zlib-node.js';

/** A PNG decoded to floats, with the file's bit depth kept for callers that need raw codes. */
export type DecodedPngImage = DecodedPng;

/**
 * Decodes PNG bytes (every colour type and bit depth: grey 1–16 bits, grey+alpha, RGB, RGBA,
 * 1/2/4/8-bit palettes; Adam7 interlaced or not) into a planar float image in [0,1]. Alpha and
 * tRNS are ignored. A malformed file throws InputError naming `source`.
 */
export function decodePngImage(bytes: Uint8Array, source: string, space: ColorSpace = 'srgb'): DecodedPngImage {
  try {
    return decodePng(bytes, nodeInflate, space);
  } catch (err) {
    if (err instanceof RangeError && /Array buffer allocation failed|Invalid typed array length/.test(err.message)) {
      throw new InputError(source, `PNG too large to decode in memory (${err.message})`);
    }
    throw new InputError(source, `not a readable PNG (${(err as Error).message})`);
  }
}

/** Reads a PNG file into a float image in [0,1] (see decodePngImage). */
export function readPng(path: string, space: ColorSpace = 'srgb'): DecodedPngImage {
  return decodePngImage(readInputFile(path), path, space);
}

/**
 * Encodes a float image (1 or 3 channels) as PNG bytes: values clamped to [0,1] and rounded
 * (never truncated) to 8 or 16 bits; `level` is the zlib level 0–9 (default 6).
 */
export function encodePngImage(img: Image, bitDepth: 8 | 16 = 16, level: PngCompression = DEFAULT_PNG_COMPRESSION): Uint8Array {
  return encodePngWith(img, bitDepth, level, nodeDeflate);
}

/**
 * encodePngImage with the compression on libuv's thread pool: the rows are quantized and filtered
 * here, then several images given at once deflate in parallel. Same bytes as encodePngImage.
 */
export async function encodePngImageAsync(img: Image, bitDepth: 8 | 16 = 16, level: PngCompression = DEFAULT_PNG_COMPRESSION): Promise<Uint8Array> {
  const f = filterPng(img, bitDepth, level);
  return assemblePng(f, await nodeDeflateAsync(f.scanlines, level));
}

/** Writes a float image as an 8- or 16-bit PNG, atomically (temporary name, then rename). */
export function writePng(path: string, img: Image, bitDepth: 8 | 16 = 16, level: PngCompression = DEFAULT_PNG_COMPRESSION): void {
  writeFileAtomic(path, encodePngImage(img, bitDepth, level));
}
