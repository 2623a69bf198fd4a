// Reads a PNG's size from its IHDR chunk without decoding, so that a dataset of thousands of
// 1680×1120 16-bit images can be validated at open time for the cost of 24 bytes per file.
import { closeSync, openSync, readSync } from 'node:fs';
import { InputError } from './errors.js';

/** Width and height of an image file, px. */
export interface PixelSize {
  readonly width: number;
  readonly height: number;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Size (px) of the PNG at `path` from its header; throws InputError naming the file when it is not a PNG. */
export function pngSize(path: string): PixelSize {
  const head = new Uint8Array(24);
  let got = 0;
  try {
    const fd = openSync(path, 'r');
    try {
      got = readSync(fd, head, 0, 24, 0);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    throw new InputError(path, `cannot read file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const isPng = got === 24 && SIGNATURE.every((b, i) => head[i] === b) && String.fromCharCode(...head.subarray(12, 16)) === 'IHDR';
  if (!isPng) throw new InputError(path, 'not a PNG file (no PNG signature and IHDR header)');
  const view = new DataView(head.buffer);
  const size = { width: view.getUint32(16), height: view.getUint32(20) };
  if (size.width === 0 || size.height === 0) throw new InputError(path, `PNG header declares ${size.width}x${size.height} px (a PNG has at least 1x1)`);
  return size;
}
