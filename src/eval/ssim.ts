import type { Image } from '../image/index.js';
import { assertDataRange, assertSameShape } from './same-shape.js';

/** Options of {@link ssim}; the defaults are those of scikit-image's `structural_similarity`. */
export interface SsimOptions {
  /** Difference between the largest and smallest possible value (value units); 1 for [0,1] images. */
  dataRange?: number;
  /**
   * `'uniform'`: 7×7 box window (skimage's default). `'gaussian'`: 11-tap Gaussian of σ = 1.5 px
   * (skimage's `gaussian_weights=True`, truncated at 3.5σ as skimage does).
   */
  window?: 'uniform' | 'gaussian';
  /**
   * Normalize (co)variances by N−1 instead of N, N the window's pixel count (49 or 121). Default:
   * true for the uniform window (skimage's default), false for the Gaussian one, which is the
   * setting skimage's documentation gives to match Wang et al. 2004.
   */
  sampleCovariance?: boolean;
}

/** Wang et al. 2004, Eq. 13: stabilising constants C1 = (K1·R)², C2 = (K2·R)². */
const K1 = 0.01;
const K2 = 0.03;
const UNIFORM_SIZE = 7;
const GAUSSIAN_SIGMA = 1.5;
const GAUSSIAN_TRUNCATE = 3.5;

/** Side of the SSIM window, px, for `options` (7 uniform, 11 Gaussian): images must be at least this big. */
export function ssimWindowSize(options: SsimOptions = {}): number {
  return (options.window ?? 'uniform') === 'gaussian' ? gaussianWeights(GAUSSIAN_SIGMA, GAUSSIAN_TRUNCATE).length : UNIFORM_SIZE;
}

/**
 * Mean structural similarity (dimensionless, ≤ 1) as scikit-image's
 * `skimage.metrics.structural_similarity(pred, gt, data_range=R, channel_axis=...)`
 * (skimage/metrics/_structural_similarity.py, v0.19–0.26), defaults included:
 *
 * - local means, variances and covariance under a sliding window (Wang et al. 2004, Eq. 14–15),
 *   with variance = E[x²] − E[x]², times N/(N−1) when `sampleCovariance`;
 * - per-pixel SSIM = ((2μxμy + C1)(2σxy + C2)) / ((μx² + μy² + C1)(σx² + σy² + C2)) (Eq. 13);
 * - its mean over the pixels left after cropping (win−1)/2 from every border (skimage's
 *   `crop(S, pad)`), then the mean over channels, each channel computed alone.
 *
 * skimage filters the whole image (scipy.ndimage `mode='reflect'`, the half-sample symmetric
 * extension d c b a | a b c d) and then discards that border; every window it keeps lies inside
 * the image, so the extension never reaches the result and only those windows are computed here.
 * Arithmetic is float64 throughout; skimage computes in float32 when given float32 arrays (its
 * mean then moves by ~1e-8, measured on 512×512 noise), so its float64 results are the reference.
 * Both sides must be at least the window size (7 px, or 11 px for the Gaussian window).
 */
export function ssim(pred: Image, gt: Image, options: SsimOptions = {}): number {
  assertSameShape(pred, gt, 'ssim');
  const dataRange = options.dataRange ?? 1;
  assertDataRange(dataRange, 'ssim');
  const gaussian = (options.window ?? 'uniform') === 'gaussian';
  const weights = gaussian ? gaussianWeights(GAUSSIAN_SIGMA, GAUSSIAN_TRUNCATE) : null;
  const k = weights ? weights.length : UNIFORM_SIZE;
  const { width: w, height: h, channels } = pred;
  if (w < k || h < k) throw new RangeError(`ssim: image ${w}x${h} is smaller than the ${k}x${k} window`);
  const n = k * k;
  const covNorm = (options.sampleCovariance ?? !gaussian) ? n / (n - 1) : 1;
  const c1 = (K1 * dataRange) ** 2;
  const c2 = (K2 * dataRange) ** 2;
  const scratch = new Float64Array(5 * h * (w - k + 1) + 5 * (w - k + 1));
  let total = 0;
  for (let c = 0; c < channels; c++) {
    const x = pred.data.subarray(c * w * h, (c + 1) * w * h);
    const y = gt.data.subarray(c * w * h, (c + 1) * w * h);
    total += weights
      ? meanSsimWeighted(x, y, w, h, weights, covNorm, c1, c2, scratch)
      : meanSsimBox(x, y, w, h, k, covNorm, c1, c2, scratch);
  }
  return total / channels;
}

/** scipy.ndimage's 1-D Gaussian: exp(−t²/2σ²) for |t| ≤ int(truncate·σ + 0.5), normalized to sum 1. */
function gaussianWeights(sigma: number, truncate: number): Float64Array {
  const r = Math.floor(truncate * sigma + 0.5);
  const g = new Float64Array(2 * r + 1);
  let sum = 0;
  for (let t = -r; t <= r; t++) sum += g[t + r] = Math.exp((-0.5 * t * t) / (sigma * sigma));
  for (let i = 0; i < g.length; i++) g[i] = (g[i] as number) / sum;
  return g;
}

