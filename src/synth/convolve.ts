// Sparse direct convolution of one depth layer with its left and right PSFs (Eq. 6), by scatter:
// each pixel of the layer adds its premultiplied colour and its mask, times the two kernels, into
// an 8-channel interleaved buffer (left r, g, b, α, right r, g, b, α). Work is proportional to the
// layer's own pixels times the kernel's non-zero taps, never to the whole image.
import type { TapTable } from './taps.js';

/** A rectangle of grid cells, inclusive on both ends (x1 < x0 when empty). */
export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Sets `r` to the empty rectangle. */
export function clearRect(r: Rect): void {
  r.x0 = 0;
  r.y0 = 0;
  r.x1 = -1;
  r.y1 = -1;
}

/**
 * Blurs pixels `order[a..b)` of one layer (padded pixel indices, mask 1) at full resolution with
 * layer `layer`'s taps, adding into `buf` (8 channels per pixel) over the window [wx0, wx0+ww) ×
 * [wy0, wy0+wh) of the pw-wide padded grid; `colour` holds 3 planes of `np` values. Taps falling
 * outside the window are skipped (another band computes them).
 */
export function scatterFine(
  order: Int32Array,
  a: number,
  b: number,
  colour: Float32Array,
  np: number,
  pw: number,
  t: TapTable,
  layer: number,
  buf: Float32Array,
  wx0: number,
  wy0: number,
  ww: number,
  wh: number,
): void {
  const half = t.half[layer]!;
  const side = 2 * half + 1;
  const offL = t.offset[layer]!;
  const offR = offL + side * side;
  const sp = t.spanOffset[layer]!;
  const taps = t.taps;
  const spans = t.spans;
  const wx1 = wx0 + ww - 1;
  for (let k = a; k < b; k++) {
    const p = order[k]!;
    const y = (p / pw) | 0;
    const x = p - y * pw;
    const cr = colour[p]!;
    const cg = colour[p + np]!;
    const cb = colour[p + 2 * np]!;
    // Only the tap rows that land inside the window.
    const jy0 = Math.max(0, wy0 - y + half);
    const jy1 = Math.min(side - 1, wy0 + wh - 1 - y + half);
    for (let jy = jy0; jy <= jy1; jy++) {
      const ty = y + jy - half - wy0;
      const first = spans[sp + 2 * jy]!;
      const last = spans[sp + 2 * jy + 1]!;
      if (last < first) continue;
      let tx0 = x - half + first;
      let tx1 = x - half + last;
      if (tx0 < wx0) tx0 = wx0;
      if (tx1 > wx1) tx1 = wx1;
      let ti = jy * side + (tx0 - x + half);
      let o = 8 * (ty * ww + (tx0 - wx0));
      for (let tx = tx0; tx <= tx1; tx++, ti++, o += 8) {
        const kl = taps[offL + ti]!;
        const kr = taps[offR + ti]!;
        buf[o] += cr * kl;
        buf[o + 1] += cg * kl;
        buf[o + 2] += cb * kl;
        buf[o + 3] += kl;
        buf[o + 4] += cr * kr;
        buf[o + 5] += cg * kr;
        buf[o + 6] += cb * kr;
        buf[o + 7] += kr;
      }
    }
  }
}

/**
 * Splats pixels `order[a..b)` of one layer onto the grid of spacing `s` px whose cell (X, Y) sits
 * at padded pixel (s·X, s·Y), bilinearly (each pixel's unit mass goes to its four nearest grid
 * points, which keeps its total and its centroid), as 4 channels (premultiplied r, g, b, mask)
 * scaled by 1/s² so a fully covered cell holds mask 1. Only cells inside the window
 * [gx0, gx0+gw) × [gy0, gy0+gh) are written; `touched` grows to the cells written.
 */
