// Procedural surface textures for generated scenes, evaluated at surface coordinates in metres.
// Every pattern takes a footprint `fw` (metres covered by one pixel there) and fades detail finer
// than it towards its mean, so distant surfaces do not alias into moiré.
import type { Rng } from '../image/index.js';

/** A surface pattern: RGB in [0,1] (sRGB-encoded) at (u, v) m with footprint fw m, written to out[0..2]. */
export type Texture = (u: number, v: number, fw: number, out: Float64Array) => void;

function hash2(ix: number, iy: number, seed: number): number {
  let h = Math.imul(ix, 0x27d4eb2d) ^ Math.imul(iy, 0x165667b1) ^ Math.imul(seed, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** Smooth value noise in [0,1] on a unit lattice (quintic fade). */
export function valueNoise(x: number, y: number, seed: number): number {
  const ix = Math.floor(x);
  const iy = Math.floor(y);
  const fx = x - ix;
  const fy = y - iy;
  const sx = fx * fx * fx * (fx * (fx * 6 - 15) + 10);
  const sy = fy * fy * fy * (fy * (fy * 6 - 15) + 10);
  const a = hash2(ix, iy, seed);
  const b = hash2(ix + 1, iy, seed);
  const c = hash2(ix, iy + 1, seed);
  const d = hash2(ix + 1, iy + 1, seed);
  return a + (b - a) * sx + (c - a) * sy + (a - b - c + d) * sx * sy;
}

/** Multi-octave value noise (fBm) in [0,1] at frequency `freq` cycles/m; octaves finer than the footprint fade out. */
export function fbm(u: number, v: number, freq: number, octaves: number, fw: number, seed: number): number {
  let sum = 0;
  let norm = 0;
  let amp = 1;
  let f = freq;
  for (let o = 0; o < octaves; o++) {
    const fade = clamp01(1.5 - 2 * f * fw); // one lattice cell per ≲ two pixels: fade out
    sum += amp * (fade > 0 ? fade * valueNoise(u * f, v * f, seed + 31 * o) + (1 - fade) * 0.5 : 0.5);
    norm += amp;
    amp *= 0.55;
    f *= 2.03;
  }
  return sum / norm;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/** Anti-aliased square wave in [0,1] of period 1 (duty ½) at t, blurred over footprint w periods. */
function softSquare(t: number, w: number): number {
  if (w >= 0.5) return 0.5;
  const f = t - Math.floor(t);
  const e = Math.max(w, 1e-4);
  return clamp01((Math.min(f, 1 - f) - 0.25) / e + 0.5);
}

/** A colour from hue (turns), saturation and value, as sRGB values. */
export function hsv(h: number, s: number, v: number): [number, number, number] {
  return [hsvChannel(5, h, s, v), hsvChannel(3, h, s, v), hsvChannel(1, h, s, v)];
}

/** hsv into `out` (r, g, b in [0,1]), allocating nothing: for per-pixel use. */
export function hsvInto(h: number, s: number, v: number, out: Float64Array): void {
  out[0] = hsvChannel(5, h, s, v);
  out[1] = hsvChannel(3, h, s, v);
  out[2] = hsvChannel(1, h, s, v);
}

function hsvChannel(n: number, h: number, s: number, v: number): number {
  const t = (n + h * 6) % 6;
  return v - v * s * Math.max(0, Math.min(t, 4 - t, 1));
}

function mix(a: ArrayLike<number>, b: ArrayLike<number>, t: number, out: Float64Array): void {
  out[0] = a[0]! + (b[0]! - a[0]!) * t;
  out[1] = a[1]! + (b[1]! - a[1]!) * t;
  out[2] = a[2]! + (b[2]! - a[2]!) * t;
}

/** Draws a random texture: fBm, stripes, checker, brick or leaves, with a random palette and scale. */
export function randomTexture(rng: Rng): Texture {
  const seed = rng.nextU32() & 0x7fffffff;
  const hue = rng.uniform();
  const a = hsv(hue, rng.range(0.2, 0.8), rng.range(0.25, 0.6));
  const b = hsv((hue + rng.range(0.05, 0.5)) % 1, rng.range(0.2, 0.9), rng.range(0.55, 0.95));
  const scale = rng.range(0.5, 4); // features per metre
  const kind = rng.int(5);
  const tmp = new Float64Array(3);
  switch (kind) {
    case 0:
      return (u, v, fw, out) => mix(a, b, fbm(u, v, scale, 6, fw, seed), out);
    case 1: {
      const angle = rng.range(0, Math.PI);
      const ca = Math.cos(angle);
      const sa = Math.sin(angle);
      return (u, v, fw, out) => {
        const t = (u * ca + v * sa) * scale * 2;
        const s = softSquare(t + 0.6 * fbm(u, v, scale * 0.5, 3, fw, seed), fw * scale * 2);
        mix(a, b, 0.15 + 0.7 * s + 0.15 * fbm(u, v, scale * 4, 4, fw, seed + 7), out);
      };
    }
    case 2:
      return (u, v, fw, out) => {
        const w = fw * scale;
        const s = softSquare(u * scale * 0.5, w * 0.5) * 2 - 1;
        const t = softSquare(v * scale * 0.5, w * 0.5) * 2 - 1;
        mix(a, b, 0.5 + 0.4 * s * t + 0.1 * (fbm(u, v, scale * 3, 4, fw, seed) - 0.5), out);
      };
    case 3: {
      const bw = 1 / scale; // brick width (m), height half of it, mortar 6 % of the height
      return (u, v, fw, out) => {
        const row = Math.floor(v / (0.5 * bw));
        const x = u / bw + (row % 2 === 0 ? 0 : 0.5);
        const fx = x - Math.floor(x);
        const fy = v / (0.5 * bw) - row;
        const e = Math.max(fw / bw, 1e-4);
        const mortar = Math.max(clamp01((0.03 - Math.min(fx, 1 - fx)) / e + 0.5), clamp01((0.06 - Math.min(fy, 1 - fy)) / (2 * e) + 0.5));
        const tint = hash2(Math.floor(x), row, seed) * 0.5 + 0.25 * fbm(u, v, scale * 6, 3, fw, seed);
        mix(b, a, tint, tmp);
        mix(tmp, [0.8, 0.78, 0.74], mortar, out);
      };
    }
    default: {
      // Leaves: overlapping soft blobs on a jittered lattice, each with its own shade.
      return (u, v, fw, out) => {
        const x = u * scale * 2;
        const y = v * scale * 2;
        const ix = Math.floor(x);
        const iy = Math.floor(y);
        let best = 1e9;
        let shade = 0;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const cx = ix + dx + hash2(ix + dx, iy + dy, seed);
            const cy = iy + dy + hash2(ix + dx, iy + dy, seed + 1);
            const d = Math.hypot(x - cx, (y - cy) * 1.6);
            if (d < best) {
              best = d;
              shade = hash2(ix + dx, iy + dy, seed + 2);
            }
          }
        }
        const e = Math.max(fw * scale * 2, 0.02);
        const edge = clamp01((best - 0.55) / e + 0.5);
        mix(a, b, shade * (1 - edge) + 0.1 * edge + 0.2 * fbm(u, v, scale * 8, 3, fw, seed + 3), out);
      };
    }
  }
}
