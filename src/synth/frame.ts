// Single-frame DP synthesis (paper Sec. 2–3): RGB + depth → left, right, combined, sharp, CoC.
import { addNoise, cocMap, distortImage, distortMap, type Camera, type NoiseModel } from '../optics/index.js';
import { checkPsfParams, DEFAULT_PSF, PsfBank, type ButterworthParams, type PsfModel, type PsfOrientation } from '../psf/index.js';
import { InputError, Rng, toRgb, type FloatMap, type Image, ParameterError } from '../image/index.js';
import { fastToLinear, fastToSrgb } from './colour.js';
import { DEFAULT_LAYER_STEP } from './layers.js';
import { DEFAULT_DETAIL_RADIUS, renderDpViews } from './render.js';

/** An all-in-focus image and its depth map (metres, same size); `names` label errors (file paths or flags). */
export interface SynthScene {
  readonly rgb: Image;
  readonly depth: FloatMap;
  readonly names?: { readonly rgb?: string; readonly depth?: string };
}

/** Colour space the blur happens in: linear light (physical, default) or gamma-encoded sRGB (the reference code). */
export type BlurSpace = 'linear' | 'srgb';

/** Everything that shapes a synthesized frame besides the scene and the seed. */
export interface SynthSettings {
  readonly camera: Camera;
  /** Butterworth PSF parameters (Eq. 2–4); default DEFAULT_PSF. */
  readonly psf?: ButterworthParams;
  readonly psfModel?: PsfModel;
  readonly psfOrientation?: PsfOrientation;
  /** Radial distortion (Eq. 5), coefficients in the optics module's half-diagonal units; null/absent = none. */
  readonly distortion?: { readonly c1: number; readonly c2: number } | null;
  /** Sensor noise, drawn independently per view; null/absent = none. */
  readonly noise?: NoiseModel | null;
  readonly blurSpace?: BlurSpace;
  /** Layer step (px of CoC radius), default 0.25. */
  readonly layerStep?: number;
  /** See RenderOptions.detailRadius (px), default 8; Infinity = every layer at full resolution. */
  readonly detailRadius?: number;
  /** Threads for the renderer (does not change the output). */
  readonly threads?: number;
}

/** The parameters a frame was made with, as written to meta.json. */
export interface SynthMeta {
  readonly generator: 'dualpix';
  readonly seed: number;
  readonly width: number;
  readonly height: number;
  readonly camera: Camera;
  readonly psf: ButterworthParams;
  readonly psfModel: PsfModel;
  readonly psfOrientation: PsfOrientation;
  readonly distortion: { readonly c1: number; readonly c2: number } | null;
  readonly noise: NoiseModel | null;
  readonly blurSpace: BlurSpace;
  /** Requested and actually used layer step (px), and the number of non-empty layers. */
  readonly layerStep: number;
  readonly layerStepUsed: number;
  readonly layers: number;
  readonly detailRadius: number | null;
  /** Smallest and largest signed CoC radius (px) before distortion. */
  readonly cocRangePx: readonly [number, number];
  readonly conventions: string;
}

/**
 * A synthesized frame. Images are sRGB-encoded, 3 channels, in file units: each view at the
 * combined image's exposure (I_l×2, I_r×2), so combined = (left + right)/2 exactly (I_b = I_l + I_r,
 * Sec. 3); `sharp` is the target, `coc` the signed CoC radius (px, + behind focus), all distorted alike.
 */
export interface SynthFrame {
  readonly left: Image;
  readonly right: Image;
  readonly combined: Image;
  readonly sharp: Image;
  readonly coc: FloatMap;
  readonly meta: SynthMeta;
}

const CONVENTIONS =
  'images sRGB [0,1]; views at the combined exposure, combined = (left + right) / 2; coc = signed CoC radius in px, positive behind the focal plane';

const banks = new Map<string, PsfBank>();
/** Salt of a frame's sensor-noise stream ('nois'). */
const NOISE_STREAM = 0x6e6f6973;

