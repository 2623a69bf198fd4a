// The non-learned rows of the tables: the blurred input itself, and non-blind deconvolution of the
// combined image with the ground-truth CoC map (an upper bound for single-image defocus-map methods
// such as EBDB/DMENet/JNB in the paper's Table 1, which must estimate that map first).
import { InputError, toLinear, toSrgb, type Image, ParameterError } from '../image/index.js';
import { combinedKernel, PsfBank, type ButterworthParams } from '../psf/index.js';
import type { Kernel } from './deconvolution.js';
import { deconvolveByDepth } from './deconvolution-layered.js';
import type { DpFrame, EvalMethod } from './eval-types.js';
import { estimateNoiseVariance, relativeNoiseVariance } from './noise-variance.js';
import { wienerByDepth } from './wiener-by-depth.js';
import type { WienerPrior } from './wiener-multi.js';

/** Baseline names, in report order. */
export const BASELINES = ['input', 'wiener', 'wiener-dp', 'richardson-lucy'] as const;
/** One of BASELINES. */
export type BaselineName = (typeof BASELINES)[number];

/** Parameters of the deconvolution baselines. */
export interface BaselineOptions {
  /**
   * Prior of both Wiener baselines; default a gradient prior of variance WIENER_GRADIENT_VARIANCE.
   * The noise variance comes from the dataset (manifest `noise.sigma`) or, without it, from the image.
   */
  readonly wienerPrior?: WienerPrior;
  /** Error of the layered blur model per px of |CoC| (see WienerByDepthOptions.modelError), default WIENER_MODEL_ERROR. */
  readonly wienerModelError?: number;
  /** |CoC| px over which the gradient prior's anchor to the observation ramps from 0 to 1, default WIENER_ANCHOR_RAMP. */
  readonly wienerAnchorRamp?: readonly [number, number];
  /** Richardson–Lucy iterations, default 30. */
  readonly rlIterations?: number;
  /** Depth-layer spacing of the layered deconvolution, CoC px, default 0.5 (it widens to respect the layer caps). */
  readonly layerStep?: number;
  /** Most depth layers for Wiener, default 64. */
  readonly wienerMaxLayers?: number;
  /**
   * Most depth layers for Richardson–Lucy, default 16: each layer costs 30 iterations of padded
   * FFT convolutions, and at 64 layers a 192×160 frame with CoC up to 40 px took minutes.
   */
  readonly rlMaxLayers?: number;
}

/**
 * E|∇x|² of sharp linear-light procedural frames (median over the 12 test frames of
 * `dualpix dataset --source procedural:12 --seed 1234`, a set kept apart from the reported one), the
 * variance of the Wiener baselines' gradient prior.
 */
export const WIENER_GRADIENT_VARIANCE = 5e-3;
/** Layered-model error per px of |CoC| of the Wiener baselines, chosen on the same seed-1234 frames (src/eval/README.md). */
export const WIENER_MODEL_ERROR = 0.05;

/**
 * |CoC| px over which the Wiener prior turns from "sharp images have little gradient" to "the
 * sharp image is the observation plus detail": on the seed-1234 frames the first scored best below
 * 20 px, the second above (src/eval/README.md).
 */
export const WIENER_ANCHOR_RAMP: readonly [number, number] = [8, 20];

/** Defaults of BaselineOptions. */
export const DEFAULT_BASELINE_OPTIONS = {
  wienerPrior: { kind: 'gradient', gradientVariance: WIENER_GRADIENT_VARIANCE } as WienerPrior,
  wienerModelError: WIENER_MODEL_ERROR, wienerAnchorRamp: WIENER_ANCHOR_RAMP, rlIterations: 30, layerStep: 0.5, wienerMaxLayers: 64, rlMaxLayers: 16,
} as const;

/** Parses a comma list such as "input,wiener"; an unknown name is an InputError naming `flag`. */
export function parseBaselines(text: string, parameter = 'baselines'): BaselineName[] {
  const names = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const n of names) {
    if (!(BASELINES as readonly string[]).includes(n)) throw new ParameterError(parameter, `unknown baseline "${n}" (expected some of ${BASELINES.join(',')})`);
  }
  return [...new Set(names)] as BaselineName[];
}

