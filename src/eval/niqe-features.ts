import { linearToSrgbValue, type Image } from '../image/index.js';
import { aggdMean, fitAggd } from './aggd.js';
import { halveBicubic } from './halve-bicubic.js';

/** NIQE patch side at the finest scale (px); the second scale uses half of it on the halved image. */
export const NIQE_PATCH = 96;
/** Features per patch: 18 per scale, two scales. */
export const NIQE_FEATURES = 36;

// MATLAB rgb2gray weights (the inverse of rgb2ntsc's first row, rounded as MATLAB stores them).
const GREY_R = 0.298936021293775;
const GREY_G = 0.587043074451121;
const GREY_B = 0.114020904255103;
// MSCN window: 7×7 Gaussian of σ = 7/6 px (Mittal et al. 2013, Sec. III-A), MSCN constant C = 1 on [0,255].
const MSCN_RADIUS = 3;
const MSCN_SIGMA = 7 / 6;
const MSCN_C = 1;
// Neighbour offsets (dy, dx) of the pairwise products: horizontal, vertical, main and secondary diagonal.
const SHIFTS: ReadonlyArray<readonly [number, number]> = [[0, 1], [1, 0], [1, 1], [1, -1]];

/** Features of every 96×96 patch of one image, and the sharpness of each. */
export interface PatchFeatures {
  /** Patch count. */
  count: number;
  /** count × 36 features, row-major (patch-major). */
  features: Float64Array;
  /** Mean local standard deviation σ(i,j) of each patch at the finest scale ([0,255] units). */
  sharpness: Float64Array;
}

/**
 * Grey values in [0,255] as NIQE expects: sRGB-encoded (linear images are encoded with the sRGB
 * curve first, since NIQE's statistics were learned on display-referred pictures), then
 * MATLAB's rgb2gray weights for 3 channels, the single channel as is for 1; no rounding to 8 bits.
 */
export function niqeLuminance(img: Image): Float64Array {
  const n = img.width * img.height;
  const enc = img.space === 'linear' ? linearToSrgbValue : (v: number): number => v;
  const out = new Float64Array(n);
  if (img.channels === 1) {
    for (let i = 0; i < n; i++) out[i] = 255 * enc(img.data[i] as number);
  } else if (img.channels === 3) {
    for (let i = 0; i < n; i++) {
      const r = enc(img.data[i] as number);
      const g = enc(img.data[n + i] as number);
      const b = enc(img.data[2 * n + i] as number);
      out[i] = 255 * (GREY_R * r + GREY_G * g + GREY_B * b);
    }
  } else {
    throw new RangeError(`niqe: expected a 1- or 3-channel image, got ${img.channels} channels`);
  }
  return out;
}

/**
 * Mean-subtracted contrast-normalized coefficients (Mittal et al. 2013, Eq. 1–3):
 * Î = (I − μ)/(σ + C), μ and σ² the Gaussian-weighted local mean and E[I²] − μ² (absolute value,
 * as the reference code takes it), borders replicated (MATLAB imfilter 'replicate').
 * Returns Î and σ.
 */
export function mscn(img: Float64Array, width: number, height: number): { coefficients: Float64Array; sigma: Float64Array } {
  const g = new Float64Array(2 * MSCN_RADIUS + 1);
  let sum = 0;
  for (let t = -MSCN_RADIUS; t <= MSCN_RADIUS; t++) sum += g[t + MSCN_RADIUS] = Math.exp(-(t * t) / (2 * MSCN_SIGMA * MSCN_SIGMA));
  for (let t = 0; t < g.length; t++) g[t] = (g[t] as number) / sum;
  const n = width * height;
  const rowMu = new Float64Array(n);
  const rowSq = new Float64Array(n);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let a = 0, b = 0;
      for (let t = -MSCN_RADIUS; t <= MSCN_RADIUS; t++) {
        const v = img[y * width + Math.min(width - 1, Math.max(0, x + t))] as number;
        const wt = g[t + MSCN_RADIUS] as number;
        a += wt * v;
        b += wt * v * v;
      }
      rowMu[y * width + x] = a;
      rowSq[y * width + x] = b;
    }
  }
  const coefficients = new Float64Array(n);
  const sigma = new Float64Array(n);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let mu = 0, sq = 0;
      for (let t = -MSCN_RADIUS; t <= MSCN_RADIUS; t++) {
        const o = Math.min(height - 1, Math.max(0, y + t)) * width + x;
        const wt = g[t + MSCN_RADIUS] as number;
        mu += wt * (rowMu[o] as number);
        sq += wt * (rowSq[o] as number);
      }
      const s = Math.sqrt(Math.abs(sq - mu * mu));
      sigma[y * width + x] = s;
      coefficients[y * width + x] = ((img[y * width + x] as number) - mu) / (s + MSCN_C);
    }
  }
  return { coefficients, sigma };
}

