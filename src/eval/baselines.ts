// The non-learned rows of the tables: the blurred input itself, and non-blind deconvolution of the
// combined image with the ground-truth CoC map (an upper bound for single-image defocus-map methods
// such as EBDB/DMENet/JNB in the paper's Table 1, which must estimate that map first).
import { InputError, toLinear, toSrgb, type Image, ParameterError } from '../image/index.js';
import { combinedKernel, PsfBank, type ButterworthParams } from '../psf/index.js';
import { deconvolveByDepth, type KernelFor } from './deconvolution-layered.js';
import type { DpFrame, EvalMethod } from './eval-types.js';

/** Baseline names, in report order. */
export const BASELINES = ['input', 'wiener', 'richardson-lucy'] as const;
/** One of BASELINES. */
export type BaselineName = (typeof BASELINES)[number];

/** Parameters of the deconvolution baselines. */
export interface BaselineOptions {
  /** Wiener noise-to-signal power ratio (dimensionless), default 0.01. */
  readonly wienerNsr?: number;
  /** Richardson–Lucy iterations, default 30. */
  readonly rlIterations?: number;
  /** Depth-layer spacing of the layered deconvolution, |CoC| px, default 0.5 (it widens to respect the layer caps). */
  readonly layerStep?: number;
  /** Most depth layers for Wiener, default 64. */
  readonly wienerMaxLayers?: number;
  /**
   * Most depth layers for Richardson–Lucy, default 16: each layer costs 30 iterations of padded
   * FFT convolutions, and at 64 layers a 192×160 frame with CoC up to 40 px took minutes.
   */
  readonly rlMaxLayers?: number;
}

/** Defaults of BaselineOptions. */
export const DEFAULT_BASELINE_OPTIONS = { wienerNsr: 0.01, rlIterations: 30, layerStep: 0.5, wienerMaxLayers: 64, rlMaxLayers: 16 } as const;

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
  const method = name === 'wiener'
    ? ({ method: 'wiener', nsr: o.wienerNsr, maxLayers: o.wienerMaxLayers } as const)
    : ({ method: 'richardson-lucy', iterations: o.rlIterations, maxLayers: o.rlMaxLayers } as const);
  const what = name === 'wiener'
    ? `Wiener, NSR ${o.wienerNsr}, ≤ ${o.wienerMaxLayers} depth layers`
    : `Richardson–Lucy, ${o.rlIterations} iterations, ≤ ${o.rlMaxLayers} depth layers`;
  return {
    name, kind: 'baseline', timed: true, needsCoc: true,
    description: `non-blind ${what}, layered by the ground-truth CoC map with the sample's combined DP PSF`,
    start: () => ({
      async next(f: DpFrame): Promise<Image> {
        if (!f.coc) throw new Error(`${name}: frame has no CoC map`);
        // Undo the blur in the space it was made in: a linear-light blur is not a blur of sRGB values.
        const src = f.blurSpace === 'linear' ? toLinear(f.combined) : f.combined;
        const out = deconvolveByDepth(src, f.coc, kernels.kernelFor(f.psf), { ...method, layerStep: o.layerStep });
        return toSrgb(out);
      },
    }),
  };
}

/** One PSF bank per parameter set, shared by every frame rendered with it. */
class KernelCache {
  private readonly banks = new Map<string, KernelFor>();

  kernelFor(psf: ButterworthParams): KernelFor {
    const key = `${psf.n},${psf.alpha},${psf.beta},${psf.kappa}`;
    let k = this.banks.get(key);
    if (!k) {
      const bank = new PsfBank(psf);
      k = (radius: number) => {
        const dp = bank.get(radius);
        return { size: dp.size, data: combinedKernel(dp) };
      };
      this.banks.set(key, k);
    }
    return k;
  }
}
