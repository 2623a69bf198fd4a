// The plain-JSON shape of an evaluation (what metrics.json holds) and the methods the runner scores.
import type { FloatMap, Image } from '../image/index.js';
import type { ButterworthParams, PsfModel, PsfOrientation } from '../psf/index.js';

/** One DP frame as a method sees it: views and combined image (sRGB [0,1], same size), and what the dataset knows about its blur. */
export interface DpFrame {
  readonly left: Image;
  readonly right: Image;
  /** Combined blurred image: `{split}_c/source`, else (left + right)/2 (file units, DESIGN.md). */
  readonly combined: Image;
  /** Signed CoC radius map (px), or null when the dataset has none (e.g. the real DPDD data). */
  readonly coc: FloatMap | null;
  /** Butterworth PSF the frame was rendered with (manifest.jsonl), else DEFAULT_PSF. */
  readonly psf: ButterworthParams;
  /** Space the blur was rendered in (manifest meta `blurSpace`; 'linear' when unknown, the generator's default). */
  readonly blurSpace: 'linear' | 'srgb';
  /** PSF model and view orientation the frame was rendered with (manifest meta; the generator's defaults when unknown). */
  readonly psfModel: PsfModel;
  readonly psfOrientation: PsfOrientation;
  /**
   * Relative Gaussian noise σ the generator added to each view's sRGB values (I + I∘N, manifest
   * `noise.sigma`; dimensionless), or null when the dataset does not say.
   */
  readonly noiseSigma: number | null;
}

/** The frames of one sequence, fed in time order; a stream carries whatever state its method keeps. */
export interface FrameStream {
  /** The sharp estimate of the next frame (sRGB [0,1], the frame's size). */
  next(frame: DpFrame): Promise<Image>;
}

/** A method under evaluation: a baseline or a model. */
export interface EvalMethod {
  /** Row name in the reports; unique within one evaluation. */
  readonly name: string;
  readonly kind: 'baseline' | 'model';
  /** One line on what it is, for the reports. */
  readonly description: string;
  /** False when the method's time is not meaningful (the `input` baseline does nothing). */
  readonly timed: boolean;
  /** Needs `DpFrame.coc` (non-blind deconvolution); skipped on frames without one. */
  readonly needsCoc: boolean;
  /** Starts a new sequence: fresh state. */
  start(): FrameStream;
}

/** Scores of one method on one frame. */
export interface FrameScore {
  /** dB; Infinity for a perfect reconstruction. */
  readonly psnr: number;
  /** Mean SSIM (scikit-image defaults), ≤ 1. */
  readonly ssim: number;
  /** Mean absolute error on [0,1]. */
  readonly mae: number;
  /** NIQE against the split's sharp targets (lower is better); null when NIQE is off or the image is under 96×96 px. */
  readonly niqe: number | null;
  /** Wall-clock seconds for this frame; null for methods that do no work. */
  readonly timeS: number | null;
}

/** One evaluated frame: where it is and every method's scores (null: the method skipped it). */
export interface FrameResult {
  /** `NAME` for single images, `SEQ/FRAME` for sequence frames (file stems). */
  readonly id: string;
  /** Sequence folder name, or null for a single image. */
  readonly sequence: string | null;
  /** Frame index in its sequence (0 for single images). */
  readonly frame: number;
  readonly width: number;
  readonly height: number;
  /** Names of the user subsets this frame belongs to. */
  readonly subsets: readonly string[];
  readonly scores: Readonly<Record<string, FrameScore | null>>;
}

/** Means of one method over the frames of one subset; each metric over the frames that have it. */
export interface AverageScore {
  /** Frames the method scored. */
  readonly frames: number;
  readonly psnr: number | null;
  readonly ssim: number | null;
  readonly mae: number | null;
  readonly niqe: number | null;
  /** Mean seconds per frame. */
  readonly timeS: number | null;
}

/** Averages of every method over one subset (`all` is every evaluated frame). */
export interface SubsetAverages {
  readonly subset: string;
  /** Frames in the subset. */
  readonly frames: number;
  readonly methods: Readonly<Record<string, AverageScore>>;
}

/** A method as the reports list it. */
export interface MethodSummary {
  readonly name: string;
  readonly kind: 'baseline' | 'model';
  readonly description: string;
}

/** The settings an evaluation ran with, recorded so that numbers can be reproduced. */
export interface EvalSettings {
  readonly data: string;
  readonly split: string;
  /** Frames evaluated / frames in the split. */
  readonly frames: number;
  readonly framesInSplit: number;
  readonly limit: number | null;
  /** NIQE reference model: sharp targets and 96×96 patches it was fitted on; null when NIQE was off or could not be fitted. */
  readonly niqe: { readonly images: number; readonly patches: number } | null;
  readonly subsets: readonly { readonly name: string; readonly file: string; readonly names: number; readonly matched: number }[];
  /** Each model gets one untimed frame before timing starts (session start-up is not inference time). */
  readonly warmup: boolean;
  /** How averages are formed. */
  readonly averaging: string;
  readonly createdAt: string;
}

/** Everything metrics.json holds. */
export interface EvalMetrics {
  readonly format: 'dualpix-eval/1';
  readonly settings: EvalSettings;
  readonly methods: readonly MethodSummary[];
  readonly frames: readonly FrameResult[];
  readonly averages: readonly SubsetAverages[];
  /** Things the reader should know (skipped methods, missing maps, NIQE off). */
  readonly notes: readonly string[];
}

/** Same-place 1:1 crops of one frame for the visual report (sRGB [0,1]). */
export interface CropSet {
  readonly id: string;
  /** Window in the full frame (px). */
  readonly x0: number;
  readonly y0: number;
  readonly width: number;
  readonly height: number;
  readonly input: Image;
  readonly target: Image;
  /** One per method that produced an output, in method order (`input` excluded). */
  readonly outputs: readonly { readonly method: string; readonly image: Image }[];
}

/** An evaluation: the numbers (metrics.json) and the crops for report.html. */
export interface EvalResult {
  readonly metrics: EvalMetrics;
  readonly crops: readonly CropSet[];
}