/**
 * The 18 NIQE features of one p×p patch of MSCN coefficients (Mittal et al. 2013, Sec. III-C;
 * Mittal et al. 2012 (BRISQUE), Table I), written at `out[offset …]`:
 * [α, (β_l+β_r)/2] of an AGGD fit to the coefficients, then for each of the four neighbour
 * directions [α, η, β_l, β_r] of an AGGD fit to the products Î(i,j)·Î(i−dy, j−dx), neighbours
 * taken circularly within the patch as the reference code does. The paper calls the β "left and
 * right variances"; these are the AGGD scales of the reference implementation.
 */
function patchFeatures(m: Float64Array, width: number, x0: number, y0: number, p: number, buf: Float64Array, out: Float64Array, offset: number): void {
  for (let y = 0; y < p; y++) for (let x = 0; x < p; x++) buf[y * p + x] = m[(y0 + y) * width + x0 + x] as number;
  const base = fitAggd(buf, p * p);
  out[offset] = base.alpha;
  out[offset + 1] = (base.betaLeft + base.betaRight) / 2;
  const prod = buf.subarray(p * p, 2 * p * p);
  let k = offset + 2;
  for (const [dy, dx] of SHIFTS) {
    for (let y = 0; y < p; y++) {
      const yn = (y - dy + p) % p;
      for (let x = 0; x < p; x++) prod[y * p + x] = (buf[y * p + x] as number) * (buf[yn * p + ((x - dx + p) % p)] as number);
    }
    const a = fitAggd(prod, p * p);
    out[k++] = a.alpha;
    out[k++] = aggdMean(a);
    out[k++] = a.betaLeft;
    out[k++] = a.betaRight;
  }
}

/**
 * NIQE features of all non-overlapping 96×96 patches (the image is cropped to whole patches from
 * the top-left, as the reference code does), at full and half resolution; patch (i, j) at the
 * second scale is the 48×48 patch covering the same area. Grey values in [0,255].
 */
export function niqePatchFeatures(grey: Float64Array, width: number, height: number): PatchFeatures {
  const cols = Math.floor(width / NIQE_PATCH);
  const rows = Math.floor(height / NIQE_PATCH);
  if (cols < 1 || rows < 1) throw new RangeError(`niqe: image ${width}x${height} is smaller than one ${NIQE_PATCH}x${NIQE_PATCH} patch`);
  const count = cols * rows;
  let w = cols * NIQE_PATCH;
  let h = rows * NIQE_PATCH;
  let img: Float64Array = new Float64Array(w * h);
  for (let y = 0; y < h; y++) img.set(grey.subarray(y * width, y * width + w), y * w);
  const features = new Float64Array(count * NIQE_FEATURES);
  const sharpness = new Float64Array(count);
  const buf = new Float64Array(2 * NIQE_PATCH * NIQE_PATCH);
  for (let scale = 0; scale < 2; scale++) {
    const p = NIQE_PATCH >> scale;
    const { coefficients, sigma } = mscn(img, w, h);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const idx = r * cols + c;
        patchFeatures(coefficients, w, c * p, r * p, p, buf, features, idx * NIQE_FEATURES + 18 * scale);
        if (scale === 0) {
          let s = 0;
          for (let y = 0; y < p; y++) for (let x = 0; x < p; x++) s += sigma[(r * p + y) * w + c * p + x] as number;
          sharpness[idx] = s / (p * p);
        }
      }
    }
    if (scale === 0) {
      img = halveBicubic(img, w, h);
      w /= 2;
      h /= 2;
    }
  }
  return { count, features, sharpness };
}
