// What the main thread sends a worker for one sample, and what comes back.
import type { PngCompression } from '../../image/index.js';
import type { ButterworthParams } from '../../psf/index.js';
import type { DrawnLens } from './params.js';
import type { SampleBytes } from './sample-files.js';
import type { SourceDepthFormat } from './sources.js';

/** The scene of one sample: a frame on disk, or frame `frame` of a procedural or photo sequence. */
export type SceneRef =
  | {
      readonly kind: 'files';
      readonly rgb: string;
      readonly depth: string;
      readonly depthFormat: SourceDepthFormat;
      /** Metres per stored unit; null = the format's default. */
      readonly depthScale: number | null;
    }
  | {
      readonly kind: 'procedural';
      readonly seed: number;
      readonly width: number;
      readonly height: number;
      readonly frames: number;
      readonly frame: number;
    }
  | {
      readonly kind: 'photo';
      /** Absolute path of the photo. */
      readonly path: string;
      /** Seed of the sequence's crop path and depth layout. */
      readonly seed: number;
      readonly width: number;
      readonly height: number;
      readonly frames: number;
      readonly frame: number;
    };

/** One sample to render: scene, camera preset name, PSF, relative noise σ, distortion and the renderer seed. */
export interface SampleJob {
  readonly scene: SceneRef;
  /** Camera preset name, or the family name (`dslr`, `phone`) of a drawn `lens`. */
  readonly camera: string;
  /** A drawn lens, focused on the depth of `focusScene` (the sequence's first frame); absent for presets. */
  readonly lens?: DrawnLens;
  readonly focusScene?: SceneRef;
  readonly psf: ButterworthParams;
  /** Relative noise σ (I + I∘N), already scaled from the paper's grid. */
  readonly noiseSigma: number;
  /** Division-model coefficients (R in half-diagonals), or null for none. */
  readonly distortion: { readonly c1: number; readonly c2: number } | null;
  readonly seed: number;
  /** zlib level 0–9 of the sample's PNGs. */
  readonly pngCompression: PngCompression;
}

/** A rendered sample: the encoded files and the renderer's report. */
export interface SampleOutput {
  readonly bytes: SampleBytes;
  readonly meta: Readonly<Record<string, unknown>>;
  /** Division-model coefficients the renderer applied (dimensionless, R in half-diagonals), or null. */
  readonly distortion: { readonly c1: number; readonly c2: number } | null;
}
