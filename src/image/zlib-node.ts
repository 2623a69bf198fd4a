// Node's native zlib behind the codec's Inflate/Deflate signatures (server only; the browser
// build binds the same codec to a pure-JS zlib in browser.ts).
import { deflate, deflateSync, inflateSync } from 'node:zlib';
import type { Inflate } from './png-decode.js';
import type { Deflate, PngCompression } from './png-encode.js';

/**
 * Inflates with Node's zlib, never past the size the header calls for: a stream that holds more
 * (a malformed file, or a zip bomb) is refused instead of filling memory.
 */
export const nodeInflate: Inflate = (data, expected) => {
  try {
    return inflateSync(data, { maxOutputLength: Math.max(expected, 1) });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new Error(`holds more image data than its size needs (${expected} bytes)`);
    throw err;
  }
};

/** Deflates with Node's zlib on the calling thread. */
export const nodeDeflate: Deflate = (data, level) => deflateSync(data, { level });

/** Deflates with Node's zlib on libuv's thread pool, so that several images compress at once. */
export function nodeDeflateAsync(data: Uint8Array, level: PngCompression): Promise<Uint8Array> {
  return new Promise((resolve, reject) => deflate(data, { level }, (err, out) => (err ? reject(err) : resolve(out))));
}
