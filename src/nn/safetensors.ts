import { InputError } from '../image/index.js';
import type { HostTensor } from './tensor.js';

/**
 * The safetensors format (huggingface/safetensors): 8-byte little-endian header length, a JSON
 * header mapping each name to { dtype, shape, data_offsets: [begin, end) } relative to the end
 * of the header, then the raw little-endian data. Only F32 tensors are written and read;
 * string metadata rides in "__metadata__". Python reads these files with `safetensors.numpy`.
 */
export interface Safetensors {
  readonly tensors: Map<string, HostTensor>;
  readonly metadata: Record<string, string>;
}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/** Encodes named float32 tensors (in the map's order) and string metadata as safetensors bytes. */
export function encodeSafetensors(tensors: ReadonlyMap<string, HostTensor>, metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, HeaderEntry | Record<string, string>> = {};
  if (Object.keys(metadata).length > 0) header['__metadata__'] = { ...metadata };
  let offset = 0;
  for (const [name, t] of tensors) {
    const n = t.shape.reduce((a, b) => a * b, 1);
    if (n !== t.data.length) throw new RangeError(`safetensors: '${name}' has shape [${t.shape.join(',')}] but ${t.data.length} values`);
    header[name] = { dtype: 'F32', shape: [...t.shape], data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  // The data section must start 8-byte aligned; the format allows trailing spaces in the header.
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const head = Buffer.from(json, 'utf8');
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const t of tensors.values()) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
  }
  return out;
}

/** Decodes safetensors bytes; `subject` (a file path) names the source in errors. */
export function decodeSafetensors(bytes: Uint8Array, subject = 'safetensors'): Safetensors {
  const bad = (detail: string): never => {
    throw new InputError(subject, `not a valid safetensors file: ${detail}`);
  };
  if (bytes.length < 8) bad('shorter than 8 bytes');
  const headLen = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  if (8 + headLen > bytes.length) bad(`header length ${headLen} exceeds file size ${bytes.length}`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 8, headLen).toString('utf8')) as Record<string, unknown>;
  } catch {
    return bad('header is not JSON');
  }
  const base = 8 + headLen;
  const tensors = new Map<string, HostTensor>();
  let metadata: Record<string, string> = {};
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = raw as Record<string, string>;
      continue;
    }
    const e = raw as HeaderEntry;
    if (e.dtype !== 'F32') bad(`'${name}' has dtype ${e.dtype}; only F32 is supported`);
    const [begin, end] = e.data_offsets;
    const n = e.shape.reduce((a, b) => a * b, 1);
    if (end - begin !== n * 4 || base + end > bytes.length) bad(`'${name}' data_offsets [${begin},${end}] do not fit shape [${e.shape.join(',')}]`);
    // Copy so that the tensor is 4-byte aligned and independent of the file buffer.
    const data = new Float32Array(n);
    new Uint8Array(data.buffer).set(bytes.subarray(base + begin, base + end));
    tensors.set(name, { data, shape: [...e.shape] });
  }
  return { tensors, metadata };
}
