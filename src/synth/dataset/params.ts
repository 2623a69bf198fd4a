// Per-sequence draws of camera, PSF shape and noise strength over the paper's ranges (Sec. 5).
import { Rng } from '../../image/index.js';
import type { ButterworthParams } from '../../psf/index.js';

/** Butterworth order n choices (Sec. 5). */
export const PAPER_ORDERS: readonly number[] = [3, 6, 9];
/** α choices: cutoff as a fraction of the CoC diameter (Sec. 5; see ButterworthParams). */
export const PAPER_ALPHAS: readonly number[] = [0.4, 0.6, 0.8, 1];
/** β choices: PSF floor at the kernel centre relative to its peak (Sec. 5). */
export const PAPER_BETAS: readonly number[] = [0.1, 0.2, 0.3, 0.4];
/** κ: edge smoothing Gaussian σ = κ·|r| px (Sec. 5). */
export const PAPER_KAPPA = 0.14;
/** The paper's σ grid 0.05, 0.055, …, 0.5 (91 values), in the paper's own (unstated) unit. */
export const PAPER_SIGMAS: readonly number[] = Array.from({ length: 91 }, (_, k) => (50 + 5 * k) / 1000);
/** The paper's five camera sets, drawn from when no `--camera` is given. */
export const PAPER_CAMERAS: readonly string[] = ['paper-1', 'paper-2', 'paper-3', 'paper-4', 'paper-5'];

/**
 * Radial distortion (Eq. 5) per paper camera set: the paper sets coefficients "accordingly for each
 * camera set" but publishes them only in its supplement, which we do not have. These are our
 * values, ordered as real lenses behave: the shortest focal lengths barrel most, the 22 mm set has
 * a slight pincushion. Units: R in half-diagonals, so a corner moves to 1/(1 + c1 + c2) of its
 * distance (paper-1: 5.7 % inwards). Other cameras (`--camera canon-5d4`, ...) get none.
 */
export const PAPER_DISTORTION: Readonly<Record<string, { readonly c1: number; readonly c2: number }>> = {
  'paper-1': { c1: 0.06, c2: 0 },
  'paper-2': { c1: 0.04, c2: 0 },
  'paper-3': { c1: 0.02, c2: 0 },
  'paper-4': { c1: 0.01, c2: 0 },
  'paper-5': { c1: -0.01, c2: 0 },
};

/**
 * Factor from the paper's σ to the relative noise σ dualpix applies (I + I∘N, N ~ N(0, σ²), I in
 * [0,1]). Read literally, the paper's σ = 0.5 would be 50 % noise on every pixel, which no camera
 * produces. Its text also says the noise *variance* is proportional to intensity; taking that in
 * 8-bit counts (Var = σ²·I₂₅₅) gives a standard deviation of σ·√(255·0.5)/255 ≈ 0.089·σ at
 * mid-grey in [0,1] units. We apply σ_rel = 0.1·σ_paper: 0.5 % … 5 % relative noise, the range of
 * real sensors from base ISO to high ISO, and the manifest records both numbers.
 */
export const PAPER_NOISE_SCALE = 0.1;

/** Everything drawn once per sequence: every frame of the sequence shares it, as in the paper. */
export interface SequenceParams {
  /** Camera preset name (`--camera` or one of paper-1 … paper-5). */
  readonly camera: string;
  /** Butterworth DP PSF shape (dimensionless; see ButterworthParams). */
  readonly psf: ButterworthParams;
  /** Noise: `paperSigma` on the paper's grid, `sigma` = PAPER_NOISE_SCALE·paperSigma, the relative σ applied. */
  readonly noise: { readonly paperSigma: number; readonly sigma: number };
  /** Division-model coefficients of the camera (PAPER_DISTORTION), null for cameras without any. */
  readonly distortion: { readonly c1: number; readonly c2: number } | null;
}

// Separate streams keep draws independent of each other and of the split shuffle.
const PARAM_STREAM = 0x9a7a;
const SAMPLE_STREAM = 0x5a3e;
const SCENE_STREAM = 0x5ce4;

/**
 * The parameter draw for sequence `index`: from Rng.derive(seed, ·, index) only, so it is the same
 * whatever the worker count, shard or resume point. `camera` fixes the camera instead of drawing it.
 */
export function drawSequenceParams(seed: number, index: number, camera?: string): SequenceParams {
  const rng = Rng.derive(seed, PARAM_STREAM, index);
  const drawn = rng.pick(PAPER_CAMERAS);
  const n = rng.pick(PAPER_ORDERS);
  const alpha = rng.pick(PAPER_ALPHAS);
  const beta = rng.pick(PAPER_BETAS);
  const paperSigma = rng.pick(PAPER_SIGMAS);
  const name = camera ?? drawn;
  return {
    camera: name,
    psf: { n, alpha, beta, kappa: PAPER_KAPPA },
    noise: { paperSigma, sigma: Math.round(paperSigma * PAPER_NOISE_SCALE * 1e6) / 1e6 },
    distortion: Object.hasOwn(PAPER_DISTORTION, name) ? PAPER_DISTORTION[name]! : null,
  };
}

/** Seed (uint32) of frame `frame` of sequence `sequence`: feeds the renderer's noise and any per-frame draws. */
export function sampleSeed(seed: number, sequence: number, frame: number): number {
  return Rng.derive(seed, SAMPLE_STREAM, sequence, frame).nextU32();
}

/** Seed (uint32) of procedural scene `sequence`: one scene (and camera path) per sequence. */
export function sceneSeed(seed: number, sequence: number): number {
  return Rng.derive(seed, SCENE_STREAM, sequence).nextU32();
}
