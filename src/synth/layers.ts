// Depth layering (paper Sec. 3): the signed CoC map cut into layers of equal CoC, back to front.

/** Largest number of depth layers (paper Sec. 3: "the maximum number of layers is set to 500"). */
export const MAX_LAYERS = 500;

/** Default layer step (px of CoC radius): matches the PSF bank's quantization. */
export const DEFAULT_LAYER_STEP = 0.25;

/**
 * The non-empty layers of a CoC map, ordered back to front (most positive r first, then in-focus,
 * then most negative). Pixels of layer i are `order[start[i] .. start[i+1])`, in ascending index
 * order (row-major), so the pixels of a row range form one contiguous run.
 */
export interface LayerSet {
  /** Step (px) actually used: the requested one, widened when more than MAX_LAYERS would be needed. */
  readonly step: number;
  /** Signed CoC radius (px) of each layer, a multiple of `step`. */
  readonly radius: Float64Array;
  readonly start: Int32Array;
  readonly order: Int32Array;
  /** Per layer: x0, y0, x1, y1 (inclusive) of its pixels. */
  readonly bbox: Int32Array;
}

/**
 * Cuts a w×h signed CoC map (px) into layers of `step` px (quantized as round(r/step)); `order`
 * may be given (w·h values, e.g. in shared memory) to receive the pixel runs.
 */
export function buildLayers(coc: Float32Array, w: number, h: number, step: number = DEFAULT_LAYER_STEP, order?: Int32Array): LayerSet {
  if (!(Number.isFinite(step) && step > 0)) throw new RangeError(`buildLayers: expected a positive step in px, got ${step}`);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < coc.length; i++) {
    const r = coc[i]!;
    if (!Number.isFinite(r)) throw new RangeError(`buildLayers: CoC at pixel ${i} is ${r}`);
    if (r < lo) lo = r;
    if (r > hi) hi = r;
  }
  // Widen the step so that round(hi/step) − round(lo/step) + 1 ≤ MAX_LAYERS; keeping the bins
  // centred on multiples of the step keeps r = 0 (in focus) a layer of its own.
  const used = hi - lo > (MAX_LAYERS - 2) * step ? (hi - lo) / (MAX_LAYERS - 2) : step;
  const kHi = Math.round(hi / used);
  const kLo = Math.round(lo / used);
  const bins = kHi - kLo + 1;
  const binOf = new Int32Array(coc.length);
  const count = new Int32Array(bins);
  for (let i = 0; i < coc.length; i++) {
    const b = kHi - Math.round(coc[i]! / used); // 0 = back-most
    binOf[i] = b;
    count[b]!++;
  }
  const layerOfBin = new Int32Array(bins).fill(-1);
  let n = 0;
  for (let b = 0; b < bins; b++) if (count[b]! > 0) layerOfBin[b] = n++;
  const radius = new Float64Array(n);
  const start = new Int32Array(n + 1);
  const bbox = new Int32Array(4 * n);
  for (let b = 0; b < bins; b++) {
    const l = layerOfBin[b]!;
    if (l < 0) continue;
    radius[l] = (kHi - b) * used;
    start[l + 1] = start[l]! + count[b]!;
    bbox.set([w, h, -1, -1], 4 * l);
  }
  const fill = start.slice(0, n);
  order ??= new Int32Array(coc.length);
  if (order.length !== coc.length) throw new RangeError(`buildLayers: order holds ${order.length} values, expected ${coc.length}`);
  for (let i = 0; i < coc.length; i++) {
    const l = layerOfBin[binOf[i]!]!;
    order[fill[l]!++] = i;
    const x = i % w;
    const y = (i - x) / w;
    const o = 4 * l;
    if (x < bbox[o]!) bbox[o] = x;
    if (y < bbox[o + 1]!) bbox[o + 1] = y;
    if (x > bbox[o + 2]!) bbox[o + 2] = x;
    if (y > bbox[o + 3]!) bbox[o + 3] = y;
  }
  return { step: used, radius, start, order, bbox };
}
