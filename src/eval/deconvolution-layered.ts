import { imageFrom, type FloatMap, type Image } from '../image/index.js';
import { checkKernel, clip01, deconvolvePlanes, type DeconvolutionMethod, type Kernel } from './deconvolution.js';

/** The combined (left + right) PSF for a CoC radius in px; the caller wires it to a PSF bank. */
export type KernelFor = (radius: number) => Kernel;

/** Options of {@link deconvolveByDepth}. */
export type LayeredDeconvolutionOptions = DeconvolutionMethod & {
  /** Spacing of the depth layers in |CoC| px; default 0.5. */
  layerStep?: number;
  /** Upper bound on the number of layers; the step grows to respect it. Default 64. */
  maxLayers?: number;
};

const DEFAULT_LAYER_STEP = 0.5;
const DEFAULT_MAX_LAYERS = 64;

/**
 * Spatially varying non-blind deconvolution driven by a per-pixel signed CoC radius map (px):
 * layers sit at |CoC| = l·step; each is deconvolved with `kernelFor(l·step)` and blended with a
 * triangular weight max(0, 1 − | |CoC|/step − l |), so every pixel mixes its two nearest layers
 * with weights that sum to 1 (no seams where the depth changes smoothly). Each layer is solved on
 * the bounding box of its pixels grown by 3 kernel radii + 8 px, not on the whole image.
 * The sign of the CoC is ignored: the combined DP PSF does not depend on it. Values in [0,1] in and out.
 */
export function deconvolveByDepth(img: Image, coc: FloatMap, kernelFor: KernelFor, options: LayeredDeconvolutionOptions): Image {
  const { width: w, height: h, channels } = img;
  if (coc.width !== w || coc.height !== h) throw new RangeError(`deconvolveByDepth: CoC map is ${coc.width}x${coc.height}, image is ${w}x${h}`);
  const layerStep = options.layerStep ?? DEFAULT_LAYER_STEP;
  const maxLayers = options.maxLayers ?? DEFAULT_MAX_LAYERS;
  if (!(layerStep > 0)) throw new RangeError(`deconvolveByDepth: layerStep must be > 0 px, got ${layerStep}`);
  if (!Number.isInteger(maxLayers) || maxLayers < 2) throw new RangeError(`deconvolveByDepth: maxLayers must be an integer ≥ 2, got ${maxLayers}`);
  let maxAbs = 0;
  for (let i = 0; i < coc.data.length; i++) {
    const a = Math.abs(coc.data[i] as number);
    if (!Number.isFinite(a)) throw new RangeError(`deconvolveByDepth: CoC map has a non-finite value at pixel ${i}`);
    if (a > maxAbs) maxAbs = a;
  }
  const step = Math.max(layerStep, maxAbs / (maxLayers - 1));
  const out = new Float32Array(w * h * channels);
  const weight = new Float32Array(w * h);
  const lastLayer = Math.ceil(maxAbs / step);
  for (let l = 0; l <= lastLayer; l++) {
    let x0 = w, y0 = h, x1 = -1, y1 = -1;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = y * w + x;
        const wt = Math.max(0, 1 - Math.abs(Math.abs(coc.data[i] as number) / step - l));
        weight[i] = wt;
        if (wt > 0) {
          if (x < x0) x0 = x;
          if (x > x1) x1 = x;
          if (y < y0) y0 = y;
          if (y > y1) y1 = y;
        }
      }
    }
    if (x1 < 0) continue;
    const kernel = kernelFor(l * step);
    const margin = 3 * checkKernel(kernel, 'deconvolveByDepth') + 8;
    const bx0 = Math.max(0, x0 - margin);
    const by0 = Math.max(0, y0 - margin);
    const bw = Math.min(w, x1 + margin + 1) - bx0;
    const bh = Math.min(h, y1 + margin + 1) - by0;
    const crop = new Float32Array(bw * bh * channels);
    for (let c = 0; c < channels; c++) {
      for (let y = 0; y < bh; y++) {
        const src = c * w * h + (by0 + y) * w + bx0;
        crop.set(img.data.subarray(src, src + bw), c * bw * bh + y * bw);
      }
    }
    const solved = deconvolvePlanes(crop, bw, bh, channels, kernel, options);
    for (let c = 0; c < channels; c++) {
      for (let y = y0; y <= y1; y++) {
        for (let x = x0; x <= x1; x++) {
          const wt = weight[y * w + x] as number;
          if (wt > 0) out[c * w * h + y * w + x] += wt * (solved[c * bw * bh + (y - by0) * bw + (x - bx0)] as number);
        }
      }
    }
  }
  if (options.clip ?? true) clip01(out);
  return imageFrom(out, w, h, channels, img.space);
}
