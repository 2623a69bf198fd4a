// A DP cost volume (not in the paper): the disparity between the two views is what tells a DP
// network how defocused a pixel is and on which side of focus (DESIGN.md: behind focus the left
// view's content sits left of the right view's). The U-Net can find it from the stacked views
// only through its first layers' small kernels; later DP deblurring networks hand it a
// correlation between the views instead. Computed inside the graph from the input x, so every
// runtime (training, deblur, export, the browser) runs it unchanged, and no gradient flows into it.
import type { Graph, Value } from '../nn/index.js';

/** Side of the box window that averages the per-pixel matching cost, px (odd). */
export const COST_WINDOW = 7;

/** Channels the cost volume adds to the first layer's input at maximum shift D px: one per shift −D…D. */
export function costVolumeChannels(maxShift: number): number {
  return maxShift > 0 ? 2 * maxShift + 1 : 0;
}

/**
 * C_s(y, x) = box_7×7 |g_l(y, x) − g_r(y, x + s)| for s = −D…D px, with g the mean of R, G, B of
 * each view (x channels 0–2 left, 3–5 right) and zero outside the image. Returns [N, 2D+1, H, W];
 * channel s + D holds shift s. At a pure horizontal shift δ between the views (g_r(x) = g_l(x − δ))
 * the cost vanishes at s = δ.
 */
export function costVolume(g: Graph, x: Value, maxShift: number): Value {
  const D = maxShift;
  const grey = (from: number): Value => g.mean(g.slice(x, [from], [from + 3], [1]), [1], true);
  const gl = grey(0);
  const gr = g.pad(grey(3), [0, 0, 0, D], [0, 0, 0, D]);
  const shifted: Value[] = [];
  for (let s = -D; s <= D; s++) {
    // Padded column j holds g_r(j − D); output column x reads j = x + D + s.
    const end = D - s === 0 ? Infinity : -(D - s);
    shifted.push(g.slice(gr, [D + s], [end], [3]));
  }
  const diff = g.sub(gl, g.concat(shifted, 1));
  const absDiff = g.add(g.relu(diff), g.relu(g.neg(diff)));
  // Separable box average: 1×7 then 7×1, one filter per shift (depthwise).
  const c = costVolumeChannels(D);
  const taps = new Float32Array(c * COST_WINDOW).fill(1 / COST_WINDOW);
  // Frames of an unrolled graph share the two constants.
  const row = g.lookup(`cost_volume/row${D}`) ?? g.constant(`cost_volume/row${D}`, [c, 1, 1, COST_WINDOW], taps);
  const col = g.lookup(`cost_volume/col${D}`) ?? g.constant(`cost_volume/col${D}`, [c, 1, COST_WINDOW, 1], taps);
  return g.conv2d(g.conv2d(absDiff, row, null, { groups: c }), col, null, { groups: c });
}