export function splatToGrid(
  order: Int32Array,
  a: number,
  b: number,
  colour: Float32Array,
  np: number,
  pw: number,
  s: number,
  mass: Float32Array,
  gx0: number,
  gy0: number,
  gw: number,
  gh: number,
  touched: Rect,
): void {
  const inv = 1 / s;
  const norm = 1 / (s * s);
  let mx0 = touched.x0;
  let my0 = touched.y0;
  let mx1 = touched.x1;
  let my1 = touched.y1;
  if (mx1 < mx0) {
    mx0 = gw;
    my0 = gh;
    mx1 = -1;
    my1 = -1;
  }
  for (let k = a; k < b; k++) {
    const p = order[k]!;
    const y = (p / pw) | 0;
    const x = p - y * pw;
    const X = ((x / s) | 0) - gx0;
    const Y = ((y / s) | 0) - gy0;
    if (X < -1 || X >= gw || Y < -1 || Y >= gh) continue;
    const fx = (x - s * (X + gx0)) * inv;
    const fy = (y - s * (Y + gy0)) * inv;
    const cr = colour[p]!;
    const cg = colour[p + np]!;
    const cb = colour[p + 2 * np]!;
    for (let dy = 0; dy < 2; dy++) {
      const gy = Y + dy;
      if (gy < 0 || gy >= gh) continue;
      const wy = (dy === 0 ? 1 - fy : fy) * norm;
      if (wy === 0) continue;
      for (let dx = 0; dx < 2; dx++) {
        const gx = X + dx;
        if (gx < 0 || gx >= gw) continue;
        const w = (dx === 0 ? 1 - fx : fx) * wy;
        if (w === 0) continue;
        const o = 4 * (gy * gw + gx);
        mass[o] += cr * w;
        mass[o + 1] += cg * w;
        mass[o + 2] += cb * w;
        mass[o + 3] += w;
        if (gx < mx0) mx0 = gx;
        if (gx > mx1) mx1 = gx;
        if (gy < my0) my0 = gy;
        if (gy > my1) my1 = gy;
      }
    }
  }
  touched.x0 = mx0;
  touched.y0 = my0;
  touched.x1 = mx1;
  touched.y1 = my1;
}

/**
 * Blurs the splatted cells `src` (rectangle `from` of the gw-wide mass window whose cell 0 is
 * grid cell (gx0, gy0)) with layer `layer`'s taps into `buf` (8 channels, window of ww × wh cells
 * from grid cell (wx0, wy0)), and clears the cells it read.
 */
export function scatterGrid(
  src: Float32Array,
  gx0: number,
  gy0: number,
  gw: number,
  from: Rect,
  t: TapTable,
  layer: number,
  buf: Float32Array,
  wx0: number,
  wy0: number,
  ww: number,
  wh: number,
): void {
  const half = t.half[layer]!;
  const side = 2 * half + 1;
  const offL = t.offset[layer]!;
  const offR = offL + side * side;
  const sp = t.spanOffset[layer]!;
  const taps = t.taps;
  const spans = t.spans;
  const wx1 = wx0 + ww - 1;
  for (let my = from.y0; my <= from.y1; my++) {
    const y = my + gy0;
    for (let mx = from.x0; mx <= from.x1; mx++) {
      const m = 4 * (my * gw + mx);
      const ca = src[m + 3]!;
      if (ca === 0) continue;
      const cr = src[m]!;
      const cg = src[m + 1]!;
      const cb = src[m + 2]!;
      src[m] = 0;
      src[m + 1] = 0;
      src[m + 2] = 0;
      src[m + 3] = 0;
      const x = mx + gx0;
      const jy0 = Math.max(0, wy0 - y + half);
      const jy1 = Math.min(side - 1, wy0 + wh - 1 - y + half);
      for (let jy = jy0; jy <= jy1; jy++) {
        const ty = y + jy - half - wy0;
        const first = spans[sp + 2 * jy]!;
        const last = spans[sp + 2 * jy + 1]!;
        if (last < first) continue;
        let tx0 = x - half + first;
        let tx1 = x - half + last;
        if (tx0 < wx0) tx0 = wx0;
        if (tx1 > wx1) tx1 = wx1;
        let ti = jy * side + (tx0 - x + half);
        let o = 8 * (ty * ww + (tx0 - wx0));
        for (let tx = tx0; tx <= tx1; tx++, ti++, o += 8) {
          const kl = taps[offL + ti]!;
          const kr = taps[offR + ti]!;
          buf[o] += cr * kl;
          buf[o + 1] += cg * kl;
          buf[o + 2] += cb * kl;
          buf[o + 3] += ca * kl;
          buf[o + 4] += cr * kr;
          buf[o + 5] += cg * kr;
          buf[o + 6] += cb * kr;
          buf[o + 7] += ca * kr;
        }
      }
    }
  }
}
