// PNG encoding of float images: quantize with rounding, filter rows, and wrap a zlib stream in
// chunks. Pure TypeScript: the deflater is passed in (Node's native zlib on the server, a pure-JS
// one in the browser), and the two halves are exported apart so that Node can deflate several
// images at once off the main thread.
import { writeChunks } from './png-chunks.js';
import type { Image } from './types.js';

/** zlib compression level 0–9: 0 stores (fastest, largest), 9 compresses hardest. */
export type PngCompression = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/**
 * Default level: 1, the fastest that compresses. On 16-bit renders the low bytes are noise-like:
 * level 6 saved 1–6 % of the file size of the blurred views for 2–4× the deflate time (1080p
 * frames, this project's machines).
 */
export const DEFAULT_PNG_COMPRESSION: PngCompression = 1;

/** Compresses bytes into a zlib stream at `level`. */
export type Deflate = (data: Uint8Array, level: PngCompression) => Uint8Array;

/** A PNG before compression: its header fields and the filtered scanlines (one filter byte each). */
export interface FilteredPng {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly bitDepth: 8 | 16;
  readonly scanlines: Uint8Array;
}

/** Whether `level` is a valid zlib level (a whole number 0–9). */
export function isPngCompression(level: number): level is PngCompression {
  return Number.isInteger(level) && level >= 0 && level <= 9;
}

/**
 * Quantizes a float image to 8 or 16 bits (clamped to [0,1], rounded, never truncated) and
 * filters its rows: no filter at level 0 (storing is about speed), otherwise the Sub filter
 * (§9.2, each byte minus the same byte of the pixel to its left). On 16-bit renders Sub gave
 * files 5–10 % smaller than Up, Average, Paeth or the usual per-row minimum-sum choice (which
 * picks Paeth there), at the cost of one subtraction. 1 or 3 channels.
 */
export function filterPng(img: Image, bitDepth: 8 | 16, level: PngCompression): FilteredPng {
  const { width, height, channels } = img;
  if (channels !== 1 && channels !== 3) throw new RangeError(`encodePng: ${channels} channels (expected 1 or 3)`);
  const bytes = bitDepth / 8;
  const stride = width * channels * bytes;
  const n = width * height;
  const max = bitDepth === 16 ? 65535 : 255;
  const src = img.data;
  const out = new Uint8Array(height * (stride + 1));
  const sub = level !== 0;
  // Quantize, interleave (big-endian for 16 bits) and filter in one pass per channel: the Sub
  // filter of a byte only needs the same byte of the previous pixel, kept in `prevHi`/`prevLo`.
  for (let y = 0; y < height; y++) {
    const base = y * (stride + 1);
    out[base] = sub ? 1 : 0;
    for (let c = 0; c < channels; c++) {
      const plane = c * n + y * width;
      let prevHi = 0;
      let prevLo = 0;
      let o = base + 1 + c * bytes;
      const step = channels * bytes;
      for (let x = 0; x < width; x++, o += step) {
        const v = src[plane + x]!;
        // (x + 0.5) | 0 is Math.round(x) for 0 < x < 65535 (x = v·max is exact in a double), without the call.
        const q = v >= 1 ? max : v > 0 ? (v * max + 0.5) | 0 : 0; // NaN → 0
        if (bytes === 2) {
          const hi = q >> 8;
          const lo = q & 0xff;
          out[o] = hi - prevHi; // Uint8Array stores modulo 256, as the filter wants
          out[o + 1] = lo - prevLo;
          if (sub) {
            prevHi = hi;
            prevLo = lo;
          }
        } else {
          out[o] = q - prevLo;
          if (sub) prevLo = q;
        }
      }
    }
  }
  return { width, height, channels, bitDepth, scanlines: out };
}

/** Wraps a filtered PNG's compressed scanlines (a zlib stream) in IHDR, IDAT and IEND chunks. */
export function assemblePng(png: Omit<FilteredPng, 'scanlines'>, zlibStream: Uint8Array): Uint8Array {
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, png.width);
  v.setUint32(4, png.height);
  ihdr[8] = png.bitDepth;
  ihdr[9] = png.channels === 3 ? 2 : 0;
  // Bytes 10–12: deflate, adaptive filtering, no interlace.
  const idat = [];
  const MAX_CHUNK = 1 << 30;
  for (let o = 0; o < zlibStream.length; o += MAX_CHUNK) idat.push({ type: 'IDAT', data: zlibStream.subarray(o, o + MAX_CHUNK) });
  return writeChunks([{ type: 'IHDR', data: ihdr }, ...idat, { type: 'IEND', data: new Uint8Array(0) }]);
}

/** Encodes a float image (1 or 3 channels) as an 8- or 16-bit PNG with the given deflater. */
export function encodePngWith(img: Image, bitDepth: 8 | 16, level: PngCompression, deflate: Deflate): Uint8Array {
  const f = filterPng(img, bitDepth, level);
  return assemblePng(f, deflate(f.scanlines, level));
}
