// Renders one band of output rows of both DP views: every layer that reaches the band, back to
// front, blurred and composited (paper Sec. 3), then normalized. Bands are independent, so they
// can run on any thread; each output pixel sees the same operations in the same order whatever
// the band split, so the result is bit-identical for any number of threads.
import { clearRect, scatterFine, scatterGrid, splatToGrid, type Rect } from './convolve.js';
import { compositeOver, compositeUpsampled, normalizeRow } from './composite.js';
import type { TapTable } from './taps.js';
import { srgbEncodeTable } from './colour.js';

/** Everything a band needs, as plain typed arrays (shareable with worker threads). */
export interface RenderJob {
  /** Output size (px). */
  readonly width: number;
  readonly height: number;
  /** Padding (px) on every side; the padded grid is pw × ph. */
  readonly pad: number;
  readonly pw: number;
  readonly ph: number;
  /** Padded working-space colour, 3 planes of pw·ph. */
  readonly colour: Float32Array;
  /** Layers back to front (see LayerSet), over padded pixel indices. */
  readonly start: Int32Array;
  readonly order: Int32Array;
  readonly bbox: Int32Array;
  readonly taps: TapTable;
  /** Output: 6 planes of width·height (left r, g, b, right r, g, b), each view at the combined image's exposure. */
  readonly out: Float32Array;
  /** Whether to sRGB-encode the output (the colour planes being linear light). */
  readonly encodeSrgb: boolean;
}

/** Reusable buffers of one thread; grown on demand, never shrunk. */
export class BandScratch {
  acc: Float32Array = new Float32Array(0);
  layer: Float32Array = new Float32Array(0);
  group: Float32Array = new Float32Array(0);
  glayer: Float32Array = new Float32Array(0);
  mass: Float32Array = new Float32Array(0);
  row: Float32Array = new Float32Array(0);
  readonly rows = new Int32Array(2);
  readonly rect: Rect = { x0: 0, y0: 0, x1: -1, y1: -1 };
  readonly groupRect: Rect = { x0: 0, y0: 0, x1: -1, y1: -1 };
  readonly fine: Rect = { x0: 0, y0: 0, x1: -1, y1: -1 };
}

function zeroed(buf: Float32Array, n: number): Float32Array {
  if (buf.length < n) return new Float32Array(n);
  buf.fill(0, 0, n);
  return buf;
}

