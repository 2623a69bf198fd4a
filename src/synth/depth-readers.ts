// Depth map readers: 16-bit PNG with a scale, SYNTHIA's RGB encoding, PFM and NPY, all to metres.
import { extname } from 'node:path';
import { InputError, readNpy, readPfm, readPng, type FloatMap, type Image, ParameterError } from '../image/index.js';

/** Depth file encodings; `auto` picks by extension and, for PNG, by bit depth and channels. */
export type DepthFormat = 'auto' | 'png16' | 'synthia' | 'pfm' | 'npy';

/** Options of readDepth: the format and a scale (metres per stored unit). */
export interface DepthReadOptions {
  readonly format?: DepthFormat;
  /** Multiplies the decoded values: metres per code for png16 (default 0.001, i.e. millimetres), 1 for the others. */
  readonly scale?: number;
}

/** Default metres per code of a 16-bit PNG depth map (millimetres, the common RGB-D convention). */
export const DEFAULT_PNG16_SCALE = 0.001;

/** SYNTHIA's depth range (m) at the largest code. */
const SYNTHIA_FAR_M = 1000;

/**
 * Decodes SYNTHIA's RGB depth encoding from an 8-bit RGB image (values k/255):
 * depth_m = 1000·(R + 256·G + 65536·B)/(256³ − 1) with R, G, B the 8-bit codes.
 */
export function decodeSynthiaDepth(img: Image): FloatMap {
  if (img.channels !== 3) throw new RangeError(`decodeSynthiaDepth: expected 3 channels, got ${img.channels}`);
  const n = img.width * img.height;
  const out = new Float32Array(n);
  const d = img.data;
  for (let i = 0; i < n; i++) {
    const r = Math.round(d[i]! * 255);
    const g = Math.round(d[n + i]! * 255);
    const b = Math.round(d[2 * n + i]! * 255);
    out[i] = (SYNTHIA_FAR_M * (r + 256 * g + 65536 * b)) / (256 ** 3 - 1);
  }
  return { width: img.width, height: img.height, data: out };
}

function formatOf(path: string, format: DepthFormat, pngBits: () => { bits: 8 | 16; channels: number }): Exclude<DepthFormat, 'auto'> {
  if (format !== 'auto') return format;
  const ext = extname(path).toLowerCase();
  if (ext === '.pfm') return 'pfm';
  if (ext === '.npy') return 'npy';
  if (ext === '.png') {
    const { bits, channels } = pngBits();
    if (bits === 16) return 'png16';
    if (channels === 3) return 'synthia';
    throw new InputError(path, 'an 8-bit grey PNG does not say how it encodes depth; convert it to 16-bit, PFM or NPY, or pass --depth-format');
  }
  throw new InputError(path, `cannot tell the depth format from the extension "${ext}"; expected .png, .pfm or .npy, or pass --depth-format`);
}

/**
 * Reads a depth map in metres. Throws InputError naming the file when it cannot be read, has the
 * wrong encoding, or holds a depth that is NaN, zero or negative (+Infinity is allowed: sky).
 */
export function readDepth(path: string, opts: DepthReadOptions = {}): FloatMap {
  const format = opts.format ?? 'auto';
  if (opts.scale !== undefined && !(Number.isFinite(opts.scale) && opts.scale > 0)) {
    throw new ParameterError('opts.scale', `expected a positive number of metres per unit, got ${opts.scale}`);
  }
  let png: { image: Image; bitDepth: 8 | 16 } | null = null;
  const loadPng = (): { image: Image; bitDepth: 8 | 16 } => (png ??= readPng(path));
  const kind = formatOf(path, format, () => {
    const p = loadPng();
    return { bits: p.bitDepth, channels: p.image.channels };
  });
  let map: FloatMap;
  let scale = opts.scale ?? 1;
  if (kind === 'png16') {
    const { image, bitDepth } = loadPng();
    if (bitDepth !== 16) throw new InputError(path, `expected a 16-bit PNG depth map, got ${bitDepth}-bit`);
    const n = image.width * image.height;
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = Math.round(image.data[i]! * 65535);
    map = { width: image.width, height: image.height, data };
    scale = opts.scale ?? DEFAULT_PNG16_SCALE;
  } else if (kind === 'synthia') {
    const { image, bitDepth } = loadPng();
    if (bitDepth !== 8 || image.channels !== 3) {
      throw new InputError(path, `expected SYNTHIA's 8-bit RGB depth encoding, got a ${bitDepth}-bit ${image.channels === 3 ? 'RGB' : 'grey'} PNG`);
    }
    map = decodeSynthiaDepth(image);
  } else if (kind === 'pfm') {
    const img = readPfm(path);
    if (img.channels !== 1) throw new InputError(path, `expected a single-channel PFM (Pf) depth map, got ${img.channels} channels`);
    map = { width: img.width, height: img.height, data: img.data };
  } else if (kind === 'npy') {
    map = readNpy(path);
  } else {
    throw new ParameterError('opts.format', `unknown depth format "${String(kind)}"; expected auto, png16, synthia, pfm or npy`);
  }
  const d = map.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]! * scale;
    if (!(v > 0)) {
      const x = i % map.width;
      const y = (i - x) / map.width;
      throw new InputError(path, `expected positive depths, got ${v} m at pixel (${x}, ${y})`);
    }
    d[i] = v;
  }
  return map;
}
