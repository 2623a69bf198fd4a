// PNG container level (ISO/IEC 15948 §5): the signature, chunks and their CRC-32. Pure TypeScript:
// no Node imports, so the browser build shares it.

/** The eight bytes every PNG file starts with. */
export const PNG_SIGNATURE: Uint8Array = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

// Slicing-by-8 tables: TABLES[k][b] is the CRC register after byte b followed by k zero bytes,
// so eight bytes fold into the register with eight lookups and no carried dependency between
// them (about 4× the byte-at-a-time loop on 16-bit 1080p files).
const TABLES = ((): Uint32Array => {
  const t = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  for (let k = 1; k < 8; k++) for (let n = 0; n < 256; n++) t[k * 256 + n] = (t[(k - 1) * 256 + n]! >>> 8) ^ t[t[(k - 1) * 256 + n]! & 0xff]!;
  return t;
})();

/** CRC-32 (the PNG/zlib polynomial) of bytes[start, end), as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const t = TABLES;
  let c = 0xffffffff;
  let i = start;
  for (; i + 8 <= end; i += 8) {
    const lo = c ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    c =
      t[7 * 256 + (lo & 0xff)]! ^ t[6 * 256 + ((lo >>> 8) & 0xff)]! ^ t[5 * 256 + ((lo >>> 16) & 0xff)]! ^ t[4 * 256 + (lo >>> 24)]! ^
      t[3 * 256 + bytes[i + 4]!]! ^ t[2 * 256 + bytes[i + 5]!]! ^ t[256 + bytes[i + 6]!]! ^ t[bytes[i + 7]!]!;
  }
  for (; i < end; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One chunk: its four-letter type and a view of its data (no copy). */
export interface PngChunk {
  readonly type: string;
  readonly data: Uint8Array;
}

/**
 * Splits PNG bytes into chunks, checking the signature, every length and every CRC, and that the
 * file ends with IEND. Throws Error with a one-line reason; the caller adds the file name.
 */
export function readChunks(bytes: Uint8Array): PngChunk[] {
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) throw new Error('not a PNG file (bad signature)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: PngChunk[] = [];
  let pos = 8;
  for (;;) {
    if (pos + 12 > bytes.length) throw new Error(`file is truncated (no IEND chunk; ${bytes.length} bytes)`);
    const length = view.getUint32(pos);
    const typeBytes = bytes.subarray(pos + 4, pos + 8);
    const type = String.fromCharCode(...typeBytes);
    if (!/^[A-Za-z]{4}$/.test(type)) throw new Error(`malformed chunk type at byte ${pos + 4}`);
    if (length > 0x7fffffff || pos + 12 + length > bytes.length) throw new Error(`chunk ${type} at byte ${pos} runs past the end of the file (truncated?)`);
    const crc = view.getUint32(pos + 8 + length);
    if (crc32(bytes, pos + 4, pos + 8 + length) !== crc) throw new Error(`chunk ${type} at byte ${pos} fails its CRC check (corrupt file)`);
    chunks.push({ type, data: bytes.subarray(pos + 8, pos + 8 + length) });
    pos += 12 + length;
    if (type === 'IEND') return chunks;
  }
}

/** Concatenates the signature and the given chunks (each gets its length and CRC) into a PNG file. */
export function writeChunks(chunks: readonly PngChunk[]): Uint8Array {
  let size = 8;
  for (const c of chunks) size += 12 + c.data.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(PNG_SIGNATURE, 0);
  let pos = 8;
  for (const c of chunks) {
    view.setUint32(pos, c.data.length);
    for (let i = 0; i < 4; i++) out[pos + 4 + i] = c.type.charCodeAt(i);
    out.set(c.data, pos + 8);
    view.setUint32(pos + 8 + c.data.length, crc32(out, pos + 4, pos + 8 + c.data.length));
    pos += 12 + c.data.length;
  }
  return out;
}
