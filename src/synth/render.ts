// The layered DP renderer (paper Sec. 3, Eq. 6): an image and its signed CoC map in, the left and
// right views out.
import { type ColorSpace, type FloatMap, type Image } from '../image/index.js';
import { buildLayers, DEFAULT_LAYER_STEP } from './layers.js';
import { padReflect } from './pad.js';
import { renderBand, type RenderJob } from './render-band.js';
import { buildTaps, type KernelProvider } from './taps.js';
import { arenaF32, arenaI32, callerScratch, defaultThreads, runBands } from './render-pool.js';

/** Default `detailRadius` (px): layers with |r| up to this are blurred at full resolution. */
export const DEFAULT_DETAIL_RADIUS = 8;

/**
 * Output rows per band when rendering on one thread (a dataset worker). A band's accumulators
 * (16 planes of its rows) then stay in cache across the layers, where a whole 1080p frame's are
 * 130 MB streamed from memory once per layer; the result is bit-identical for any split. Rendering
 * 1080p frames in bands of 128 rows took about a fifth less CPU than in one band (64 rows: about
 * the same as 128, with twice the coarse layers' halo rows splatted again).
 */
const SOLO_BAND_ROWS = 128;

/** Options of renderDpViews. */
export interface RenderOptions {
  /** Layer step (px of CoC radius), default 0.25; widened if more than 500 layers would be needed. */
  readonly layerStep?: number;
  /**
   * Layers with |r| ≤ detailRadius px are blurred at full resolution; a layer with larger |r| is
   * blurred on a grid of spacing ⌈|r|/detailRadius⌉ px (splatted there, blurred with the kernel
   * sampled at that spacing, composited, upsampled bilinearly), so its cost stops growing with r.
   * That adds a blur of std ≈ 0.58·spacing px to a PSF whose edge is already smoothed by
   * σ = κ·|r| (Eq. 3; at the default 8 and κ = 0.14, σ ≥ 0.56·spacing just above 8 px and
   * → 1.1·spacing for large r). Measured against full resolution on the bench scene: rms
   * difference below 1e-3, largest below 0.01 (linear light). `Infinity` blurs every layer at
   * full resolution (exact, slow for large r).
   */
  readonly detailRadius?: number;
  /** Threads (this one included); default: the machine's cores, 1 inside a worker thread. */
  readonly threads?: number;
  /** Encoding of the returned views; default the input's. 'srgb' for linear input encodes them while normalizing (cheaper than afterwards). */
  readonly outputSpace?: ColorSpace;
}

/** Left and right views (each at the combined image's exposure) and the layering used. */
export interface DpViews {
  readonly left: Image;
  readonly right: Image;
  /** Number of non-empty layers and the layer step actually used (px). */
  readonly layers: number;
  readonly layerStep: number;
}

/**
 * Renders the DP views of `img` (3 channels, blurred in whatever space it is tagged: pass linear
 * light for physically right blur) with per-pixel signed CoC radius `coc` (px, same size), using
 * `kernelOf(r)` for each layer's PSF pair. Layers are composited back to front with normalized
 * compositing; image and CoC are padded by reflection first so borders keep their brightness.
 */
export function renderDpViews(img: Image, coc: FloatMap, kernelOf: KernelProvider, opts: RenderOptions = {}): DpViews {
  const { width, height } = img;
  if (img.channels !== 3) throw new RangeError(`renderDpViews: expected a 3-channel image, got ${img.channels}`);
  if (coc.width !== width || coc.height !== height) {
    throw new RangeError(`renderDpViews: CoC map is ${coc.width}x${coc.height}, image ${width}x${height}`);
  }
  const detail = opts.detailRadius ?? DEFAULT_DETAIL_RADIUS;
  if (!(detail > 0)) throw new RangeError(`renderDpViews: detailRadius must be > 0 px, got ${detail}`);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < coc.data.length; i++) {
    const r = coc.data[i]!;
    if (!Number.isFinite(r)) throw new RangeError(`renderDpViews: CoC at pixel ${i} is ${r}`);
    if (r < lo) lo = r;
    if (r > hi) hi = r;
  }
  // Enough padding for the widest kernel plus one grid cell of splat and interpolation.
  const reach = (r: number): number => (kernelOf(r).size - 1) / 2 + 2 * Math.ceil(Math.abs(r) / detail) + 1;
  const pad = Math.max(reach(lo), reach(hi));
  const pw = width + 2 * pad;
  const ph = height + 2 * pad;
  const threads = Math.max(1, Math.floor(opts.threads ?? defaultThreads()));
  // Worker threads read the big arrays in place: allocate them in shared memory from the start.
  const share = threads > 1;
  const colour = padReflect(img.data, width, height, 3, pad, share ? arenaF32('colour', 3 * pw * ph) : undefined);
  const cocPadded = padReflect(coc.data, width, height, 1, pad);
  const order = share ? arenaI32('order', pw * ph) : new Int32Array(pw * ph);
  const layers = buildLayers(cocPadded, pw, ph, opts.layerStep ?? DEFAULT_LAYER_STEP, order);
  const taps = buildTaps(layers.radius, kernelOf, detail);
  const outSpace = opts.outputSpace ?? img.space;
  if (outSpace === 'linear' && img.space === 'srgb') throw new RangeError('renderDpViews: cannot output linear light from sRGB input');
  const job: RenderJob = {
    width,
    height,
    pad,
    pw,
    ph,
    colour,
    start: layers.start,
    order: layers.order,
    bbox: layers.bbox,
    taps,
    out: share ? arenaF32('out', 6 * width * height) : new Float32Array(6 * width * height),
    encodeSrgb: outSpace === 'srgb' && img.space === 'linear',
  };
  if (threads > 1) runBands(job, threads);
  else {
    const scratch = callerScratch();
    for (let y = 0; y < height; y += SOLO_BAND_ROWS) renderBand(job, y, Math.min(height, y + SOLO_BAND_ROWS), scratch);
  }
  const n = width * height;
  // slice() copies shared memory into ordinary buffers: callers get plain arrays.
  const left: Image = { width, height, channels: 3, space: outSpace, data: share ? job.out.slice(0, 3 * n) : job.out.subarray(0, 3 * n) };
  const right: Image = { width, height, channels: 3, space: outSpace, data: share ? job.out.slice(3 * n) : job.out.subarray(3 * n) };
  return { left, right, layers: layers.radius.length, layerStep: layers.step };
}
