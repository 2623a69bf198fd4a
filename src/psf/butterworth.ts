// The paper's Butterworth DP PSF (Eq. 2–4).
import { fillDisk } from './disk.js';
import { gaussianBlurSquare } from './gaussian.js';
import type { ButterworthParams } from './params.js';
import { rampSplit } from './split.js';

/** Eq. 2: Butterworth value at distance `rho` px from the centre, cutoff `d0` px, order n; 0 at the centre. */
export function butterworth(rho: number, d0: number, n: number): number {
  if (rho === 0) return 0;
  return 1 / (1 + Math.pow(d0 / rho, 2 * n));
}

/** Half-width (px) of the square grid holding a Butterworth PSF of |r| = a px: disk edge + 2.5σ of smoothing. */
export function butterworthHalfWidth(a: number, p: ButterworthParams): number {
  return Math.ceil(a + 0.5 + 2.5 * p.kappa * a);
}

/**
 * The combined DP PSF H (Eq. 3, then smoothed with σ = κ·a) for |r| = a px on a size×size grid,
 * normalised to ΣH = 1.
 *
 * B is rescaled to [β, 1] over the square [−a, a]² that the reference code's (2a+1)-pixel kernel
 * spans: its minimum is B(0) = 0 and its maximum is B at the square's corner, ρ = √2·a, where
 * B = 1/(1 + (√2·α)^(2n)) whatever a is. Fixing the range analytically keeps the shape independent
 * of how much margin the grid has and continuous in a.
 */
export function butterworthCombined(a: number, p: ButterworthParams, size: number): Float64Array {
  const h = new Float64Array(size * size);
  const d0 = 2 * p.alpha * a; // cutoff: α is a fraction of the CoC diameter
  const bMax = butterworth(Math.SQRT2 * a, d0, p.n);
  // Eq. 3: H = B ∘ C with B rescaled to [β, 1], integrated over each pixel.
  fillDisk(h, size, a, (rho) => p.beta + (1 - p.beta) * (butterworth(rho, d0, p.n) / bMax));
  gaussianBlurSquare(h, size, p.kappa * a, new Float64Array(size * size));
  let sum = 0;
  for (let i = 0; i < h.length; i++) sum += h[i]!;
  for (let i = 0; i < h.length; i++) h[i] = h[i]! / sum;
  return h;
}

/**
 * Left-view PSF H_l (Eq. 4) for r = +a px in the reference orientation, size×size, ΣH_l = ½.
 * The ramp M spans the CoC diameter (L = a), as the reference code's ramp spans its (2a+1)-pixel kernel.
 */
export function butterworthLeft(a: number, p: ButterworthParams): { size: number; left: Float64Array } {
  const size = 2 * butterworthHalfWidth(a, p) + 1;
  return { size, left: rampSplit(butterworthCombined(a, p, size), size, a) };
}
