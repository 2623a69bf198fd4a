// Per-sequence draws of camera, PSF shape and noise strength over the paper's ranges (Sec. 5).
import { Rng } from '../../image/index.js';
import { cameraPreset } from '../../optics/index.js';
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

/** `--cameras`: which family each sequence's camera is drawn from (`all`: one of the three, uniformly). */
export type CameraFamily = 'paper' | 'dslr' | 'phone' | 'all';
/** Valid `--cameras` values; `paper` is the default and draws exactly as before the option existed. */
export const CAMERA_FAMILIES: readonly CameraFamily[] = ['paper', 'dslr', 'phone', 'all'];

/**
 * A physical lens drawn for a sequence: focal length (mm), f-number, pixel pitch at the output
 * scale (µm), CoC clamp (px), and where to focus: the `focusQuantile` quantile of the sequence's
 * first-frame depths not counting its farthest plateau (sky), so the scene spans both sides of focus,
 * no nearer than `minFocusM` (the lens's close-focus distance, m).
 */
export interface DrawnLens {
  readonly focalMm: number;
  readonly fNumber: number;
  readonly pixelUm: number;
  readonly maxCocPx: number;
  readonly focusQuantile: number;
  readonly minFocusM: number;
}

/**
 * DSLR draws: the `canon-5d4` preset's body and 50 mm lens (21.43 µm pitch at the DPDD 1680 px
 * output width) at the full and third stops f/1.8 … f/4 that DP DSLR captures use.
 */
export const DSLR_F_NUMBERS: readonly number[] = [1.8, 2, 2.2, 2.5, 2.8, 3.2, 3.5, 4];
/** Phone draws: the `phone-main` preset's 5.6 mm lens and 3.36 µm output-scale pitch at the apertures of recent main cameras. */
export const PHONE_F_NUMBERS: readonly number[] = [1.5, 1.6, 1.7, 1.8, 1.9];
/** Range of the focus quantile drawn for physical cameras (uniform). */
export const FOCUS_QUANTILE_RANGE: readonly [number, number] = [0.1, 0.9];

/** Everything drawn once per sequence: every frame of the sequence shares it, as in the paper. */
export interface SequenceParams {
  /** Camera preset name (`--camera` or one of paper-1 … paper-5), or `dslr` / `phone` with `lens`. */
  readonly camera: string;
  /** The drawn lens of a `dslr` or `phone` camera (absent for presets). */
  readonly lens?: DrawnLens;
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
 * `family` other than `paper` draws a DSLR or phone lens after the paper draws, which stay as they
 * were, so PSF and noise of a sequence do not depend on the family.
 */
export function drawSequenceParams(seed: number, index: number, camera?: string, family: CameraFamily = 'paper'): SequenceParams {
  const rng = Rng.derive(seed, PARAM_STREAM, index);
  const drawn = rng.pick(PAPER_CAMERAS);
  const n = rng.pick(PAPER_ORDERS);
  const alpha = rng.pick(PAPER_ALPHAS);
  const beta = rng.pick(PAPER_BETAS);
  const paperSigma = rng.pick(PAPER_SIGMAS);
  const common = {
    psf: { n, alpha, beta, kappa: PAPER_KAPPA },
    noise: { paperSigma, sigma: Math.round(paperSigma * PAPER_NOISE_SCALE * 1e6) / 1e6 },
  };
  const kind = camera !== undefined || family === 'paper' ? 'paper' : family === 'all' ? rng.pick(['paper', 'dslr', 'phone'] as const) : family;
  if (kind !== 'paper') return { camera: kind, lens: drawLens(kind, rng), ...common, distortion: null };
  const name = camera ?? drawn;
  return { camera: name, ...common, distortion: Object.hasOwn(PAPER_DISTORTION, name) ? PAPER_DISTORTION[name]! : null };
}

/** The preset a family's lens is built on: its focal length, pixel pitch and CoC clamp are kept, aperture and focus drawn. */
const FAMILY_PRESET = { dslr: 'canon-5d4', phone: 'phone-main' } as const;
/** Close-focus distance (m): a 50 mm f/1.8 prime focuses to 0.45 m, a phone main camera to about 0.1 m. */
const MIN_FOCUS_M = { dslr: 0.45, phone: 0.1 } as const;

function drawLens(kind: 'dslr' | 'phone', rng: Rng): DrawnLens {
  const cam = cameraPreset(FAMILY_PRESET[kind]);
  if (cam.kind !== 'thin-lens') throw new Error(`preset ${FAMILY_PRESET[kind]} is not a thin lens`);
  const fNumber = rng.pick(kind === 'dslr' ? DSLR_F_NUMBERS : PHONE_F_NUMBERS);
  const [qLo, qHi] = FOCUS_QUANTILE_RANGE;
  return {
    focalMm: cam.lens.focalMm,
    fNumber,
    pixelUm: round6(cam.lens.pixelUm),
    maxCocPx: cam.maxCocPx ?? 40,
    focusQuantile: round6(rng.range(qLo, qHi)),
    minFocusM: MIN_FOCUS_M[kind],
  };
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** Seed (uint32) of frame `frame` of sequence `sequence`: feeds the renderer's noise and any per-frame draws. */
export function sampleSeed(seed: number, sequence: number, frame: number): number {
  return Rng.derive(seed, SAMPLE_STREAM, sequence, frame).nextU32();
}

/** Seed (uint32) of procedural scene `sequence`: one scene (and camera path) per sequence. */
export function sceneSeed(seed: number, sequence: number): number {
  return Rng.derive(seed, SCENE_STREAM, sequence).nextU32();
}
