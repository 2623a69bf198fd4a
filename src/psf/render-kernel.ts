// Pictures and JSON of a DP kernel triple (left, right, combined) for `dualpix psf`.
import { createImage, type Image } from '../image/index.js';
import { viridis } from './colormap.js';
import type { DpKernel } from './kernel.js';

/** Options of renderPsfTriple: colour map and integer upscale factor (px per kernel pixel). */
export interface PsfPictureOptions {
  readonly colormap?: 'viridis' | 'grey';
  readonly scale?: number;
}

const GAP_PX = 4;
const GAP_VALUE = 1;

/**
 * Renders left | right | combined (= left + right) side by side as an sRGB RGB image, each panel
 * upscaled by nearest neighbour (default: the smallest integer making a panel ≥ 128 px), with
 * 4 px white gaps. One shared scale, set by the combined kernel's peak, maps values to [0, 1],
 * so the views read as half as bright as the combined PSF, as they are.
 */
export function renderPsfTriple(kernel: DpKernel, opts: PsfPictureOptions = {}): Image {
  const { size } = kernel;
  const scale = opts.scale ?? Math.max(1, Math.ceil(128 / size));
  if (!(Number.isInteger(scale) && scale >= 1)) throw new RangeError(`renderPsfTriple: expected an integer scale >= 1, got ${scale}`);
  const combined = combinedKernel(kernel);
  let peak = 0;
  for (let i = 0; i < combined.length; i++) peak = Math.max(peak, combined[i]!);
  const inv = peak > 0 ? 1 / peak : 0;
  const panel = size * scale;
  const width = 3 * panel + 2 * GAP_PX;
  const img = createImage(width, panel, 3, 'srgb');
  img.data.fill(GAP_VALUE);
  const plane = width * panel;
  const rgb = new Float32Array(3);
  const grey = opts.colormap === 'grey';
  const kernels = [kernel.left, kernel.right, combined];
  for (let p = 0; p < 3; p++) {
    const k = kernels[p]!;
    const x0 = p * (panel + GAP_PX);
    for (let y = 0; y < panel; y++) {
      const ky = Math.floor(y / scale) * size;
      for (let x = 0; x < panel; x++) {
        const t = k[ky + Math.floor(x / scale)]! * inv;
        if (grey) rgb.fill(t);
        else viridis(t, rgb);
        const o = y * width + x0 + x;
        img.data[o] = rgb[0]!;
        img.data[plane + o] = rgb[1]!;
        img.data[2 * plane + o] = rgb[2]!;
      }
    }
  }
  return img;
}

/** The combined PSF H = H_l + H_r (Eq. 4's sum), size×size, ΣH = 1. */
export function combinedKernel(kernel: DpKernel): Float32Array {
  const out = new Float32Array(kernel.left.length);
  for (let i = 0; i < out.length; i++) out[i] = kernel.left[i]! + kernel.right[i]!;
  return out;
}

/** JSON description of a kernel triple; centroids in px from the kernel centre (x right, y down), to 1e-6 px. */
export interface PsfJson {
  radius: number;
  size: number;
  sum: { left: number; right: number; combined: number };
  centroid: { left: [number, number]; right: [number, number]; combined: [number, number] };
  peak: { left: number; right: number; combined: number };
  left: number[][];
  right: number[][];
  combined: number[][];
}

/** Describes a kernel as plain JSON-able numbers (values to 6 significant digits). */
export function psfToJson(kernel: DpKernel): PsfJson {
  const combined = combinedKernel(kernel);
  const k = { left: kernel.left, right: kernel.right, combined };
  return {
    radius: kernel.radius,
    size: kernel.size,
    sum: { left: round(sum(k.left)), right: round(sum(k.right)), combined: round(sum(combined)) },
    centroid: {
      left: centroid(k.left, kernel.size).map(roundPx) as [number, number],
      right: centroid(k.right, kernel.size).map(roundPx) as [number, number],
      combined: centroid(combined, kernel.size).map(roundPx) as [number, number],
    },
    peak: { left: round(max(k.left)), right: round(max(k.right)), combined: round(max(combined)) },
    left: rows(k.left, kernel.size),
    right: rows(k.right, kernel.size),
    combined: rows(combined, kernel.size),
  };
}

/** Mass-weighted centre of a centred size×size kernel, px from the centre, [x, y]. */
export function centroid(k: Float32Array, size: number): [number, number] {
  const c = (size - 1) / 2;
  let m = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const v = k[y * size + x]!;
      m += v;
      sx += v * (x - c);
      sy += v * (y - c);
    }
  }
  return m === 0 ? [0, 0] : [sx / m, sy / m];
}

function rows(k: Float32Array, size: number): number[][] {
  const out: number[][] = [];
  for (let y = 0; y < size; y++) out.push(Array.from(k.subarray(y * size, (y + 1) * size), round));
  return out;
}

function sum(k: Float32Array): number {
  let s = 0;
  for (let i = 0; i < k.length; i++) s += k[i]!;
  return s;
}

function max(k: Float32Array): number {
  let m = 0;
  for (let i = 0; i < k.length; i++) m = Math.max(m, k[i]!);
  return m;
}

// Centroids to a micro-pixel: float noise around an exact 0 should read as 0, not 1e-20.
function roundPx(v: number): number {
  return Math.round(v * 1e6) / 1e6 + 0;
}

function round(v: number): number {
  return v === 0 ? 0 : Number(v.toPrecision(6));
}
