// Deterministic test images shared by the eval tests.
import { imageFrom, Rng, type Image } from '../../src/image/index.js';

/**
 * Integer-hash image, values k/255 rounded to float32; fixtures/ssim_reference.py builds the
 * same pixels in numpy so that scikit-image sees exactly these values.
 */
export function hashImage(w: number, h: number, c: number, seed: number): Image {
  const data = new Float32Array(w * h * c);
  for (let ch = 0; ch < c; ch++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const v = (x * 73 + y * 151 + ch * 37 + seed * 101 + ((x * y * (seed + 3)) % 17) + ((x * x + 3 * y) % 29)) % 256;
        data[ch * w * h + y * w + x] = v / 255;
      }
    }
  }
  return imageFrom(data, w, h, c, 'srgb');
}

/** (1 − t)·a + t·b with float32 rounding after each operation, as numpy does on float32 arrays. */
export function blend(a: Image, b: Image, t: number): Image {
  const out = new Float32Array(a.data.length);
  const s = Math.fround(1 - t);
  const u = Math.fround(t);
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.fround(Math.fround(s * (a.data[i] as number)) + Math.fround(u * (b.data[i] as number)));
  }
  return imageFrom(out, a.width, a.height, a.channels, a.space);
}

/** Image with every value mapped through f(value, index). */
export function mapImage(img: Image, f: (v: number, i: number) => number): Image {
  const out = new Float32Array(img.data.length);
  for (let i = 0; i < out.length; i++) out[i] = f(img.data[i] as number, i);
  return imageFrom(out, img.width, img.height, img.channels, img.space);
}

/** Uniform random image in [lo, hi). */
export function randomImage(w: number, h: number, c: number, seed: number, lo = 0, hi = 1): Image {
  const rng = new Rng(seed);
  const data = new Float32Array(w * h * c);
  for (let i = 0; i < data.length; i++) data[i] = rng.range(lo, hi);
  return imageFrom(data, w, h, c, 'srgb');
}

/**
 * Procedural grey texture in [0,1]: a few random sinusoids (random frequency, orientation, phase)
 * plus a little white noise; `seed` picks them.
 */
export function texture(w: number, h: number, seed: number, noise = 0.02): Image {
  const rng = new Rng(seed);
  const waves = Array.from({ length: 6 }, () => ({
    f: rng.range(0.03, 0.35),
    th: rng.range(0, Math.PI),
    ph: rng.range(0, 2 * Math.PI),
    a: rng.range(0.3, 1),
  }));
  const norm = waves.reduce((s, wv) => s + wv.a, 0);
  const data = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let v = 0;
      for (const wv of waves) v += wv.a * Math.sin(wv.f * (x * Math.cos(wv.th) + y * Math.sin(wv.th)) + wv.ph);
      data[y * w + x] = Math.min(1, Math.max(0, 0.5 + (0.4 * v) / norm + noise * rng.normal()));
    }
  }
  return imageFrom(data, w, h, 1, 'srgb');
}
