// Which side of the focal plane each pixel of a DP pair is on, from the views alone. Behind the
// focal plane the left view's content sits left of the right view's, in front of it right of it
// (DESIGN "The DP image-formation model"), so the sign of the horizontal shift that best aligns
// the views, found by block matching, is the sign of the CoC radius.
import type { Image } from '../../src/image/index.js';

/** Options of disparitySign. */
export interface DisparitySignOptions {
  /** Largest shift tried, px (default 8). */
  readonly maxShift?: number;
  /** Half side of the square matching window, px (default 4: 9×9). */
  readonly radius?: number;
  /** Windows whose mean squared horizontal gradient is below this are "too flat to tell" (default 2e-4, [0,1]² units). */
  readonly minTexture?: number;
}

/** Per-pixel labels: +1 behind the focal plane, −1 in front, 0 in focus, NaN too flat to tell. */
export interface DisparitySign {
  readonly width: number;
  readonly height: number;
  readonly sign: Float32Array;
}

/**
 * The sign of the DP disparity of every pixel: the integer shift s ∈ [−maxShift, maxShift] (px)
 * minimizing the windowed squared difference between L(x + s) and R(x) is −d, with d > 0 behind
 * the focal plane. A pixel whose best shift is 0, or whose best cost is not clearly below the
 * cost at 0, is in focus.
 */
export function disparitySign(left: Image, right: Image, options: DisparitySignOptions = {}): DisparitySign {
  const maxShift = options.maxShift ?? 8;
  const radius = options.radius ?? 4;
  const minTexture = options.minTexture ?? 2e-4;
  const { width: w, height: h } = left;
  const l = luminance(left);
  const r = luminance(right);
  const n = w * h;
  const best = new Float32Array(n).fill(Infinity);
  const bestShift = new Int32Array(n);
  let atZero: Float32Array = new Float32Array(n);
  const diff = new Float32Array(n);
  for (let s = -maxShift; s <= maxShift; s++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const xs = Math.min(w - 1, Math.max(0, x + s));
        const d = (l[y * w + xs] as number) - (r[y * w + x] as number);
        diff[y * w + x] = d * d;
      }
    }
    const cost = boxMean(diff, w, h, radius);
    if (s === 0) atZero = cost;
    for (let i = 0; i < n; i++) {
      // Ties go to the smaller |s|: shifts are visited from −maxShift up, so only a strictly
      // better cost, or an equal one nearer zero, replaces the best.
      const c = cost[i] as number;
      const b = best[i] as number;
      if (c < b || (c === b && Math.abs(s) < Math.abs(bestShift[i] as number))) {
        best[i] = c;
        bestShift[i] = s;
      }
    }
  }
  const grad = new Float32Array(n);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const g = (r[y * w + Math.min(w - 1, x + 1)] as number) - (r[y * w + Math.max(0, x - 1)] as number);
    grad[y * w + x] = 0.25 * g * g;
  }
  const texture = boxMean(grad, w, h, radius);
  const sign = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if ((texture[i] as number) < minTexture) sign[i] = NaN;
    else if (bestShift[i] === 0 || (best[i] as number) > 0.8 * (atZero[i] as number)) sign[i] = 0;
    else sign[i] = bestShift[i]! < 0 ? 1 : -1;
  }
  return { width: w, height: h, sign };
}

/** The sign map as an image: red behind, blue in front, white in focus, grey where too flat (the CoC colours of the preview). */
export function signColours(map: DisparitySign): Image {
  const n = map.width * map.height;
  const out = new Float32Array(3 * n);
  const colours: Record<string, readonly [number, number, number]> = { '1': [0.85, 0.1, 0.1], '-1': [0.1, 0.25, 0.85], '0': [1, 1, 1], NaN: [0.75, 0.75, 0.75] };
  for (let i = 0; i < n; i++) {
    const c = colours[String(map.sign[i])] as readonly [number, number, number];
    for (let k = 0; k < 3; k++) out[k * n + i] = c[k] as number;
  }
  return { width: map.width, height: map.height, channels: 3, space: 'srgb', data: out };
}

function luminance(img: Image): Float32Array {
  const n = img.width * img.height;
  const out = new Float32Array(n);
  const c = img.channels;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < c; k++) s += img.data[k * n + i] as number;
    out[i] = s / c;
  }
  return out;
}

/** Mean over the (2·radius+1)² window around each pixel, clipped at the borders, via a summed-area table. */
function boxMean(src: Float32Array, w: number, h: number, radius: number): Float32Array {
  const sat = new Float64Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += src[y * w + x] as number;
      sat[(y + 1) * (w + 1) + x + 1] = (sat[y * (w + 1) + x + 1] as number) + row;
    }
  }
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const y0 = Math.max(0, y - radius);
    const y1 = Math.min(h, y + radius + 1);
    for (let x = 0; x < w; x++) {
      const x0 = Math.max(0, x - radius);
      const x1 = Math.min(w, x + radius + 1);
      const s = (sat[y1 * (w + 1) + x1] as number) - (sat[y0 * (w + 1) + x1] as number) - (sat[y1 * (w + 1) + x0] as number) + (sat[y0 * (w + 1) + x0] as number);
      out[y * w + x] = s / ((x1 - x0) * (y1 - y0));
    }
  }
  return out;
}
