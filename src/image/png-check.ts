// An integrity check of a PNG's image data that fast-png does not make: its inflate ignores a
// wrong zlib (Adler-32) checksum, so a damaged IDAT with repaired chunk CRCs decoded to wrong
// pixels with success. Node's zlib verifies the stream; it runs natively, a small cost next to decoding.
import { inflateSync } from 'node:zlib';
import { InputError } from './errors.js';

/** Throws InputError naming `source` unless the concatenated IDAT data is one intact zlib stream. */
export function checkPngImageData(bytes: Uint8Array, source: string): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: Uint8Array[] = [];
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!, bytes[at + 6]!, bytes[at + 7]!);
    if (at + 12 + length > bytes.length) break; // the decoder reports the truncation
    if (type === 'IDAT') parts.push(bytes.subarray(at + 8, at + 8 + length));
    if (type === 'IEND') break;
    at += 12 + length;
  }
  if (parts.length === 0) return;
  try {
    inflateSync(Buffer.concat(parts));
  } catch (err) {
    throw new InputError(source, `damaged PNG image data (${(err as Error).message})`);
  }
}
