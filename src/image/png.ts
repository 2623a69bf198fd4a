import { decode, encode } from 'fast-png';
import { checkPngImageData } from './png-check.js';
import type { ColorSpace, Image } from './types.js';
import { InputError } from './errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { readInputFile } from './read-file.js';

/** A PNG decoded to floats, with the file's bit depth kept for callers that need raw codes. */
export interface DecodedPngImage {
  readonly image: Image;
  readonly bitDepth: 8 | 16;
}

/**
 * Decodes PNG bytes (8- or 16-bit; grey, grey+alpha, RGB, RGBA; palette expanded) into a planar
 * float image in [0,1]. Alpha is dropped: dualpix works on opaque photographs.
 */
export function decodePngImage(bytes: Uint8Array, source: string, space: ColorSpace = 'srgb'): DecodedPngImage {
  let png;
  try {
    // CRCs checked: a damaged chunk must fail here, not decode to wrong pixels with success.
    png = decode(bytes, { checkCrc: true });
  } catch (err) {
    throw new InputError(source, `not a readable PNG (${(err as Error).message})`);
  }
  checkPngImageData(bytes, source);
  const { width, height } = png;
  let channels = png.channels;
  let data = png.data;
  if (png.palette) {
    const pal = png.palette;
    const rgb = new Uint8Array(width * height * 3);
    for (let i = 0; i < width * height; i++) {
      const entry = pal[data[i]!] ?? [0, 0, 0];
      rgb[3 * i] = entry[0]!;
      rgb[3 * i + 1] = entry[1]!;
      rgb[3 * i + 2] = entry[2]!;
    }
    data = rgb;
    channels = 3;
  }
  if (png.depth !== 8 && png.depth !== 16 && !png.palette) {
    throw new InputError(source, `PNG bit depth ${png.depth} is not supported (expected 8 or 16)`);
  }
  const bitDepth: 8 | 16 = png.depth === 16 ? 16 : 8;
  const max = bitDepth === 16 ? 65535 : 255;
  const colour = channels >= 3 ? 3 : 1;
  const n = width * height;
  const out = new Float32Array(n * colour);
  for (let c = 0; c < colour; c++) {
    const plane = c * n;
    for (let i = 0; i < n; i++) out[plane + i] = data[i * channels + c]! / max;
  }
  return { image: { width, height, channels: colour, data: out, space }, bitDepth };
}

/** Reads a PNG file into a float image in [0,1] (see decodePngImage). */
export function readPng(path: string, space: ColorSpace = 'srgb'): DecodedPngImage {
  return decodePngImage(readInputFile(path), path, space);
}

/**
 * Encodes a float image as PNG bytes: values clamped to [0,1] and rounded (never truncated) to
 * 8 or 16 bits. 1 or 3 channels.
 */
export function encodePngImage(img: Image, bitDepth: 8 | 16 = 16): Uint8Array {
  const { width, height, channels } = img;
  if (channels !== 1 && channels !== 3) throw new RangeError(`encodePngImage: ${channels} channels (expected 1 or 3)`);
  const n = width * height;
  const max = bitDepth === 16 ? 65535 : 255;
  const data = bitDepth === 16 ? new Uint16Array(n * channels) : new Uint8Array(n * channels);
  for (let c = 0; c < channels; c++) {
    const plane = c * n;
    for (let i = 0; i < n; i++) {
      const v = img.data[plane + i]!;
      const clamped = v > 1 ? 1 : v > 0 ? v : 0;
      data[i * channels + c] = Math.round(clamped * max);
    }
  }
  return encode({ width, height, data, depth: bitDepth, channels });
}

/** Writes a float image as an 8- or 16-bit PNG, atomically (temporary name, then rename). */
export function writePng(path: string, img: Image, bitDepth: 8 | 16 = 16): void {
  writeFileAtomic(path, encodePngImage(img, bitDepth));
}
