// Per-layer convolution taps: each layer's DP kernel pair at the resolution the layer is blurred at.
import type { DpKernel } from '../psf/index.js';

/** Taps below this fraction of a view's largest tap are dropped (and the rest rescaled to keep the sum). */
const TAIL = 1e-3;

/** Supplies the DP kernel pair for a signed CoC radius (px); a PsfBank's `get` is one. */
export type KernelProvider = (radius: number) => DpKernel;

/**
 * Kernels of every layer, flattened for the band renderer (and shareable with workers). Layer i
 * is blurred on a grid of spacing `scale[i]` px with a (2·half[i]+1)² tap square per view: left
 * taps at `taps[offset[i] ..]`, right taps right after; `spans[spanOffset[i] + 2j ..]` holds the
 * first and last non-zero column of tap row j in either view (last < first: empty row).
 * Taps carry the view at the combined image's exposure: each view's taps sum to 2·½ = 1.
 */
export interface TapTable {
  readonly scale: Int32Array;
  readonly half: Int32Array;
  readonly offset: Int32Array;
  readonly spanOffset: Int32Array;
  readonly taps: Float32Array;
  readonly spans: Int32Array;
}

/**
 * Grid spacing (px) for blurring a layer of CoC radius r (px): 1 up to `detailRadius`, then
 * ⌈|r|/detailRadius⌉, so that every layer's kernel spans at most ~detailRadius grid cells.
 */
export function layerScale(r: number, detailRadius: number): number {
  return Math.max(1, Math.ceil(Math.abs(r) / detailRadius - 1e-9));
}

/**
 * Builds the tap table for layers of signed radii `radii` (px). A layer on a grid of spacing s
 * takes the kernel's values at multiples of s, K(s·J), rescaled to the fine kernel's sum: the
 * layer is splatted onto that grid as point masses (see render-band.ts), and a kernel smoothed
 * with σ = κ·r ≥ s (Eq. 3's smoothing) is well resolved at that spacing.
 */
export function buildTaps(radii: Float64Array, kernelOf: KernelProvider, detailRadius: number): TapTable {
  const n = radii.length;
  const scale = new Int32Array(n);
  const half = new Int32Array(n);
  const offset = new Int32Array(n);
  const spanOffset = new Int32Array(n);
  const kernels: DpKernel[] = [];
  let tapCount = 0;
  let rowCount = 0;
  for (let i = 0; i < n; i++) {
    const k = kernelOf(radii[i]!);
    if (!(k.size % 2 === 1 && k.left.length === k.size * k.size && k.right.length === k.size * k.size)) {
      throw new RangeError(`buildTaps: kernel for r=${radii[i]} px is not an odd square (size ${k.size})`);
    }
    kernels.push(k);
    const s = layerScale(radii[i]!, detailRadius);
    const hc = Math.floor((k.size - 1) / 2 / s);
    scale[i] = s;
    half[i] = hc;
    offset[i] = tapCount;
    spanOffset[i] = rowCount;
    tapCount += 2 * (2 * hc + 1) ** 2;
    rowCount += 2 * (2 * hc + 1);
  }
  const taps = new Float32Array(tapCount);
  const spans = new Int32Array(rowCount);
  for (let i = 0; i < n; i++) {
    const k = kernels[i]!;
    const s = scale[i]!;
    const hc = half[i]!;
    const side = 2 * hc + 1;
    const c = (k.size - 1) / 2;
    const views = [k.left, k.right];
    for (let v = 0; v < 2; v++) {
      const fine = views[v]!;
      const dst = offset[i]! + v * side * side;
      let fineSum = 0;
      for (let t = 0; t < fine.length; t++) fineSum += fine[t]!;
      let coarseSum = 0;
      for (let jy = 0; jy < side; jy++) {
        for (let jx = 0; jx < side; jx++) {
          const val = fine[(c + s * (jy - hc)) * k.size + c + s * (jx - hc)]!;
          taps[dst + jy * side + jx] = val;
          coarseSum += val;
        }
      }
      // Drop the far tails (taps below TAIL of the largest): the kernel square's corners and the
      // Gaussian skirt hold a negligible share of the mass but a fifth of the taps.
      let peak = 0;
      for (let t = 0; t < side * side; t++) peak = Math.max(peak, taps[dst + t]!);
      for (let t = 0; t < side * side; t++) {
        if (taps[dst + t]! < TAIL * peak) {
          coarseSum -= taps[dst + t]!;
          taps[dst + t] = 0;
        }
      }
      const gain = coarseSum > 0 ? (2 * fineSum) / coarseSum : 0;
      for (let t = 0; t < side * side; t++) taps[dst + t] = taps[dst + t]! * gain;
    }
    for (let jy = 0; jy < side; jy++) {
      let first = side;
      let last = -1;
      for (let jx = 0; jx < side; jx++) {
        if (taps[offset[i]! + jy * side + jx] !== 0 || taps[offset[i]! + side * side + jy * side + jx] !== 0) {
          if (jx < first) first = jx;
          last = jx;
        }
      }
      spans[spanOffset[i]! + 2 * jy] = first;
      spans[spanOffset[i]! + 2 * jy + 1] = last;
    }
  }
  return { scale, half, offset, spanOffset, taps, spans };
}
