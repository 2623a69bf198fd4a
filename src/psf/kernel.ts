// One DP kernel pair (left and right view PSFs) for a signed CoC radius.
import { butterworthLeft } from './butterworth.js';
import {
  checkPsfParams,
  checkRadius,
  DELTA_RADIUS_PX,
  type ButterworthParams,
  type PsfModel,
  type PsfOrientation,
} from './params.js';
import { translatingDiskLeft } from './translating-disk.js';

/**
 * Left and right DP view PSFs for one signed CoC radius (px). Each view is a square, odd-sized,
 * centred, row-major size×size array: `left[(y + c)·size + (x + c)]`, c = (size − 1)/2, is the
 * fraction of a point light's energy that lands at offset (x, y) px from it in the left view.
 * These are PSFs (images of a point): render by convolution, out(p) = Σ_q in(p − q)·K(q); a
 * correlation would need the kernel flipped, which swaps left and right. ΣL = ΣR = ½.
 */
export interface DpKernel {
  /** Signed CoC radius (px) the kernel was built for. */
  readonly radius: number;
  /** Side (px), odd. */
  readonly size: number;
  readonly left: Float32Array;
  readonly right: Float32Array;
}

/** Options of dpKernel and PsfBank: the PSF model and the view orientation. */
export interface DpKernelOptions {
  readonly model?: PsfModel;
  readonly orientation?: PsfOrientation;
}

/**
 * DP kernel pair for signed CoC radius `radius` px. For |r| < 0.5 px it is a delta split ½/½.
 * Reference orientation: for r > 0 the left view's mass is on the left half, for r < 0 on the
 * right (the views swap with the sign of r); H_r is always H_l mirrored about the vertical axis.
 */
export function dpKernel(radius: number, params: ButterworthParams, opts: DpKernelOptions = {}): DpKernel {
  checkRadius(radius);
  checkPsfParams(params);
  const a = Math.abs(radius);
  if (a < DELTA_RADIUS_PX) {
    return { radius, size: 1, left: Float32Array.of(0.5), right: Float32Array.of(0.5) };
  }
  const built = (opts.model ?? 'butterworth') === 'disk' ? translatingDiskLeft(a) : butterworthLeft(a, params);
  const { size } = built;
  const first = toHalfMass(built.left);
  const second = mirrorX(first, size);
  const swap = radius < 0 !== (opts.orientation === 'mirrored');
  return swap ? { radius, size, left: second, right: first } : { radius, size, left: first, right: second };
}

/** The kernel flipped about its vertical axis (columns reversed); size×size row-major. */
export function mirrorX(k: Float32Array, size: number): Float32Array {
  const out = new Float32Array(k.length);
  for (let y = 0; y < size; y++) {
    const row = y * size;
    for (let x = 0; x < size; x++) out[row + x] = k[row + size - 1 - x]!;
  }
  return out;
}

// Rescales in float64 before rounding to float32 so that ΣH_l = ½ holds to float32 precision.
function toHalfMass(k: Float64Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < k.length; i++) sum += k[i]!;
  const out = new Float32Array(k.length);
  const s = 0.5 / sum;
  for (let i = 0; i < k.length; i++) out[i] = k[i]! * s;
  return out;
}