/** First k in [a, b) with order[k] ≥ value (order ascending on that range). */
function lowerBound(order: Int32Array, a: number, b: number, value: number): number {
  let lo = a;
  let hi = b;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (order[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Renders output rows [y0, y1) of both views into job.out. */
export function renderBand(job: RenderJob, y0: number, y1: number, sc: BandScratch): void {
  const { pad, pw, ph, colour, start, order, bbox, taps } = job;
  const np = pw * ph;
  const ww = job.width;
  const wh = y1 - y0;
  // Output window on the padded grid, inclusive.
  const ox0 = pad;
  const ox1 = pad + ww - 1;
  const oy0 = pad + y0;
  const oy1 = pad + y1 - 1;
  sc.acc = zeroed(sc.acc, 8 * ww * wh);
  sc.layer = zeroed(sc.layer, 8 * ww * wh);
  const acc = sc.acc;
  const nLayers = start.length - 1;
  let i = 0;
  while (i < nLayers) {
    const s = taps.scale[i]!;
    let j = i + 1;
    while (j < nLayers && taps.scale[j] === s) j++;
    if (s === 1) {
      for (let l = i; l < j; l++) {
        const h = taps.half[l]!;
        const r = sc.rect;
        const rows = sc.rows;
        if (!sourceRows(bbox, l, oy0 - h, oy1 + h, ox0 - h, ox1 + h, rows)) continue;
        const a = lowerBound(order, start[l]!, start[l + 1]!, rows[0]! * pw);
        const b = lowerBound(order, a, start[l + 1]!, (rows[1]! + 1) * pw);
        if (a === b) continue;
        scatterFine(order, a, b, colour, np, pw, taps, l, sc.layer, ox0, oy0, ww, wh);
        r.x0 = Math.max(ox0, bbox[4 * l]! - h) - ox0;
        r.x1 = Math.min(ox1, bbox[4 * l + 2]! + h) - ox0;
        r.y0 = Math.max(oy0, rows[0]! - h) - oy0;
        r.y1 = Math.min(oy1, rows[1]! + h) - oy0;
        compositeOver(acc, sc.layer, ww, r);
      }
    } else {
      renderCoarseGroup(job, i, j, s, ox0, ox1, oy0, oy1, sc);
    }
    i = j;
  }
  const encode = job.encodeSrgb ? srgbEncodeTable() : null;
  for (let y = 0; y < wh; y++) normalizeRow(acc, y, ww, job.height, y0 + y, job.out, colour, pw, np, pad, encode);
}

/**
 * Rows of layer l's bounding box within [ylo, yhi], written to rows[0..1]; false when the box
 * misses the rectangle [xlo, xhi] × [ylo, yhi].
 */
function sourceRows(bbox: Int32Array, l: number, ylo: number, yhi: number, xlo: number, xhi: number, rows: Int32Array): boolean {
  if (bbox[4 * l + 2]! < xlo || bbox[4 * l]! > xhi) return false;
  rows[0] = Math.max(ylo, bbox[4 * l + 1]!);
  rows[1] = Math.min(yhi, bbox[4 * l + 3]!);
  return rows[0]! <= rows[1]!;
}

/**
 * Layers [i, j) share grid spacing s > 1: each is splatted onto the grid, blurred there and
 * composited into a group buffer on the grid; the group is then upsampled and composited over
 * the full-resolution result once. "Over" is associative, so grouping consecutive layers keeps
 * the back-to-front order exact.
 */
function renderCoarseGroup(job: RenderJob, i: number, j: number, s: number, ox0: number, ox1: number, oy0: number, oy1: number, sc: BandScratch): void {
  const { pw, ph, colour, start, order, bbox, taps } = job;
  const np = pw * ph;
  // Grid cells whose bilinear footprint covers the output window.
  const cx0 = (ox0 / s) | 0;
  const cy0 = (oy0 / s) | 0;
  const cx1 = ((ox1 / s) | 0) + 1;
  const cy1 = ((oy1 / s) | 0) + 1;
  const cw = cx1 - cx0 + 1;
  const ch = cy1 - cy0 + 1;
  sc.group = zeroed(sc.group, 8 * cw * ch);
  sc.glayer = zeroed(sc.glayer, 8 * cw * ch);
  const g = sc.groupRect;
  clearRect(g);
  let any = false;
  const r = sc.rect;
  for (let l = i; l < j; l++) {
    const h = taps.half[l]!;
    // Grid cells that can reach the window, and the padded rows that splat onto them.
    const mx0 = cx0 - h;
    const my0 = cy0 - h;
    const mw = cw + 2 * h;
    const mh = ch + 2 * h;
    const rows = sc.rows;
    if (!sourceRows(bbox, l, s * (my0 - 1) + 1, s * (my0 + mh) - 1, s * (mx0 - 1) + 1, s * (mx0 + mw) - 1, rows)) continue;
    const a = lowerBound(order, start[l]!, start[l + 1]!, rows[0]! * pw);
    const b = lowerBound(order, a, start[l + 1]!, (rows[1]! + 1) * pw);
    if (a === b) continue;
    if (sc.mass.length < 4 * mw * mh) sc.mass = new Float32Array(4 * mw * mh);
    clearRect(r);
    splatToGrid(order, a, b, colour, np, pw, s, sc.mass, mx0, my0, mw, mh, r);
    if (r.x1 < r.x0) continue;
    scatterGrid(sc.mass, mx0, my0, mw, r, taps, l, sc.glayer, cx0, cy0, cw, ch);
    // The blurred layer covers the splatted cells dilated by the kernel, within the group window.
    r.x0 = Math.max(0, r.x0 + mx0 - h - cx0);
    r.y0 = Math.max(0, r.y0 + my0 - h - cy0);
    r.x1 = Math.min(cw - 1, r.x1 + mx0 + h - cx0);
    r.y1 = Math.min(ch - 1, r.y1 + my0 + h - cy0);
    if (r.x1 < r.x0 || r.y1 < r.y0) continue;
    compositeOver(sc.group, sc.glayer, cw, r);
    if (!any) {
      g.x0 = r.x0;
      g.y0 = r.y0;
      g.x1 = r.x1;
      g.y1 = r.y1;
      any = true;
    } else {
      g.x0 = Math.min(g.x0, r.x0);
      g.y0 = Math.min(g.y0, r.y0);
      g.x1 = Math.max(g.x1, r.x1);
      g.y1 = Math.max(g.y1, r.y1);
    }
  }
  if (!any) return;
  // Full-resolution pixels whose bilinear footprint touches a non-empty group cell.
  const f = sc.fine;
  f.x0 = Math.max(ox0, s * (g.x0 + cx0 - 1) + 1);
  f.x1 = Math.min(ox1, s * (g.x1 + cx0 + 1) - 1);
  f.y0 = Math.max(oy0, s * (g.y0 + cy0 - 1) + 1);
  f.y1 = Math.min(oy1, s * (g.y1 + cy0 + 1) - 1);
  if (sc.row.length < 8 * cw) sc.row = new Float32Array(8 * cw);
  if (f.x1 >= f.x0 && f.y1 >= f.y0) compositeUpsampled(sc.acc, ox0, oy0, ox1 - ox0 + 1, f, sc.group, cx0, cy0, cw, s, sc.row);
}
