import type { Image } from '../image/index.js';
import { NIQE_FEATURES, NIQE_PATCH, niqeLuminance, niqePatchFeatures, type PatchFeatures } from './niqe-features.js';
import { symmetricPseudoInverse } from './pseudo-inverse.js';

/** A fitted NIQE pristine model: a multivariate Gaussian over the 36 patch features. Plain JSON. */
export interface NiqeModel {
  /** Format tag, for files that store a model. */
  readonly kind: 'niqe-mvg';
  /** Patch side at the finest scale (px). */
  readonly patchSize: number;
  /** Patches kept per image: sharpness above this fraction of the image's sharpest patch. */
  readonly sharpnessThreshold: number;
  /** Number of patches the model was fitted on. */
  readonly patches: number;
  /** Feature mean ν (36 values). */
  readonly mean: number[];
  /** Feature covariance Σ (36 rows of 36, normalized by N − 1). */
  readonly covariance: number[][];
}

/** Fraction of the sharpest patch's sharpness a patch needs to enter the pristine model (Mittal et al. 2013, Sec. IV). */
export const NIQE_SHARPNESS_THRESHOLD = 0.75;

/**
 * Fits the NIQE pristine model (Mittal, Soundararajan & Bovik 2013, "Making a 'completely blind'
 * image quality analyzer", Sec. IV) from sharp images, each at least 96×96 px: per image, the
 * 96×96 patches whose sharpness (mean local σ) exceeds 0.75 × that image's largest; then the
 * mean and N−1 covariance of their 36 features. Patches with an undefined feature (a flat patch
 * has no negative or positive MSCN values) are dropped, as the reference's nanmean/nancov do.
 */
export function fitNiqeModel(images: readonly Image[]): NiqeModel {
  const rows: Float64Array[] = [];
  for (const img of images) {
    const f = featuresOf(img);
    let maxSharp = 0;
    for (let i = 0; i < f.count; i++) maxSharp = Math.max(maxSharp, f.sharpness[i] as number);
    for (let i = 0; i < f.count; i++) {
      if ((f.sharpness[i] as number) > NIQE_SHARPNESS_THRESHOLD * maxSharp) pushIfFinite(rows, f.features, i);
    }
  }
  if (rows.length < 2) throw new RangeError(`fitNiqeModel: need at least 2 usable sharp patches, got ${rows.length} from ${images.length} images`);
  const { mean, cov } = meanAndCovariance(rows);
  const covariance: number[][] = [];
  for (let i = 0; i < NIQE_FEATURES; i++) covariance.push(Array.from(cov.subarray(i * NIQE_FEATURES, (i + 1) * NIQE_FEATURES)));
  return {
    kind: 'niqe-mvg', patchSize: NIQE_PATCH, sharpnessThreshold: NIQE_SHARPNESS_THRESHOLD,
    patches: rows.length, mean: Array.from(mean), covariance,
  };
}

/**
 * NIQE score (dimensionless, lower is more natural) of `img` against a pristine model
 * (Mittal et al. 2013, Eq. 10): D = √((ν₁−ν₂)ᵀ((Σ₁+Σ₂)/2)⁺(ν₁−ν₂)), ν₂ and Σ₂ the mean and
 * covariance of the features of all 96×96 patches of `img`, ⁺ the Moore–Penrose pseudo-inverse
 * (as the reference code's pinv). Luminance: see {@link niqeLuminance}. With a single patch Σ₂ = 0.
 * Checked once by hand (not in the test suite: the model file and image are third-party): with the
 * LIVE release's pristine parameters (BasicSR's niqe_pris_params.npz) on BasicSR's baboon.png as
 * rounded MATLAB-YCbCr Y, this gives 5.72971; MATLAB R2021a gives 5.72957 (BasicSR's docstring).
 */
export function niqe(img: Image, model: NiqeModel): number {
  if (model.mean.length !== NIQE_FEATURES || model.covariance.length !== NIQE_FEATURES) {
    throw new RangeError(`niqe: model must have ${NIQE_FEATURES} features, got ${model.mean.length}`);
  }
  const f = featuresOf(img);
  const rows: Float64Array[] = [];
  for (let i = 0; i < f.count; i++) pushIfFinite(rows, f.features, i);
  if (rows.length === 0) throw new RangeError('niqe: no patch of the image has defined features (is it flat?)');
  const { mean, cov } = meanAndCovariance(rows);
  const n = NIQE_FEATURES;
  const avg = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = model.covariance[i] as number[];
    for (let j = 0; j < n; j++) avg[i * n + j] = ((row[j] as number) + (cov[i * n + j] as number)) / 2;
  }
  const inv = symmetricPseudoInverse(avg, n);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = (model.mean[i] as number) - (mean[i] as number);
  let q = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += (inv[i * n + j] as number) * (d[j] as number);
    q += (d[i] as number) * s;
  }
  // Rounding can leave a tiny negative quadratic form for a nearly identical image.
  return Math.sqrt(Math.max(0, q));
}

function featuresOf(img: Image): PatchFeatures {
  return niqePatchFeatures(niqeLuminance(img), img.width, img.height);
}

function pushIfFinite(rows: Float64Array[], features: Float64Array, i: number): void {
  const row = features.subarray(i * NIQE_FEATURES, (i + 1) * NIQE_FEATURES);
  if (row.every(Number.isFinite)) rows.push(Float64Array.from(row));
}

/** Column means and the N−1-normalized covariance of the rows (zero covariance for one row). */
function meanAndCovariance(rows: Float64Array[]): { mean: Float64Array; cov: Float64Array } {
  const n = NIQE_FEATURES;
  const mean = new Float64Array(n);
  for (const r of rows) for (let j = 0; j < n; j++) mean[j] = (mean[j] as number) + (r[j] as number) / rows.length;
  const cov = new Float64Array(n * n);
  if (rows.length < 2) return { mean, cov };
  for (const r of rows) {
    for (let i = 0; i < n; i++) {
      const di = (r[i] as number) - (mean[i] as number);
      for (let j = 0; j < n; j++) cov[i * n + j] = (cov[i * n + j] as number) + di * ((r[j] as number) - (mean[j] as number));
    }
  }
  for (let k = 0; k < n * n; k++) cov[k] = (cov[k] as number) / (rows.length - 1);
  return { mean, cov };
}
