// Where to look in the visual report: the window where the blurred input is furthest from the
// target, i.e. strong defocus over texture, which is where deblurring methods differ.
import type { Image } from '../image/index.js';

/** A window in an image (px). */
export interface Window {
  readonly x0: number;
  readonly y0: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The side×side window (clipped to the image) with the largest summed |input − target| (channel
 * mean), searched on a grid of side/8 px; ties keep the first (top-left-most) window.
 */
export function cropWindow(input: Image, target: Image, side: number): Window {
  const { width: w, height: h, channels } = input;
  const cw = Math.min(side, w);
  const ch = Math.min(side, h);
  const n = w * h;
  // Summed-area table with a zero first row and column: S[(y)(w+1) + x] = Σ over [0,x)×[0,y).
  const S = new Float64Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      let d = 0;
      for (let c = 0; c < channels; c++) d += Math.abs(input.data[c * n + y * w + x]! - target.data[c * n + y * w + x]!);
      row += d / channels;
      S[(y + 1) * (w + 1) + x + 1] = S[y * (w + 1) + x + 1]! + row;
    }
  }
  const stride = Math.max(1, Math.floor(side / 8));
  const starts = (len: number, win: number): number[] => {
    const out: number[] = [];
    for (let p = 0; p <= len - win; p += stride) out.push(p);
    if (out[out.length - 1] !== len - win) out.push(len - win);
    return out;
  };
  let best = { x0: 0, y0: 0, score: -Infinity };
  for (const y0 of starts(h, ch)) {
    for (const x0 of starts(w, cw)) {
      const s = S[(y0 + ch) * (w + 1) + x0 + cw]! - S[y0 * (w + 1) + x0 + cw]! - S[(y0 + ch) * (w + 1) + x0]! + S[y0 * (w + 1) + x0]!;
      if (s > best.score) best = { x0, y0, score: s };
    }
  }
  return { x0: best.x0, y0: best.y0, width: cw, height: ch };
}
