// Back-to-front "over" compositing of blurred layers (paper Sec. 3), both views at once, on
// 8-channel interleaved buffers (left r, g, b, α, right r, g, b, α; colour premultiplied).
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
  v: Float32Array,
): void {
  const inv = 1 / s;
  for (let y = fine.y0; y <= fine.y1; y++) {
    const Y = (y / s) | 0;
    const wy = (y - s * Y) * inv;
    const row0 = (Y - gy0) * gw;
    const row1 = row0 + gw;
    let o = 8 * ((y - fy0) * ww + (fine.x0 - fx0));
    for (let x = fine.x0; x <= fine.x1; x++, o += 8) {
      const X = (x / s) | 0;
      const wx = (x - s * X) * inv;
      const g00 = 8 * (row0 + X - gx0);
      const g10 = g00 + 8;
      const g01 = 8 * (row1 + X - gx0);
      const g11 = g01 + 8;
      const w00 = (1 - wx) * (1 - wy);
      const w10 = wx * (1 - wy);
      const w01 = (1 - wx) * wy;
      const w11 = wx * wy;
      const al = w00 * group[g00 + 3]! + w10 * group[g10 + 3]! + w01 * group[g01 + 3]! + w11 * group[g11 + 3]!;
      const ar = w00 * group[g00 + 7]! + w10 * group[g10 + 7]! + w01 * group[g01 + 7]! + w11 * group[g11 + 7]!;
      if (al === 0 && ar === 0) continue;
      for (let c = 0; c < 8; c++) {
        v[c] = w00 * group[g00 + c]! + w10 * group[g10 + c]! + w01 * group[g01 + c]! + w11 * group[g11 + c]!;
      }
      const tl = al < 1 ? 1 - al : 0;
      const tr = ar < 1 ? 1 - ar : 0;
      acc[o] = v[0]! + tl * acc[o]!;
      acc[o + 1] = v[1]! + tl * acc[o + 1]!;
      acc[o + 2] = v[2]! + tl * acc[o + 2]!;
      acc[o + 3] = al + tl * acc[o + 3]!;
      acc[o + 4] = v[4]! + tr * acc[o + 4]!;
      acc[o + 5] = v[5]! + tr * acc[o + 5]!;
      acc[o + 6] = v[6]! + tr * acc[o + 6]!;
      acc[o + 7] = ar + tr * acc[o + 7]!;
    }
  }
}

/**
 * Normalized compositing's last step: colour ÷ accumulated alpha, per view. Plain "over" of a
 * smooth depth ramp cut into thin layers leaves A < 1 (each thin layer's blurred mask is partial
 * and the gaps compound) and darkens it; dividing by A restores the light (DESIGN.md). Writes
 * row `row` of the w×h output planes (left r, g, b, right r, g, b) from an acc row of w cells;
 * where A is 0 (nothing reached the pixel) it falls back to the sharp pixel, read from the
 * padded colour planes (np values each, pw wide, `pad` px of padding).
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
): void {
  const n = w * h;
  for (let x = 0; x < w; x++) {
    const o = 8 * (accRow * w + x);
    const p = row * w + x;
    const q = (row + pad) * pw + x + pad;
    const al = acc[o + 3]!;
    const ar = acc[o + 7]!;
    for (let c = 0; c < 3; c++) {
      out[c * n + p] = al > 1e-12 ? acc[o + c]! / al : colour[c * np + q]!;
      out[(3 + c) * n + p] = ar > 1e-12 ? acc[o + 4 + c]! / ar : colour[c * np + q]!;
    }
  }
}