function bankFor(psf: ButterworthParams, model: PsfModel, orientation: PsfOrientation, step: number): PsfBank {
  const key = JSON.stringify([psf.n, psf.alpha, psf.beta, psf.kappa, model, orientation, step]);
  let bank = banks.get(key);
  if (bank === undefined) {
    // Datasets draw PSF parameters per sample: keep a few banks, not one per sample forever.
    if (banks.size >= 8) banks.delete(banks.keys().next().value!);
    bank = new PsfBank(psf, { step, model, orientation });
    banks.set(key, bank);
  }
  return bank;
}

/**
 * Noise for one view. The paper's I + I∘N acts on the image values as they are. Shot and read
 * noise are physical: they act on linear light at the view's own exposure — each DP half-pixel
 * collects half the photons, and the view is stored at the combined exposure (×2) — so the
 * view is linearized and halved, noised, and brought back.
 */
function noisyView(view: Image, noise: NoiseModel, rng: Rng): Image {
  if (noise.kind === 'gaussian') return addNoise(view, noise, rng);
  const half = fastToLinear(view);
  const d = half.data === view.data ? half.data.slice() : half.data;
  for (let i = 0; i < d.length; i++) d[i]! *= 0.5;
  const noisy = addNoise({ ...half, data: d }, noise, rng);
  for (let i = 0; i < noisy.data.length; i++) noisy.data[i]! *= 2;
  return fastToSrgb(noisy);
}

/** Throws InputError naming the file/flag when the scene cannot be rendered (sizes, NaN, depth ≤ 0, channels). */
export function validateScene(scene: SynthScene): void {
  const rgbName = scene.names?.rgb ?? 'scene.rgb';
  const depthName = scene.names?.depth ?? 'scene.depth';
  const { rgb, depth } = scene;
  if (rgb.channels !== 1 && rgb.channels !== 3) {
    throw new InputError(rgbName, `expected a grey or RGB image, got ${rgb.channels} channels`);
  }
  if (depth.width !== rgb.width || depth.height !== rgb.height) {
    throw new InputError(depthName, `depth map is ${depth.width}x${depth.height} but the image is ${rgb.width}x${rgb.height}`);
  }
  for (let i = 0; i < rgb.data.length; i++) {
    if (!Number.isFinite(rgb.data[i]!)) throw new InputError(rgbName, `pixel value ${rgb.data[i]} is not a finite number`);
  }
  const d = depth.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (!(v > 0)) {
      const x = i % depth.width;
      const y = (i - x) / depth.width;
      throw new InputError(depthName, `expected positive depths in metres, got ${v} at pixel (${x}, ${y})`);
    }
  }
}

function validateSettings(s: SynthSettings): void {
  checkPsfParams(s.psf ?? DEFAULT_PSF);
  const step = s.layerStep ?? DEFAULT_LAYER_STEP;
  if (!(Number.isFinite(step) && step > 0)) throw new ParameterError('settings.layerStep', `expected a positive step in px, got ${step}`);
  const blur = s.blurSpace ?? 'linear';
  if (blur !== 'linear' && blur !== 'srgb') throw new ParameterError('settings.blurSpace', `expected linear or srgb, got ${String(blur)}`);
  const detail = s.detailRadius ?? DEFAULT_DETAIL_RADIUS;
  if (!(detail > 0)) throw new ParameterError('settings.detailRadius', `expected a radius > 0 px, got ${detail}`);
  // The optics module validates these where it applies them; a one-pixel dry run fails fast,
  // before the expensive render, with the optics module's own message.
  if (s.distortion) distortMap({ width: 2, height: 2, data: new Float32Array(4) }, s.distortion.c1, s.distortion.c2);
  if (s.noise) addNoise({ width: 1, height: 1, channels: 1, space: 'srgb', data: new Float32Array(1) }, s.noise, new Rng(0));
}

