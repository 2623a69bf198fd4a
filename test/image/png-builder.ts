// An independent PNG writer for tests: builds files of any colour type, bit depth, filter and
// interlace from explicit sample values, written straight from the PNG specification with a bit
// writer and Node's zlib.crc32, sharing no code with src/image.
import { crc32, deflateSync } from 'node:zlib';

/** What to build: `samples` holds spp values per pixel, row-major (spp from the colour type). */
export interface PngSpec {
  width: number;
  height: number;
  colourType: 0 | 2 | 3 | 4 | 6;
  depth: 1 | 2 | 4 | 8 | 16;
  samples: number[];
  palette?: [number, number, number][];
  trns?: number[];
  interlace?: boolean;
  /** Filter type of every row (0–4), or 'cycle' for row y using filter y % 5. */
  filter?: number | 'cycle';
}

export const SAMPLES_PER_PIXEL = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Packs one row of samples MSB first, `depth` bits each; a 16-bit sample is two bytes, big-endian. */
function packRow(values: number[], depth: number): number[] {
  if (depth === 16) return values.flatMap((v) => [v >> 8, v & 255]);
  if (depth === 8) return values;
  const bits: number[] = [];
  for (const v of values) for (let b = depth - 1; b >= 0; b--) bits.push((v >> b) & 1);
  while (bits.length % 8 !== 0) bits.push(0);
  const bytes: number[] = [];
  for (let i = 0; i < bits.length; i += 8) bytes.push(bits.slice(i, i + 8).reduce((acc, b) => acc * 2 + b, 0));
  return bytes;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

function filterRow(type: number, row: number[], prior: number[], bpp: number): number[] {
  return row.map((x, i) => {
    const a = i >= bpp ? row[i - bpp]! : 0;
    const b = prior[i] ?? 0;
    const c = i >= bpp ? (prior[i - bpp] ?? 0) : 0;
    const pred = [0, a, b, Math.floor((a + b) / 2), paeth(a, b, c)][type]!;
    return (x - pred + 256) % 256;
  });
}

/** Builds the PNG file described by `spec`. */
export function buildPng(spec: PngSpec): Uint8Array {
  const { width, height, colourType, depth } = spec;
  const spp = SAMPLES_PER_PIXEL[colourType];
  const bpp = Math.max(1, (spp * depth) / 8);
  const passes = spec.interlace
    ? [
        [0, 0, 8, 8],
        [4, 0, 8, 8],
        [0, 4, 4, 8],
        [2, 0, 4, 4],
        [0, 2, 2, 4],
        [1, 0, 2, 2],
        [0, 1, 1, 2],
      ]
    : [[0, 0, 1, 1]];
  const stream: number[] = [];
  let rowIndex = 0;
  for (const [x0, y0, dx, dy] of passes as [number, number, number, number][]) {
    const xs: number[] = [];
    for (let x = x0; x < width; x += dx) xs.push(x);
    let prior: number[] = [];
    for (let y = y0; y < height && xs.length > 0; y += dy) {
      const values = xs.flatMap((x) => spec.samples.slice((y * width + x) * spp, (y * width + x + 1) * spp));
      const row = packRow(values, depth);
      const type = spec.filter === 'cycle' ? rowIndex % 5 : (spec.filter ?? 0);
      stream.push(type, ...filterRow(type, row, prior, bpp));
      prior = row;
      rowIndex++;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([depth, colourType, 0, 0, spec.interlace ? 1 : 0], 8);
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)];
  if (spec.palette) parts.push(chunk('PLTE', Uint8Array.from(spec.palette.flat())));
  if (spec.trns) {
    const t = colourType === 3 ? Uint8Array.from(spec.trns) : Uint8Array.from(spec.trns.flatMap((v) => [v >> 8, v & 255]));
    parts.push(chunk('tRNS', t));
  }
  // Two IDAT chunks: decoders must concatenate them.
  const z = deflateSync(Uint8Array.from(stream));
  const cut = Math.floor(z.length / 2);
  parts.push(chunk('IDAT', z.subarray(0, cut)), chunk('IDAT', z.subarray(cut)), chunk('IEND', new Uint8Array(0)));
  return Uint8Array.from(Buffer.concat(parts));
}
