// PNG decoding (ISO/IEC 15948): every colour type and bit depth, palettes, Adam7 interlacing, to a
// planar float image. Pure TypeScript: the zlib inflater is passed in (Node's native one on the
// server, a pure-JS one in the browser).
import { readChunks } from './png-chunks.js';
import type { ColorSpace, Image } from './types.js';

/** Inflates a zlib stream; `expected` is the decoded size the caller needs (bytes). */
export type Inflate = (data: Uint8Array, expected: number) => Uint8Array;

/** What decodePng returns: the image and the bit depth its float values were scaled from. */
export interface DecodedPng {
  readonly image: Image;
  /**
   * 16 for 16-bit files, 8 otherwise: palettes are 8-bit colours, and 1/2/4-bit grey values are
   * scaled exactly as if expanded to 8 bits by bit replication (v·255/(2^d−1)), as libpng does.
   */
  readonly bitDepth: 8 | 16;
}

/** Samples per pixel of each PNG colour type. */
const SAMPLES: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Allowed bit depths of each colour type (PNG spec, Table 11.1). */
const DEPTHS: Readonly<Record<number, readonly number[]>> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

/** Adam7 passes: x0, y0, dx, dy. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

interface Header {
  readonly width: number;
  readonly height: number;
  readonly depth: number;
  readonly colourType: number;
  readonly interlaced: boolean;
}

function readHeader(data: Uint8Array): Header {
  if (data.length !== 13) throw new Error(`IHDR chunk has ${data.length} bytes (expected 13)`);
  const v = new DataView(data.buffer, data.byteOffset, 13);
  const width = v.getUint32(0);
  const height = v.getUint32(4);
  const depth = data[8]!;
  const colourType = data[9]!;
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) throw new Error(`invalid image size ${width}x${height}`);
  const allowed = DEPTHS[colourType];
  if (allowed === undefined) throw new Error(`invalid colour type ${colourType}`);
  if (!allowed.includes(depth)) throw new Error(`bit depth ${depth} is invalid for colour type ${colourType}`);
  if (data[10] !== 0 || data[11] !== 0) throw new Error('unknown compression or filter method');
  if (data[12]! > 1) throw new Error(`unknown interlace method ${data[12]}`);
  return { width, height, depth, colourType, interlaced: data[12] === 1 };
}

/** Float value of every code 0..2^depth−1 (code / max, computed once per depth). */
const scaleTables = new Map<number, Float32Array>();
function scaleTable(depth: number): Float32Array {
  let t = scaleTables.get(depth);
  if (!t) {
    const max = 2 ** depth - 1;
    t = new Float32Array(max + 1);
    for (let i = 0; i <= max; i++) t[i] = i / max;
    scaleTables.set(depth, t);
  }
  return t;
}

