// PNG encoding of float images: quantize with rounding, filter rows, and wrap a zlib stream in
// chunks. Pure TypeScript: the deflater is passed in (Node's native zlib on the server, a pure-JS
// one in the browser), and the two halves are exported apart so that Node can deflate several
// images at once off the main thread.
import { writeChunks } from './png-chunks.js';
import type { Image } from './types.js';

/** zlib compression level 0–9: 0 stores (fastest, largest), 9 compresses hardest. */
export type PngCompression = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/** Default level: about the smallest files of levels 1–9 on 16-bit photographs at a fraction of 9's time. */
export const DEFAULT_PNG_COMPRESSION: PngCompression = 6;

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
 * filters its rows: at level 0 with no filter (storing is about speed), otherwise each row takes
 * the filter (None, Sub, Up or Paeth) whose output has the smallest sum of |signed bytes|, the
 * usual heuristic. 1 or 3 channels.
 */
export function filterPng(img: Image, bitDepth: 8 | 16, level: PngCompression): FilteredPng {
  const { width, height, channels } = img;
  if (channels !== 1 && channels !== 3) throw new RangeError(`encodePng: ${channels} channels (expected 1 or 3)`);
  const bpp = channels * (bitDepth / 8);
  const stride = width * bpp;
  const n = width * height;
  const max = bitDepth === 16 ? 65535 : 255;
  const src = img.data;
  const out = new Uint8Array(height * (stride + 1));
  let cur = new Uint8Array(stride);
  let prev = new Uint8Array(stride);
  const cand = [new Uint8Array(stride), new Uint8Array(stride), new Uint8Array(stride)];
  for (let y = 0; y < height; y++) {
    // Interleave and quantize this row (big-endian for 16 bits).
    for (let c = 0; c < channels; c++) {
      const plane = c * n + y * width;
      for (let x = 0; x < width; x++) {
        const v = src[plane + x]!;
        const q = Math.round((v > 1 ? 1 : v > 0 ? v : 0) * max);
        if (bitDepth === 16) {
          const o = 2 * (x * channels + c);
          cur[o] = q >> 8;
          cur[o + 1] = q & 0xff;
        } else cur[x * channels + c] = q;
      }
    }
    const o = y * (stride + 1);
    if (level === 0) {
      out[o] = 0;
      out.set(cur, o + 1);
    } else {
      const [sub, up, paeth] = cand as [Uint8Array, Uint8Array, Uint8Array];
      let sNone = 0;
      let sSub = 0;
      let sUp = 0;
      let sPaeth = 0;
      for (let i = 0; i < stride; i++) {
        const x = cur[i]!;
        const a = i >= bpp ? cur[i - bpp]! : 0;
        const b = prev[i]!;
        const c = i >= bpp ? prev[i - bpp]! : 0;
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        const pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        const vs = (x - a) & 0xff;
        const vu = (x - b) & 0xff;
        const vp = (x - pred) & 0xff;
        sub[i] = vs;
        up[i] = vu;
        paeth[i] = vp;
        // |signed byte|: values ≥ 128 stand for negative differences.
        sNone += x < 128 ? x : 256 - x;
        sSub += vs < 128 ? vs : 256 - vs;
        sUp += vu < 128 ? vu : 256 - vu;
        sPaeth += vp < 128 ? vp : 256 - vp;
      }
      let best = 0;
      let bestSum = sNone;
      if (sSub < bestSum) [best, bestSum] = [1, sSub];
      if (sUp < bestSum) [best, bestSum] = [2, sUp];
      if (sPaeth < bestSum) [best, bestSum] = [4, sPaeth];
      out[o] = best;
      out.set(best === 0 ? cur : best === 1 ? sub : best === 2 ? up : paeth, o + 1);
    }
    [cur, prev] = [prev, cur];
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
