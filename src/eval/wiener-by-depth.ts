// Spatially varying Wiener deconvolution driven by a CoC map: one solve per depth layer, blended.
import { imageFrom, type FloatMap, type Image } from '../image/index.js';
import { checkKernel, clip01, type Kernel } from './deconvolution.js';
import { MultiWiener, type WienerPrior } from './wiener-multi.js';

/** The PSF of each observation (same order as the observations) for a signed CoC radius in px. */
export type ViewKernelsFor = (signedRadius: number) => readonly Kernel[];

/** Options of {@link wienerByDepth}. */
export interface WienerByDepthOptions {
  readonly prior: WienerPrior;
  /** Noise variance per pixel of each observation (image units², same order as the observations). */
  readonly noiseVariance: readonly number[];
  /**
   * Layers over the signed CoC (true: needed when the PSFs depend on the sign, as each DP view's
   * does) or over |CoC| (false: the combined PSF is the same for ±r).
   */
  readonly signed: boolean;
  /**
   * Error of the layered model itself, as a fraction of the observation's standard deviation per px
   * of |CoC| (dimensionless, default 0): a layer at radius r treats each observation as carrying
   * extra white noise of variance (modelError·r)²·var(y). Near depth edges a defocused foreground
   * spreads over r px of what is behind it, which "y = K_r ∗ x around a pixel of CoC r" ignores;
   * that error grows with r, so heavily blurred layers are inverted less aggressively.
   */
  readonly modelError?: number;
  /**
   * |CoC| px [r0, r1] over which a gradient prior's `anchor` ramps from 0 to 1 (layers below r0
   * flatten where the data say little, layers above r1 stay at the observation); default: the
   * prior's own anchor for every layer.
   */
  readonly anchorRamp?: readonly [number, number];
  /** Spacing of the layers in CoC px; default 0.5. It widens to respect `maxLayers`. */
  readonly layerStep?: number;
  /** Upper bound on the number of layers; default 64. */
  readonly maxLayers?: number;
  /** Clip the result to [0,1]; default true. */
  readonly clip?: boolean;
}

const DEFAULT_LAYER_STEP = 0.5;
const DEFAULT_MAX_LAYERS = 64;

/**
 * Non-blind deconvolution of one or more observations of a scene (the combined DP image, or the
 * left and right views) with a per-pixel CoC map (px): layers sit at CoC = l·step; each is solved
 * over the whole frame with `kernelsFor(l·step)` by {@link MultiWiener} and blended with the
 * triangular weight max(0, 1 − |CoC/step − l|), so every pixel mixes its two nearest layers with
 * weights summing to 1. The observations are transformed once; a layer costs one inverse transform
 * per channel pair. Values in, values out (same space as the observations).
 */
export function wienerByDepth(observations: readonly Image[], coc: FloatMap, kernelsFor: ViewKernelsFor, options: WienerByDepthOptions): Image {
  const first = observations[0];
  if (!first) throw new RangeError('wienerByDepth: needs at least one observation');
  const { width: w, height: h, channels } = first;
  for (const o of observations) {
    if (o.width !== w || o.height !== h || o.channels !== channels) throw new RangeError('wienerByDepth: observations differ in size');
  }
  if (coc.width !== w || coc.height !== h) throw new RangeError(`wienerByDepth: CoC map is ${coc.width}x${coc.height}, image is ${w}x${h}`);
  if (options.noiseVariance.length !== observations.length) throw new RangeError(`wienerByDepth: ${options.noiseVariance.length} noise variances for ${observations.length} observations`);
  const layerStep = options.layerStep ?? DEFAULT_LAYER_STEP;
  const maxLayers = options.maxLayers ?? DEFAULT_MAX_LAYERS;
  if (!(layerStep > 0)) throw new RangeError(`wienerByDepth: layerStep must be > 0 px, got ${layerStep}`);
  if (!Number.isInteger(maxLayers) || maxLayers < 2) throw new RangeError(`wienerByDepth: maxLayers must be an integer ≥ 2, got ${maxLayers}`);
  const modelError = options.modelError ?? 0;
  if (!(modelError >= 0 && Number.isFinite(modelError))) throw new RangeError(`wienerByDepth: modelError must be a finite number ≥ 0, got ${modelError}`);
  const spread = observations.map((o) => variance(o.data));
  const value = new Float32Array(w * h);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < value.length; i++) {
    const c = coc.data[i] as number;
    if (!Number.isFinite(c)) throw new RangeError(`wienerByDepth: CoC map has a non-finite value at pixel ${i}`);
    const v = options.signed ? c : Math.abs(c);
    value[i] = v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = Math.max(hi, 0) - Math.min(lo, 0);
  const step = Math.max(layerStep, span / (maxLayers - 1));
  const l0 = Math.floor(lo / step);
  const l1 = Math.ceil(hi / step);
  const kernels: (readonly Kernel[])[] = [];
  let reach = 0;
  for (let l = l0; l <= l1; l++) {
    const ks = kernelsFor(l * step);
    if (ks.length !== observations.length) throw new RangeError(`wienerByDepth: ${ks.length} kernels for ${observations.length} observations`);
    for (const k of ks) reach = Math.max(reach, checkKernel(k, 'wienerByDepth'));
    kernels.push(ks);
  }
  // The inverse filter reaches further than the PSF: keep the wrap-around two PSF radii away.
  const solver = new MultiWiener(observations.map((o) => o.data), w, h, channels, 2 * reach + 8);
  const plane = w * h;
  const out = new Float32Array(plane * channels);
  for (let l = l0; l <= l1; l++) {
    let any = false;
    for (let i = 0; i < plane && !any; i++) any = Math.abs((value[i] as number) / step - l) < 1;
    if (!any) continue;
    const ks = kernels[l - l0]!;
    const extra = (modelError * l * step) ** 2;
    const prior = layerPrior(options.prior, options.anchorRamp, Math.abs(l * step));
    const solved = solver.solve(ks.map((kernel, v) => ({ kernel, noiseVariance: (options.noiseVariance[v] as number) + extra * (spread[v] as number) })), prior);
    for (let i = 0; i < plane; i++) {
      const wt = 1 - Math.abs((value[i] as number) / step - l);
      if (wt <= 0) continue;
      for (let c = 0; c < channels; c++) out[c * plane + i] = (out[c * plane + i] as number) + wt * (solved[c * plane + i] as number);
    }
  }
  if (options.clip ?? true) clip01(out);
  return imageFrom(out, w, h, channels, first.space);
}

/** The prior of a layer at |CoC| `radius` px: its anchor ramped linearly over `ramp` when given. */
function layerPrior(prior: WienerPrior, ramp: readonly [number, number] | undefined, radius: number): WienerPrior {
  if (prior.kind !== 'gradient' || ramp === undefined) return prior;
  const [r0, r1] = ramp;
  if (!(r0 >= 0 && r1 > r0)) throw new RangeError(`wienerByDepth: anchorRamp must be 0 ≤ r0 < r1 px, got [${r0}, ${r1}]`);
  return { ...prior, anchor: Math.min(1, Math.max(0, (radius - r0) / (r1 - r0))) };
}

/** Variance of all values (image units²). */
function variance(d: Float32Array): number {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i] as number;
    s += v;
    s2 += v * v;
  }
  const m = s / Math.max(1, d.length);
  return Math.max(0, s2 / Math.max(1, d.length) - m * m);
}