/** Reverses the five PNG row filters (§9.2) in place: row = this scanline, prev = the one above. */
function unfilter(type: number, row: Uint8Array, prev: Uint8Array, bpp: number): void {
  const n = row.length;
  switch (type) {
    case 0:
      return;
    case 1:
      for (let i = bpp; i < n; i++) row[i] = (row[i]! + row[i - bpp]!) & 0xff;
      return;
    case 2:
      for (let i = 0; i < n; i++) row[i] = (row[i]! + prev[i]!) & 0xff;
      return;
    case 3:
      for (let i = 0; i < bpp; i++) row[i] = (row[i]! + (prev[i]! >> 1)) & 0xff;
      for (let i = bpp; i < n; i++) row[i] = (row[i]! + ((row[i - bpp]! + prev[i]!) >> 1)) & 0xff;
      return;
    case 4:
      for (let i = 0; i < bpp; i++) row[i] = (row[i]! + prev[i]!) & 0xff;
      for (let i = bpp; i < n; i++) {
        const a = row[i - bpp]!;
        const b = prev[i]!;
        const c = prev[i - bpp]!;
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        row[i] = (row[i]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 0xff;
      }
      return;
    default:
      throw new Error(`unknown row filter type ${type}`);
  }
}

/**
 * Decodes PNG bytes into a planar float image in [0,1]: grey types give one channel, colour and
 * palette types three. Alpha (an alpha channel or a tRNS chunk) is ignored, as OpenCV's imread
 * does by default: dualpix works on opaque photographs. Throws Error with a one-line reason.
 */
export function decodePng(bytes: Uint8Array, inflate: Inflate, space: ColorSpace = 'srgb'): DecodedPng {
  const chunks = readChunks(bytes);
  if (chunks[0]?.type !== 'IHDR') throw new Error('first chunk is not IHDR');
  const hdr = readHeader(chunks[0].data);
  let palette: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  for (const c of chunks.slice(1)) {
    if (c.type === 'IDAT') idat.push(c.data);
    else if (c.type === 'PLTE') {
      if (c.data.length === 0 || c.data.length % 3 !== 0 || c.data.length > 768) throw new Error(`PLTE chunk has ${c.data.length} bytes (expected 3 to 768, a multiple of 3)`);
      palette = c.data;
    } else if (c.type === 'IHDR') throw new Error('more than one IHDR chunk');
    // An unknown critical chunk (upper-case first letter) changes how the image reads: refuse it.
    else if (c.type !== 'IEND' && c.type.charCodeAt(0) < 97) throw new Error(`unknown critical chunk ${c.type}`);
  }
  if (hdr.colourType === 3 && palette === null) throw new Error('palette image without a PLTE chunk');
  if (idat.length === 0) throw new Error('no image data (IDAT chunk)');
  const spp = SAMPLES[hdr.colourType]!;
  const bitsPerPixel = spp * hdr.depth;
  const bpp = Math.max(1, bitsPerPixel >> 3);
  const passes = hdr.interlaced ? ADAM7 : ([[0, 0, 1, 1]] as const);
  let expected = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const pw = Math.ceil((hdr.width - x0) / dx);
    const ph = Math.ceil((hdr.height - y0) / dy);
    if (pw > 0 && ph > 0) expected += ph * (1 + Math.ceil((pw * bitsPerPixel) / 8));
  }
  let zdata: Uint8Array;
  if (idat.length === 1) zdata = idat[0]!;
  else {
    zdata = new Uint8Array(idat.reduce((s, d) => s + d.length, 0));
    let o = 0;
    for (const d of idat) {
      zdata.set(d, o);
      o += d.length;
    }
  }
  let raw: Uint8Array;
  try {
    raw = inflate(zdata, expected);
  } catch (err) {
    throw new Error(`compressed image data is corrupt (${(err as Error).message})`);
  }
  if (raw.length < expected) throw new Error(`image data is truncated (${raw.length} of ${expected} bytes)`);

  const { width, height, depth } = hdr;
  const n = width * height;
  const grey = hdr.colourType === 0 || hdr.colourType === 4;
  const channels = grey ? 1 : 3;
  const out = new Float32Array(n * channels);
  const table = scaleTable(hdr.colourType === 3 ? 8 : depth);
  const pal = palette;
  const palSize = pal ? pal.length / 3 : 0;
  const mask = (1 << depth) - 1;
  let pos = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const pw = Math.ceil((width - x0) / dx);
    const ph = Math.ceil((height - y0) / dy);
    if (pw <= 0 || ph <= 0) continue;
    const rowBytes = Math.ceil((pw * bitsPerPixel) / 8);
    let prev: Uint8Array = new Uint8Array(rowBytes);
    for (let py = 0; py < ph; py++) {
      const type = raw[pos]!;
      const row = raw.subarray(pos + 1, pos + 1 + rowBytes);
      pos += 1 + rowBytes;
      unfilter(type, row, prev, bpp);
      prev = row;
      const o0 = (y0 + py * dy) * width + x0;
      if (pal) {
        for (let px = 0, o = o0; px < pw; px++, o += dx) {
          const bit = px * depth;
          const code = depth === 8 ? row[px]! : (row[bit >> 3]! >> (8 - depth - (bit & 7))) & mask;
          if (code >= palSize) throw new Error(`palette index ${code} at pixel (${o % width}, ${Math.floor(o / width)}) is outside the ${palSize}-colour palette`);
          out[o] = table[pal[3 * code]!]!;
          out[n + o] = table[pal[3 * code + 1]!]!;
          out[2 * n + o] = table[pal[3 * code + 2]!]!;
        }
      } else {
        // One colour channel at a time: the inner loops stay free of per-sample branches.
        for (let c = 0; c < channels; c++) {
          const plane = c * n;
          if (depth === 8) {
            for (let px = 0, o = o0, i = c; px < pw; px++, o += dx, i += spp) out[plane + o] = table[row[i]!]!;
          } else if (depth === 16) {
            for (let px = 0, o = o0, i = 2 * c; px < pw; px++, o += dx, i += 2 * spp) out[plane + o] = table[(row[i]! << 8) | row[i + 1]!]!;
          } else {
            // Sub-byte depths occur only with one sample per pixel.
            for (let px = 0, o = o0; px < pw; px++, o += dx) {
              const bit = px * depth;
              out[plane + o] = table[(row[bit >> 3]! >> (8 - depth - (bit & 7))) & mask]!;
            }
          }
        }
      }
    }
  }
  return { image: { width, height, channels, data: out, space }, bitDepth: depth === 16 ? 16 : 8 };
}
