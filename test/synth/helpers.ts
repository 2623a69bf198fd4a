// Shared builders and measurements for the synth tests: small textures, planes, row shifts.
import type { FloatMap, Image } from '../../src/image/index.js';
import { DEFAULT_PSF, PsfBank, type DpKernel } from '../../src/psf/index.js';

/** A band-limited random texture (sum of seeded sinusoids), 3 channels in [0.1, 0.9]. */
export function texture(w: number, h: number, seed = 1, space: 'srgb' | 'linear' = 'linear'): Image {
  const n = w * h;
  const data = new Float32Array(3 * n);
  let s = seed;
  const rnd = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  const waves = Array.from({ length: 12 }, () => ({ fx: rnd() * 0.5, fy: rnd() * 0.3, ph: rnd() * 6.28, c: [rnd(), rnd(), rnd()] }));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        let v = 0;
        for (const wv of waves) v += wv.c[c]! * Math.sin(wv.fx * x + wv.fy * y + wv.ph);
        data[c * n + y * w + x] = 0.5 + 0.4 * Math.tanh(v / 3);
      }
    }
  }
  return { width: w, height: h, channels: 3, space, data };
}

/** A constant map. */
export function constMap(w: number, h: number, v: number): FloatMap {
  return { width: w, height: h, data: new Float32Array(w * h).fill(v) };
}

/** A constant-colour image. */
export function flat(w: number, h: number, rgb: readonly [number, number, number], space: 'srgb' | 'linear' = 'linear'): Image {
  const n = w * h;
  const data = new Float32Array(3 * n);
  for (let c = 0; c < 3; c++) data.fill(rgb[c]!, c * n, (c + 1) * n);
  return { width: w, height: h, channels: 3, space, data };
}

const bank = new PsfBank(DEFAULT_PSF);
/** Kernels of the default Butterworth PSF. */
export const kernels = (r: number): DpKernel => bank.get(r);

/** x-centroid (px, relative to the centre) of a size×size kernel. */
export function centroidX(k: Float32Array, size: number): number {
  let m = 0;
  let sx = 0;
  const c = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      m += k[y * size + x]!;
      sx += (x - c) * k[y * size + x]!;
    }
  }
  return sx / m;
}

/**
 * The shift δ (px, sub-pixel by a parabola through the peak) that maximizes the normalized
 * correlation Σ a(x)·b(x + δ) over rows [y0, y1) and columns [x0, x1) of channel 0; a feature at
 * x in b sits at x − δ in a.
 */
export function rowShift(a: Image, b: Image, x0: number, x1: number, y0: number, y1: number, maxShift = 8): number {
  const w = a.width;
  const score = (d: number): number => {
    let sab = 0;
    let saa = 0;
    let sbb = 0;
    let ma = 0;
    let mb = 0;
    let n = 0;
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        ma += a.data[y * w + x]!;
        mb += b.data[y * w + x + d]!;
        n++;
      }
    }
    ma /= n;
    mb /= n;
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const va = a.data[y * w + x]! - ma;
        const vb = b.data[y * w + x + d]! - mb;
        sab += va * vb;
        saa += va * va;
        sbb += vb * vb;
      }
    }
    return sab / Math.sqrt(saa * sbb);
  };
  let best = 0;
  let bestScore = -Infinity;
  const scores = new Map<number, number>();
  for (let d = -maxShift; d <= maxShift; d++) {
    const s = score(d);
    scores.set(d, s);
    if (s > bestScore) {
      bestScore = s;
      best = d;
    }
  }
  const l = scores.get(best - 1) ?? bestScore;
  const r = scores.get(best + 1) ?? bestScore;
  const den = l - 2 * bestScore + r;
  return den < 0 ? best + (0.5 * (l - r)) / den : best;
}

/** Mean of channel values over the rectangle [x0, x1) × [y0, y1), all channels. */
export function meanRect(img: Image, x0: number, x1: number, y0: number, y1: number): number {
  const n = img.width * img.height;
  let s = 0;
  let k = 0;
  for (let c = 0; c < img.channels; c++) {
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        s += img.data[c * n + y * img.width + x]!;
        k++;
      }
    }
  }
  return s / k;
}

/** Pixel (x, y) of channel c. */
export function px(img: Image, x: number, y: number, c = 0): number {
  return img.data[c * img.width * img.height + y * img.width + x]!;
}
