import type { FloatMap } from './types.js';
import { InputError } from './errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { readInputFile } from './read-file.js';

/**
 * Decodes a NumPy .npy array (format 1.0–3.0; float32/float64/uint8/uint16, either byte order,
 * C order) of shape (H, W) or (H, W, 1) into a float map.
 */
export function decodeNpy(bytes: Uint8Array, source: string): FloatMap {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || magic.some((b, i) => bytes[i] !== b)) throw new InputError(source, 'not a .npy file');
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major >= 2 ? view.getUint32(8, true) : view.getUint16(8, true);
  const headerStart = major >= 2 ? 12 : 10;
  const header = new TextDecoder().decode(bytes.subarray(headerStart, headerStart + headerLen));
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*True/.test(header);
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || shapeText === undefined) throw new InputError(source, 'malformed .npy header');
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  if (fortran) throw new InputError(source, '.npy in Fortran order is not supported (save with C order)');
  if (shape.length < 2 || shape.length > 3 || (shape.length === 3 && shape[2] !== 1)) {
    throw new InputError(source, `.npy shape (${shape.join(', ')}) is not a single-channel map (H, W)`);
  }
  const [height, width] = shape as [number, number];
  if (!(Number.isSafeInteger(height) && Number.isSafeInteger(width) && height > 0 && width > 0)) {
    throw new InputError(source, `.npy shape (${shapeText.trim()}) is not a map of at least 1x1 px`);
  }
  const n = width * height;
  const little = descr[0] !== '>';
  const kind = descr.slice(1);
  const size = { f4: 4, f8: 8, u1: 1, u2: 2 }[kind];
  if (size === undefined) throw new InputError(source, `.npy dtype '${descr}' is not supported (float32, float64, uint8, uint16)`);
  const offset = headerStart + headerLen;
  if (bytes.length - offset < n * size) throw new InputError(source, '.npy data truncated');
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const at = offset + i * size;
    out[i] =
      kind === 'f4' ? view.getFloat32(at, little) : kind === 'f8' ? view.getFloat64(at, little) : kind === 'u2' ? view.getUint16(at, little) : view.getUint8(at);
  }
  return { width, height, data: out };
}

/** Reads a .npy file into a float map (see decodeNpy). */
export function readNpy(path: string): FloatMap {
  return decodeNpy(readInputFile(path), path);
}

/** Encodes a float map as a little-endian float32 .npy (format 1.0), shape (H, W). */
export function encodeNpy(map: FloatMap): Uint8Array {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${map.height}, ${map.width}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + map.data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(map.data.buffer, map.data.byteOffset, map.data.byteLength), 10 + header.length);
  return out;
}

/** Writes a float map as .npy atomically. */
export function writeNpy(path: string, map: FloatMap): void {
  writeFileAtomic(path, encodeNpy(map));
}
