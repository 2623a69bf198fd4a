import type { FloatMap, Image } from './types.js';
import { InputError } from './errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { readInputFile } from './read-file.js';

/**
 * Encodes a float map or a 3-channel image as PFM: header "Pf"/"PF", "W H", scale (negative =
 * little-endian), then float32 rows from bottom to top, channels interleaved.
 */
export function encodePfm(src: FloatMap | Image): Uint8Array {
  const channels = 'channels' in src ? src.channels : 1;
  if (channels !== 1 && channels !== 3) throw new RangeError(`encodePfm: ${channels} channels (expected 1 or 3)`);
  const { width, height } = src;
  const header = new TextEncoder().encode(`${channels === 3 ? 'PF' : 'Pf'}\n${width} ${height}\n-1.0\n`);
  const body = new Float32Array(width * height * channels);
  const n = width * height;
  for (let y = 0; y < height; y++) {
    const row = height - 1 - y;
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) body[(row * width + x) * channels + c] = src.data[c * n + y * width + x]!;
    }
  }
  const out = new Uint8Array(header.length + body.byteLength);
  out.set(header, 0);
  out.set(new Uint8Array(body.buffer), header.length);
  if (!isLittleEndianHost()) throw new Error('encodePfm: big-endian hosts are not supported');
  return out;
}

/** Writes a PFM file atomically (see encodePfm). */
export function writePfm(path: string, src: FloatMap | Image): void {
  writeFileAtomic(path, encodePfm(src));
}

/** Decodes PFM bytes into a planar image (1 or 3 channels, rows top to bottom, linear light). */
export function decodePfm(bytes: Uint8Array, source: string): Image {
  let pos = 0;
  const token = (): string => {
    while (pos < bytes.length && isSpace(bytes[pos]!)) pos++;
    const start = pos;
    while (pos < bytes.length && !isSpace(bytes[pos]!)) pos++;
    return new TextDecoder().decode(bytes.subarray(start, pos));
  };
  const magic = token();
  if (magic !== 'PF' && magic !== 'Pf') throw new InputError(source, `not a PFM file (magic "${magic.slice(0, 8)}")`);
  const width = Number(token());
  const height = Number(token());
  const scale = Number(token());
  pos++; // exactly one whitespace byte ends the header
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0 || !Number.isFinite(scale) || scale === 0) {
    throw new InputError(source, 'malformed PFM header');
  }
  const channels = magic === 'PF' ? 3 : 1;
  const n = width * height;
  const need = n * channels * 4;
  if (bytes.length - pos < need) throw new InputError(source, `PFM data truncated (${bytes.length - pos} of ${need} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset + pos, need);
  const little = scale < 0;
  const out = new Float32Array(n * channels);
  for (let row = 0; row < height; row++) {
    const y = height - 1 - row;
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        out[c * n + y * width + x] = view.getFloat32(((row * width + x) * channels + c) * 4, little);
      }
    }
  }
  return { width, height, channels, data: out, space: 'linear' };
}

/** Reads a PFM file (see decodePfm). */
export function readPfm(path: string): Image {
  return decodePfm(readInputFile(path), path);
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

function isLittleEndianHost(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}
