// Image sizes read from file headers only, so that a whole source can be checked before rendering.
import { closeSync, openSync, readSync } from 'node:fs';
import { extname } from 'node:path';
import { InputError } from '../../image/index.js';
import type { FileFrame } from './sources.js';

/** Width and height in px of a PNG, PFM or NPY file, from its first bytes; throws InputError naming the file. */
export function headerSize(path: string): { width: number; height: number } {
  const head = readHead(path, 512);
  const ext = extname(path).toLowerCase();
  if (ext === '.png') {
    const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
    if (head.length < 24 || sig.some((b, i) => head[i] !== b)) throw new InputError(path, 'not a PNG file');
    const v = new DataView(head.buffer, head.byteOffset, head.byteLength);
    return { width: v.getUint32(16), height: v.getUint32(20) };
  }
  const text = new TextDecoder('latin1').decode(head);
  if (ext === '.pfm') {
    const m = /^P[Ff]\s+(\d+)\s+(\d+)\s/.exec(text);
    if (!m) throw new InputError(path, 'not a PFM file');
    return { width: Number(m[1]), height: Number(m[2]) };
  }
  if (ext === '.npy') {
    const m = /'shape'\s*:\s*\(\s*(\d+)\s*,\s*(\d+)/.exec(text);
    if (!text.startsWith('\x93NUMPY') || !m) throw new InputError(path, 'not a .npy file with a (H, W) shape');
    return { width: Number(m[2]), height: Number(m[1]) };
  }
  throw new InputError(path, `unsupported file type "${ext}"`);
}

/** Throws InputError naming the depth file when its size differs from its RGB frame's. */
export function checkFrameSizes(frames: readonly FileFrame[]): void {
  for (const f of frames) {
    const a = headerSize(f.rgb);
    const b = headerSize(f.depth);
    if (a.width !== b.width || a.height !== b.height) {
      throw new InputError(f.depth, `depth map is ${b.width}x${b.height} px but its image ${f.rgb} is ${a.width}x${a.height} px`);
    }
  }
}

function readHead(path: string, n: number): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new InputError(path, `cannot read file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    const buf = new Uint8Array(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}
