// The browser's face of src/image: the parts with no Node import (types, sRGB curve, resampling,
// seeded RNG, PNG codec), the PNG codec bound to fflate's pure-JS zlib. Node code imports index.ts.
import { unzlibSync, zlibSync } from 'fflate';
import type { ColorSpace, Image } from './types.js';
import { decodePng, type DecodedPng } from './png-decode.js';
import { DEFAULT_PNG_COMPRESSION, encodePngWith, type PngCompression } from './png-encode.js';

export * from './types.js';
export * from './errors.js';
export * from './random.js';
export * from './srgb.js';
export * from './resample.js';
export { DEFAULT_PNG_COMPRESSION, isPngCompression, type PngCompression } from './png-encode.js';
export type { DecodedPng } from './png-decode.js';

/** Decodes PNG bytes to a planar float image in [0,1] (as decodePngImage on the server); throws Error. */
export function decodePngBrowser(bytes: Uint8Array, space: ColorSpace = 'srgb'): DecodedPng {
  return decodePng(bytes, (data, expected) => unzlibSync(data, { out: new Uint8Array(expected) }), space);
}

/** Encodes a float image as an 8- or 16-bit PNG (as encodePngImage on the server; bytes may differ, pixels do not). */
export function encodePngBrowser(img: Image, bitDepth: 8 | 16 = 16, level: PngCompression = DEFAULT_PNG_COMPRESSION): Uint8Array {
  return encodePngWith(img, bitDepth, level, (data, lvl) => zlibSync(data, { level: lvl }));
}