/** The baseline `name` as an evaluation method. */
export function baselineMethod(name: BaselineName, options: BaselineOptions = {}): EvalMethod {
  if (name === 'input') {
    return {
      name, kind: 'baseline', timed: false, needsCoc: false,
      description: 'the blurred combined image itself (no deblurring)',
      start: () => ({ next: async (f) => f.combined }),
    };
  }
  const o = { ...DEFAULT_BASELINE_OPTIONS, ...options };
  const kernels = new KernelCache();
  if (name === 'richardson-lucy') {
    return {
      name, kind: 'baseline', timed: true, needsCoc: true,
      description: `non-blind Richardson–Lucy, ${o.rlIterations} iterations, ≤ ${o.rlMaxLayers} depth layers, layered by the ground-truth CoC map with the sample's combined DP PSF`,
      start: () => ({
        async next(f: DpFrame): Promise<Image> {
          if (!f.coc) throw new Error(`${name}: frame has no CoC map`);
          // Undo the blur in the space it was made in: a linear-light blur is not a blur of sRGB values.
          const src = f.blurSpace === 'linear' ? toLinear(f.combined) : f.combined;
          const method = { method: 'richardson-lucy', iterations: o.rlIterations, maxLayers: o.rlMaxLayers, layerStep: o.layerStep } as const;
          return toSrgb(deconvolveByDepth(src, f.coc, (r) => kernels.combined(f, r), method));
        },
      }),
    };
  }
  const joint = name === 'wiener-dp';
  const prior = o.wienerPrior.kind === 'flat' ? `NSR ${o.wienerPrior.nsr}`
    : `gradient prior (E|∇x|² = ${o.wienerPrior.gradientVariance}) anchored to the observation from |CoC| ${o.wienerAnchorRamp[0]} to ${o.wienerAnchorRamp[1]} px`;
  return {
    name, kind: 'baseline', timed: true, needsCoc: true,
    description: joint
      ? `non-blind Wiener of the left and right views jointly (each through its own DP PSF), ${prior}, the dataset's noise level, model error ${o.wienerModelError}/px, ≤ ${o.wienerMaxLayers} layers of the ground-truth signed CoC map`
      : `non-blind Wiener of the combined image with the combined DP PSF, ${prior}, the dataset's noise level, model error ${o.wienerModelError}/px, ≤ ${o.wienerMaxLayers} layers of the ground-truth CoC map`,
    start: () => ({
      async next(f: DpFrame): Promise<Image> {
        if (!f.coc) throw new Error(`${name}: frame has no CoC map`);
        const views = viewObservations(f);
        const settings = { prior: o.wienerPrior, anchorRamp: o.wienerAnchorRamp, modelError: o.wienerModelError, layerStep: o.layerStep, maxLayers: o.wienerMaxLayers };
        if (joint) {
          const out = wienerByDepth([views.left, views.right], f.coc, (r) => kernels.views(f, r), {
            ...settings, signed: true, noiseVariance: [views.leftNoise, views.rightNoise],
          });
          return toSrgb(out);
        }
        const out = wienerByDepth([views.combined], f.coc, (r) => [kernels.combined(f, r)], {
          ...settings, signed: false, noiseVariance: [views.combinedNoise],
        });
        return toSrgb(out);
      },
    }),
  };
}

/** A frame's views and combined image in the space its blur was made in, with their noise variances (units²). */
interface Observations {
  readonly left: Image;
  readonly right: Image;
  readonly combined: Image;
  readonly leftNoise: number;
  readonly rightNoise: number;
  readonly combinedNoise: number;
}

function viewObservations(f: DpFrame): Observations {
  const space = f.blurSpace;
  const left = space === 'linear' ? toLinear(f.left) : f.left;
  const right = space === 'linear' ? toLinear(f.right) : f.right;
  // The views were blurred in linear light and encoded; the combined file is the mean of the
  // encoded views, which is not the blur of anything: average the views in the blur's space.
  const cd = new Float32Array(left.data.length);
  for (let i = 0; i < cd.length; i++) cd[i] = 0.5 * ((left.data[i] as number) + (right.data[i] as number));
  const combined = { ...left, data: cd };
  const noise = (srgb: Image, work: Image): number =>
    Math.max(f.noiseSigma === null ? estimateNoiseVariance(work) : relativeNoiseVariance(srgb, f.noiseSigma, space), NOISE_FLOOR);
  const leftNoise = noise(f.left, left);
  const rightNoise = noise(f.right, right);
  // Independent noise in the two views: their mean carries a quarter of the summed variance.
  return { left, right, combined, leftNoise, rightNoise, combinedNoise: (leftNoise + rightNoise) / 4 };
}

// 16-bit files carry quantization noise of variance (1/65535)²/12 even where no noise was added; the
// floor keeps the gradient prior's weight finite on noiseless renders.
const NOISE_FLOOR = 1 / (65535 * 65535 * 12);

/** One PSF bank per parameter set, model and orientation, shared by every frame rendered with it. */
class KernelCache {
  private readonly banks = new Map<string, PsfBank>();

  private bank(f: DpFrame): PsfBank {
    const p = f.psf;
    const key = `${p.n},${p.alpha},${p.beta},${p.kappa},${f.psfModel},${f.psfOrientation}`;
    let b = this.banks.get(key);
    if (!b) {
      b = new PsfBank(p, { model: f.psfModel, orientation: f.psfOrientation });
      this.banks.set(key, b);
    }
    return b;
  }

  /** The combined PSF (left + right) for CoC radius r px. */
  combined(f: DpFrame, r: number): Kernel {
    const dp = this.bank(f).get(r);
    return { size: dp.size, data: combinedKernel(dp) };
  }

  /** The left and right view PSFs for signed CoC radius r px, each normalized by the solver to sum 1 (views are stored at the combined exposure). */
  views(f: DpFrame, r: number): readonly Kernel[] {
    const dp = this.bank(f).get(r);
    return [{ size: dp.size, data: dp.left }, { size: dp.size, data: dp.right }];
  }
}