/** Clamps both views to [0, 1] in place and returns their mean, the combined image in file units. */
function clampAndCombine(left: Image, right: Image): Image {
  const l = left.data;
  const r = right.data;
  const cd = new Float32Array(l.length);
  for (let i = 0; i < l.length; i++) {
    const a = l[i]! > 1 ? 1 : l[i]! > 0 ? l[i]! : 0;
    const b = r[i]! > 1 ? 1 : r[i]! > 0 ? r[i]! : 0;
    l[i] = a;
    r[i] = b;
    cd[i] = 0.5 * (a + b);
  }
  return { ...left, data: cd };
}

/**
 * Synthesizes one DP frame: CoC from depth (Eq. 1), layered DP blur (Eq. 2–4, 6) in the chosen
 * space, radial distortion (Eq. 5) on views, target and CoC map, then noise drawn independently
 * per view from `seed` (last), clamped to [0,1]; combined = (left + right)/2 in file units.
 * Throws InputError on a bad scene or settings before doing any work.
 */
export function synthesizeFrame(scene: SynthScene, settings: SynthSettings, seed: number): SynthFrame {
  validateScene(scene);
  validateSettings(settings);
  const psf = settings.psf ?? DEFAULT_PSF;
  const psfModel = settings.psfModel ?? 'butterworth';
  const psfOrientation = settings.psfOrientation ?? 'reference';
  const blurSpace = settings.blurSpace ?? 'linear';
  const layerStep = settings.layerStep ?? DEFAULT_LAYER_STEP;
  const detailRadius = settings.detailRadius ?? DEFAULT_DETAIL_RADIUS;
  const rgb = toRgb(scene.rgb);
  const sharpSrgb = fastToSrgb(rgb);
  const coc = cocMap(scene.depth, settings.camera);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < coc.data.length; i++) {
    lo = Math.min(lo, coc.data[i]!);
    hi = Math.max(hi, coc.data[i]!);
  }
  const work = blurSpace === 'linear' ? fastToLinear(rgb) : { ...sharpSrgb, space: 'srgb' as const };
  const bank = bankFor(psf, psfModel, psfOrientation, Math.min(0.25, layerStep));
  const views = renderDpViews(work, coc, (r) => bank.get(r), {
    layerStep,
    detailRadius,
    outputSpace: 'srgb',
    ...(settings.threads !== undefined ? { threads: settings.threads } : {}),
  });
  let left = views.left;
  let right = views.right;
  let sharp = sharpSrgb === scene.rgb ? { ...sharpSrgb, data: sharpSrgb.data.slice() } : sharpSrgb;
  let cocOut = coc;
  const dist = settings.distortion ?? null;
  if (dist && (dist.c1 !== 0 || dist.c2 !== 0)) {
    left = distortImage(left, dist.c1, dist.c2);
    right = distortImage(right, dist.c1, dist.c2);
    sharp = distortImage(sharp, dist.c1, dist.c2);
    cocOut = distortMap(coc, dist.c1, dist.c2);
  }
  const noise = settings.noise ?? null;
  if (noise) {
    // One generator, left then right: independent draws for the two views (Sec. 2.3).
    const rng = Rng.derive(seed, NOISE_STREAM);
    left = noisyView(left, noise, rng);
    right = noisyView(right, noise, rng);
  }
  // Every image here is this function's own copy, so clamping in place is safe.
  const combined = clampAndCombine(left, right);
  const meta: SynthMeta = {
    generator: 'dualpix',
    seed,
    width: rgb.width,
    height: rgb.height,
    camera: settings.camera,
    psf: { n: psf.n, alpha: psf.alpha, beta: psf.beta, kappa: psf.kappa },
    psfModel,
    psfOrientation,
    distortion: dist ? { c1: dist.c1, c2: dist.c2 } : null,
    noise,
    blurSpace,
    layerStep,
    layerStepUsed: views.layerStep,
    layers: views.layers,
    detailRadius: Number.isFinite(detailRadius) ? detailRadius : null,
    cocRangePx: [lo, hi],
    conventions: CONVENTIONS,
  };
  return { left, right, combined, sharp, coc: cocOut, meta };
}