/** SSIM map of Eq. 13 at one pixel from the five windowed moments. */
function ssimAt(ux: number, uy: number, uxx: number, uyy: number, uxy: number, covNorm: number, c1: number, c2: number): number {
  const vx = covNorm * (uxx - ux * ux);
  const vy = covNorm * (uyy - uy * uy);
  const vxy = covNorm * (uxy - ux * uy);
  return ((2 * ux * uy + c1) * (2 * vxy + c2)) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
}

/**
 * Box window: horizontal running sums of x, y, x², y², xy over each row (valid columns only),
 * then vertical running sums over those, one output row at a time.
 */
function meanSsimBox(
  x: Float32Array, y: Float32Array, w: number, h: number, k: number,
  covNorm: number, c1: number, c2: number, scratch: Float64Array,
): number {
  const wv = w - k + 1;
  const plane = h * wv;
  // scratch layout: 5 planes of horizontal sums (x, y, xx, yy, xy), then 5 rows of column sums.
  for (let r = 0; r < h; r++) {
    const row = r * w;
    let sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (let t = 0; t < k; t++) {
      const a = x[row + t] as number;
      const b = y[row + t] as number;
      sx += a; sy += b; sxx += a * a; syy += b * b; sxy += a * b;
    }
    for (let j = 0; ; j++) {
      const o = r * wv + j;
      scratch[o] = sx; scratch[plane + o] = sy; scratch[2 * plane + o] = sxx;
      scratch[3 * plane + o] = syy; scratch[4 * plane + o] = sxy;
      if (j + 1 >= wv) break;
      const a0 = x[row + j] as number, b0 = y[row + j] as number;
      const a1 = x[row + j + k] as number, b1 = y[row + j + k] as number;
      sx += a1 - a0; sy += b1 - b0; sxx += a1 * a1 - a0 * a0; syy += b1 * b1 - b0 * b0; sxy += a1 * b1 - a0 * b0;
    }
  }
  const col = 5 * plane;
  scratch.fill(0, col, col + 5 * wv);
  for (let r = 0; r < k; r++) {
    for (let q = 0; q < 5; q++) {
      for (let j = 0; j < wv; j++) scratch[col + q * wv + j] += scratch[q * plane + r * wv + j] as number;
    }
  }
  const inv = 1 / (k * k);
  let sum = 0;
  for (let i = 0; i + k <= h; i++) {
    for (let j = 0; j < wv; j++) {
      sum += ssimAt(
        (scratch[col + j] as number) * inv, (scratch[col + wv + j] as number) * inv,
        (scratch[col + 2 * wv + j] as number) * inv, (scratch[col + 3 * wv + j] as number) * inv,
        (scratch[col + 4 * wv + j] as number) * inv, covNorm, c1, c2,
      );
    }
    if (i + k >= h) break;
    for (let q = 0; q < 5; q++) {
      const top = q * plane + i * wv;
      const bottom = q * plane + (i + k) * wv;
      const cs = col + q * wv;
      for (let j = 0; j < wv; j++) scratch[cs + j] += (scratch[bottom + j] as number) - (scratch[top + j] as number);
    }
  }
  return sum / ((h - k + 1) * wv);
}

/** Weighted (Gaussian) window: separable weighted sums, horizontal into scratch, then vertical per pixel. */
function meanSsimWeighted(
  x: Float32Array, y: Float32Array, w: number, h: number, g: Float64Array,
  covNorm: number, c1: number, c2: number, scratch: Float64Array,
): number {
  const k = g.length;
  const wv = w - k + 1;
  const plane = h * wv;
  for (let r = 0; r < h; r++) {
    const row = r * w;
    for (let j = 0; j < wv; j++) {
      let sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
      for (let t = 0; t < k; t++) {
        const wt = g[t] as number;
        const a = x[row + j + t] as number;
        const b = y[row + j + t] as number;
        sx += wt * a; sy += wt * b; sxx += wt * a * a; syy += wt * b * b; sxy += wt * a * b;
      }
      const o = r * wv + j;
      scratch[o] = sx; scratch[plane + o] = sy; scratch[2 * plane + o] = sxx;
      scratch[3 * plane + o] = syy; scratch[4 * plane + o] = sxy;
    }
  }
  let sum = 0;
  for (let i = 0; i + k <= h; i++) {
    for (let j = 0; j < wv; j++) {
      let ux = 0, uy = 0, uxx = 0, uyy = 0, uxy = 0;
      for (let t = 0; t < k; t++) {
        const wt = g[t] as number;
        const o = (i + t) * wv + j;
        ux += wt * (scratch[o] as number); uy += wt * (scratch[plane + o] as number);
        uxx += wt * (scratch[2 * plane + o] as number); uyy += wt * (scratch[3 * plane + o] as number);
        uxy += wt * (scratch[4 * plane + o] as number);
      }
      sum += ssimAt(ux, uy, uxx, uyy, uxy, covNorm, c1, c2);
    }
  }
  return sum / ((h - k + 1) * wv);
}
