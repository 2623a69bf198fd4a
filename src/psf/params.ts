// The Butterworth DP PSF parameters (Eq. 2–4), their defaults and their validation.
import { ParameterError } from '../image/index.js';

/**
 * Shape parameters of the Butterworth DP PSF (Eq. 2–4), all dimensionless:
 * - `n`: Butterworth order (Eq. 2); larger n makes the rise from the depleted centre to the ring steeper.
 * - `alpha`: cutoff D0 = 2α·|r| as a fraction of the CoC *diameter* (the reference code's 1/c);
 *   α = 0.5 puts the 3 dB point on the disk edge, larger α depletes more of the disk.
 * - `beta`: floor of B after rescaling to [β, 1]: the centre's value relative to the brightest
 *   point of the (unsmoothed) profile; β = 1 gives a flat disk.
 * - `kappa`: edge smoothing, Gaussian σ = κ·|r| px.
 * Paper ranges: n ∈ {3, 6, 9}, α ∈ {0.4, 0.6, 0.8, 1}, β ∈ {0.1 … 0.4}, κ = 0.14.
 */
export interface ButterworthParams {
  readonly n: number;
  readonly alpha: number;
  readonly beta: number;
  readonly kappa: number;
}

/**
 * Default PSF: the lowest order and a mid α of the paper's ranges. With n = 3, α = 0.6 the
 * profile rises smoothly from the centre (β = 0.2) to ≈0.48 at the disk edge, a visible donut
 * like the measured Canon PSFs of the paper's Fig. 5; larger n or α flatten the inside of the disk
 * towards β and leave only a thin bright rim.
 */
export const DEFAULT_PSF: ButterworthParams = { n: 3, alpha: 0.6, beta: 0.2, kappa: 0.14 };

/** Which DP PSF model builds the kernels: the paper's Butterworth model or the translating-disk baseline. */
export type PsfModel = 'butterworth' | 'disk';

/**
 * `reference`: for r > 0 (behind focus) the left view's PSF carries its mass on the left half, as
 * the reference code produces (DESIGN.md); `mirrored`: the opposite assignment.
 */
export type PsfOrientation = 'reference' | 'mirrored';

/** |r| (px) below which a kernel is a delta split ½/½: a disk this small covers one pixel anyway. */
export const DELTA_RADIUS_PX = 0.5;

/** Largest |r| (px) a kernel may have; beyond it sizes (≈2.8·|r| px square) stop being useful. */
export const MAX_RADIUS_PX = 500;

/** Throws ParameterError('params') unless n > 0, α > 0, β ∈ [0, 1] and κ ≥ 0 (all finite). */
export function checkPsfParams(p: ButterworthParams): void {
  const bad = (what: string, v: number): never => {
    throw new ParameterError('params', `expected ${what}, got ${v} (parameters are n,alpha,beta,kappa)`);
  };
  if (!(Number.isFinite(p.n) && p.n > 0)) bad('n > 0', p.n);
  if (!(Number.isFinite(p.alpha) && p.alpha > 0)) bad('alpha > 0', p.alpha);
  if (!(Number.isFinite(p.beta) && p.beta >= 0 && p.beta <= 1)) bad('beta in [0, 1]', p.beta);
  if (!(Number.isFinite(p.kappa) && p.kappa >= 0)) bad('kappa >= 0', p.kappa);
}

/** Throws ParameterError('radius') unless r is finite with |r| ≤ MAX_RADIUS_PX. */
export function checkRadius(r: number): void {
  if (!(Number.isFinite(r) && Math.abs(r) <= MAX_RADIUS_PX)) {
    throw new ParameterError('radius', `expected a CoC radius in px with |r| <= ${MAX_RADIUS_PX}, got ${r}`);
  }
}
