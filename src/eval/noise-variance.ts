// What the generator's relative noise (I + I∘N on sRGB-encoded values, DESIGN.md) amounts to in the
// space a deconvolution works in: the variance a Wiener filter needs.
import type { Image } from '../image/index.js';

/** d(linear)/d(sRGB) of the sRGB transfer curve (IEC 61966-2-1) at encoded value s ∈ [0,1] (dimensionless). */
export function srgbToLinearSlope(s: number): number {
  return s <= 0.04045 ? 1 / 12.92 : (2.4 / 1.055) * Math.pow((s + 0.055) / 1.055, 1.4);
}

/**
 * Mean per-pixel noise variance (image units², [0,1] scale) of an sRGB-encoded image whose values s
 * carry relative Gaussian noise s·σ·N (N ~ N(0,1)), measured in `space`: σ²·mean(s²) for sRGB,
 * σ²·mean((s·dL/ds)²) in linear light (first-order propagation through the transfer curve).
 * The noisy values stand in for the clean ones; the bias is of order σ², negligible at σ ≤ 0.05.
 */
export function relativeNoiseVariance(srgb: Image, sigma: number, space: 'linear' | 'srgb'): number {
  if (!(sigma >= 0 && Number.isFinite(sigma))) throw new RangeError(`relativeNoiseVariance: sigma must be a finite number ≥ 0, got ${sigma}`);
  const d = srgb.data;
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    const s = Math.min(1, Math.max(0, d[i] as number));
    const g = space === 'linear' ? s * srgbToLinearSlope(s) : s;
    sum += g * g;
  }
  return d.length > 0 ? (sigma * sigma * sum) / d.length : 0;
}

/**
 * Noise variance per pixel (image units²) estimated from the image alone, for data that does not
 * record it: the median absolute finest-scale diagonal Haar coefficient over 0.6745 (Donoho &
 * Johnstone 1994, robust to edges), squared, pooled over channels. Diagonal differences of 2×2
 * blocks cancel smooth content, so on a defocused image little but noise is left.
 */
export function estimateNoiseVariance(img: Image): number {
  const { width: w, height: h, channels, data } = img;
  const hw = w >> 1;
  const hh = h >> 1;
  const coeffs = new Float64Array(hw * hh * channels);
  let k = 0;
  for (let c = 0; c < channels; c++) {
    const base = c * w * h;
    for (let y = 0; y < hh; y++) {
      for (let x = 0; x < hw; x++) {
        const i = base + 2 * y * w + 2 * x;
        const d = ((data[i] as number) - (data[i + 1] as number) - (data[i + w] as number) + (data[i + w + 1] as number)) / 2;
        coeffs[k++] = Math.abs(d);
      }
    }
  }
  if (k === 0) return 0;
  coeffs.sort();
  const sigma = (coeffs[k >> 1] as number) / 0.6745;
  return sigma * sigma;
}
