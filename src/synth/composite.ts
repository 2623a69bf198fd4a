// Back-to-front "over" compositing of blurred layers (paper Sec. 3), both views at once, on
// 8-channel interleaved buffers (left r, g, b, α, right r, g, b, α; colour premultiplied).
import { linearToSrgbValue } from '../image/index.js';
import { SRGB_SEGMENTS } from './colour.js';
import type { Rect } from './convolve.js';

/**
 * acc ← layer over acc on the cells of rectangle `r` of a w-wide buffer, then clears those cells
 * of `layer`: C ← C_k + (1 − α_k)·C and A ← α_k + (1 − α_k)·A per view, the blurred mask being
 * the layer's alpha. The accumulated A is kept so the result can be normalized by it.
 */
export function compositeOver(acc: Float32Array, layer: Float32Array, w: number, r: Rect): void {
  for (let y = r.y0; y <= r.y1; y++) {
    let o = 8 * (y * w + r.x0);
    for (let x = r.x0; x <= r.x1; x++, o += 8) {
      const al = layer[o + 3]!;
      const ar = layer[o + 7]!;
      if (al === 0 && ar === 0) continue;
      const tl = al < 1 ? 1 - al : 0;
      const tr = ar < 1 ? 1 - ar : 0;
      acc[o] = layer[o]! + tl * acc[o]!;
      acc[o + 1] = layer[o + 1]! + tl * acc[o + 1]!;
      acc[o + 2] = layer[o + 2]! + tl * acc[o + 2]!;
      acc[o + 3] = al + tl * acc[o + 3]!;
      acc[o + 4] = layer[o + 4]! + tr * acc[o + 4]!;
      acc[o + 5] = layer[o + 5]! + tr * acc[o + 5]!;
      acc[o + 6] = layer[o + 6]! + tr * acc[o + 6]!;
      acc[o + 7] = ar + tr * acc[o + 7]!;
      for (let c = 0; c < 8; c++) layer[o + c] = 0;
    }
  }
}

/**
 * acc (full resolution, window of ww cells wide from padded pixel (fx0, fy0)) ← upsampled group
 * over acc, on the pixels of `fine` (padded pixel coordinates). The group was composited on the
 * grid of spacing s whose cell (X, Y) sits at padded pixel (s·X, s·Y); `group` is a gw-wide window
 * of it from cell (gx0, gy0); values between cells are bilinear, the partner of the splat.
 * Interpolation is separable: each fine row first blends two grid rows into `row` (8·gw values).
 */
export function compositeUpsampled(
  acc: Float32Array,
  fx0: number,
  fy0: number,
  ww: number,
  fine: Rect,
  group: Float32Array,
  gx0: number,
  gy0: number,
  gw: number,
  s: number,
  row: Float32Array,
): void {
  const inv = 1 / s;
  const X0 = (fine.x0 / s) | 0;
  const X1 = ((fine.x1 / s) | 0) + 1;
  for (let y = fine.y0; y <= fine.y1; y++) {
    const Y = (y / s) | 0;
    const wy = (y - s * Y) * inv;
    const r0 = 8 * (Y - gy0) * gw;
    const r1 = r0 + 8 * gw;
    let any = false;
    for (let X = X0; X <= X1; X++) {
      const g = 8 * (X - gx0);
      for (let c = 0; c < 8; c++) row[g + c] = group[r0 + g + c]! + wy * (group[r1 + g + c]! - group[r0 + g + c]!);
      if (row[g + 3] !== 0 || row[g + 7] !== 0) any = true;
    }
    if (!any) continue;
    let o = 8 * ((y - fy0) * ww + (fine.x0 - fx0));
    for (let x = fine.x0; x <= fine.x1; x++, o += 8) {
      const X = (x / s) | 0;
      const wx = (x - s * X) * inv;
      const a = 8 * (X - gx0);
      const b = a + 8;
      const al = row[a + 3]! + wx * (row[b + 3]! - row[a + 3]!);
      const ar = row[a + 7]! + wx * (row[b + 7]! - row[a + 7]!);
      if (al === 0 && ar === 0) continue;
      const tl = al < 1 ? 1 - al : 0;
      const tr = ar < 1 ? 1 - ar : 0;
      acc[o] = row[a]! + wx * (row[b]! - row[a]!) + tl * acc[o]!;
      acc[o + 1] = row[a + 1]! + wx * (row[b + 1]! - row[a + 1]!) + tl * acc[o + 1]!;
      acc[o + 2] = row[a + 2]! + wx * (row[b + 2]! - row[a + 2]!) + tl * acc[o + 2]!;
      acc[o + 3] = al + tl * acc[o + 3]!;
      acc[o + 4] = row[a + 4]! + wx * (row[b + 4]! - row[a + 4]!) + tr * acc[o + 4]!;
      acc[o + 5] = row[a + 5]! + wx * (row[b + 5]! - row[a + 5]!) + tr * acc[o + 5]!;
      acc[o + 6] = row[a + 6]! + wx * (row[b + 6]! - row[a + 6]!) + tr * acc[o + 6]!;
      acc[o + 7] = ar + tr * acc[o + 7]!;
    }
  }
}

/**
 * Normalized compositing's last step: colour ÷ accumulated alpha, per view. Plain "over" of a
 * smooth depth ramp cut into thin layers leaves A < 1 (each thin layer's blurred mask is partial
 * and the gaps compound) and darkens it; dividing by A restores the light (DESIGN.md). Writes
 * row `row` of the w×h output planes (left r, g, b, right r, g, b) from an acc row of w cells,
 * sRGB-encoded through `encode` (a table from colour.ts) when given; where A is 0 (nothing
 * reached the pixel) it falls back to the sharp pixel, read from the padded colour planes (np
 * values each, pw wide, `pad` px of padding).
 */
export function normalizeRow(
  acc: Float32Array,
  accRow: number,
  w: number,
  h: number,
  row: number,
  out: Float32Array,
  colour: Float32Array,
  pw: number,
  np: number,
  pad: number,
  encode: Float64Array | null,
): void {
  const n = w * h;
  for (let x = 0; x < w; x++) {
    const o = 8 * (accRow * w + x);
    const p = row * w + x;
    const q = (row + pad) * pw + x + pad;
    const al = acc[o + 3]!;
    const ar = acc[o + 7]!;
    const il = al > 1e-12 ? 1 / al : 0;
    const ir = ar > 1e-12 ? 1 / ar : 0;
    for (let c = 0; c < 3; c++) {
      let vl = il > 0 ? acc[o + c]! * il : colour[c * np + q]!;
      let vr = ir > 0 ? acc[o + 4 + c]! * ir : colour[c * np + q]!;
      if (encode !== null) {
        vl = encodeValue(vl, encode);
        vr = encodeValue(vr, encode);
      }
      out[c * n + p] = vl;
      out[(3 + c) * n + p] = vr;
    }
  }
}

function encodeValue(v: number, t: Float64Array): number {
  if (!(v >= 0 && v <= 1)) return linearToSrgbValue(v);
  const x = v * SRGB_SEGMENTS;
  const k = x | 0;
  return t[k]! + (t[k + 1]! - t[k]!) * (x - k);
}
