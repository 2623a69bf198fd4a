import { imageFrom, type Image } from '../image/index.js';
import { fft2d, nextPowerOfTwo } from './fft.js';

/** A square blur kernel (PSF): size×size weights, row-major, odd size, centred at ((size−1)/2, (size−1)/2). Any positive sum; it is normalized to 1. */
export interface Kernel {
  readonly size: number;
  readonly data: Float32Array;
}

/** Options of {@link wienerDeconvolve}. */
export interface WienerOptions {
  /** Noise-to-signal power ratio added to |K|² in the denominator (dimensionless); default 0.01. */
  nsr?: number;
  /** Clip the result to [0,1] (default true, as skimage's `restoration.wiener`). */
  clip?: boolean;
}

/** Options of {@link richardsonLucy}. */
export interface RichardsonLucyOptions {
  /** Number of multiplicative updates; default 30. */
  iterations?: number;
  /** Clip the result to [0,1] (default true, as skimage's `restoration.richardson_lucy`). */
  clip?: boolean;
}

/** Deconvolution method and its parameters, as used by the layered variant. */
export type DeconvolutionMethod =
  | ({ method: 'wiener' } & WienerOptions)
  | ({ method: 'richardson-lucy' } & RichardsonLucyOptions);

const DEFAULT_NSR = 0.01;
const DEFAULT_ITERATIONS = 30;
// Guards y / (K∗x) where the estimate vanishes; far below one 16-bit step.
const RL_EPSILON = 1e-12;

/**
 * Wiener deconvolution with a spatially uniform PSF, per channel:
 * X(ω) = conj(K(ω))·Y(ω) / (|K(ω)|² + nsr) (Gonzalez & Woods, Eq. 5.8-6 with a constant
 * noise-to-signal ratio). Since K(0) = 1 the mean is scaled by 1/(1+nsr). Values in, values out.
 */
export function wienerDeconvolve(img: Image, kernel: Kernel, options: WienerOptions = {}): Image {
  const out = deconvolvePlanes(img.data, img.width, img.height, img.channels, kernel, { method: 'wiener', ...options });
  if (options.clip ?? true) clip01(out);
  return imageFrom(out, img.width, img.height, img.channels, img.space);
}

/**
 * Richardson–Lucy deconvolution with a spatially uniform PSF, per channel, starting from the
 * blurred image: x ← x · (K̃ ∗ (y / (K ∗ x))), K̃ the mirrored PSF (Richardson 1972, Lucy 1974).
 * Keeps values non-negative for non-negative input. Values in, values out.
 */
export function richardsonLucy(img: Image, kernel: Kernel, options: RichardsonLucyOptions = {}): Image {
  const out = deconvolvePlanes(img.data, img.width, img.height, img.channels, kernel, { method: 'richardson-lucy', ...options });
  if (options.clip ?? true) clip01(out);
  return imageFrom(out, img.width, img.height, img.channels, img.space);
}

/** Clamps every value to [0,1] in place. */
export function clip01(data: Float32Array): void {
  for (let i = 0; i < data.length; i++) data[i] = Math.min(1, Math.max(0, data[i] as number));
}

/** Throws a RangeError unless `kernel` is odd-sized, finite, non-negative in sum and of matching length; returns its radius (px). */
export function checkKernel(kernel: Kernel, fn: string): number {
  const { size, data } = kernel;
  if (!Number.isInteger(size) || size < 1 || size % 2 === 0) throw new RangeError(`${fn}: kernel size must be a positive odd integer, got ${size}`);
  if (data.length !== size * size) throw new RangeError(`${fn}: kernel of size ${size} needs ${size * size} values, got ${data.length}`);
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += data[i] as number;
  if (!(sum > 0) || !Number.isFinite(sum)) throw new RangeError(`${fn}: kernel must have a positive finite sum, got ${sum}`);
  return (size - 1) / 2;
}

/**
 * Deconvolves `channels` planes (CHW, width×height) with one PSF. Each plane is extended by
 * half-sample reflection to a power-of-two size with a margin of 3 kernel radii + 4 px, so that
 * the circular convolution the FFT implies wraps around far from the image, then cropped back.
 * Two channels travel in one complex transform (one as the real, one as the imaginary part):
 * the PSF is real, so filtering a + ib gives (h∗a) + i(h∗b) and the pair separates exactly.
 */
export function deconvolvePlanes(
  data: Float32Array, width: number, height: number, channels: number, kernel: Kernel, method: DeconvolutionMethod,
): Float32Array {
  const radius = checkKernel(kernel, method.method);
  const nsr = method.method === 'wiener' ? method.nsr ?? DEFAULT_NSR : 0;
  const iterations = method.method === 'richardson-lucy' ? method.iterations ?? DEFAULT_ITERATIONS : 0;
  if (!(nsr >= 0)) throw new RangeError(`wiener: nsr must be ≥ 0, got ${nsr}`);
  if (!Number.isInteger(iterations) || iterations < 0) throw new RangeError(`richardson-lucy: iterations must be a non-negative integer, got ${iterations}`);
  const margin = 3 * radius + 4;
  const pw = nextPowerOfTwo(width + 2 * margin);
  const ph = nextPowerOfTwo(height + 2 * margin);
  const [kr, ki] = transferFunction(kernel, pw, ph);
  const n = pw * ph;
  const plane = width * height;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  const rl = method.method === 'richardson-lucy';
  const obsRe = rl ? new Float64Array(n) : re;
  const obsIm = rl ? new Float64Array(n) : im;
  const estRe = rl ? new Float64Array(n) : re;
  const estIm = rl ? new Float64Array(n) : im;
  const out = new Float32Array(plane * channels);
  for (let c = 0; c < channels; c += 2) {
    const paired = c + 1 < channels;
    loadReflected(data.subarray(c * plane, (c + 1) * plane), width, height, margin, pw, ph, obsRe);
    if (paired) loadReflected(data.subarray((c + 1) * plane, (c + 2) * plane), width, height, margin, pw, ph, obsIm);
    else obsIm.fill(0);
    if (!rl) {
      fft2d(re, im, pw, ph);
      for (let i = 0; i < n; i++) {
        const a = kr[i] as number;
        const b = ki[i] as number;
        const yr = re[i] as number;
        const yi = im[i] as number;
        const d = a * a + b * b + nsr;
        // conj(K)·Y / (|K|² + nsr); d = 0 only where K = 0 and nsr = 0: no information, keep 0.
        re[i] = d > 0 ? (a * yr + b * yi) / d : 0;
        im[i] = d > 0 ? (a * yi - b * yr) / d : 0;
      }
      fft2d(re, im, pw, ph, true);
    } else {
      for (let i = 0; i < n; i++) {
        obsRe[i] = Math.max(0, obsRe[i] as number);
        obsIm[i] = Math.max(0, obsIm[i] as number);
      }
      estRe.set(obsRe);
      estIm.set(obsIm);
      for (let it = 0; it < iterations; it++) {
        re.set(estRe);
        im.set(estIm);
        fft2d(re, im, pw, ph);
        multiply(re, im, kr, ki, false);
        fft2d(re, im, pw, ph, true);
        for (let i = 0; i < n; i++) {
          re[i] = (obsRe[i] as number) / Math.max(re[i] as number, RL_EPSILON);
          im[i] = (obsIm[i] as number) / Math.max(im[i] as number, RL_EPSILON);
        }
        fft2d(re, im, pw, ph);
        multiply(re, im, kr, ki, true);
        fft2d(re, im, pw, ph, true);
        for (let i = 0; i < n; i++) {
          estRe[i] = (estRe[i] as number) * Math.max(0, re[i] as number);
          estIm[i] = (estIm[i] as number) * Math.max(0, im[i] as number);
        }
      }
    }
    for (let y = 0; y < height; y++) {
      const src = (y + margin) * pw + margin;
      for (let x = 0; x < width; x++) {
        out[c * plane + y * width + x] = estRe[src + x] as number;
        if (paired) out[(c + 1) * plane + y * width + x] = estIm[src + x] as number;
      }
    }
  }
  return out;
}

/** (re, im) ← (re, im)·K, or ·conj(K) — correlation with the PSF — when `conjugate`. */
function multiply(re: Float64Array, im: Float64Array, kr: Float64Array, ki: Float64Array, conjugate: boolean): void {
  const s = conjugate ? -1 : 1;
  for (let i = 0; i < re.length; i++) {
    const a = kr[i] as number;
    const b = s * (ki[i] as number);
    const yr = re[i] as number;
    const yi = im[i] as number;
    re[i] = a * yr - b * yi;
    im[i] = a * yi + b * yr;
  }
}

/** Half-sample symmetric index (… b a | a b c … z | z y …), valid for any integer i. */
function reflectIndex(i: number, n: number): number {
  const period = 2 * n;
  const m = ((i % period) + period) % period;
  return m < n ? m : period - 1 - m;
}

/** Writes the plane into a pw×ph buffer at offset (margin, margin), filling the rest by reflection. */
function loadReflected(plane: Float32Array, w: number, h: number, margin: number, pw: number, ph: number, out: Float64Array): void {
  for (let py = 0; py < ph; py++) {
    const row = reflectIndex(py - margin, h) * w;
    for (let px = 0; px < pw; px++) out[py * pw + px] = plane[row + reflectIndex(px - margin, w)] as number;
  }
}

/** Optical transfer function: the normalized PSF with its centre moved to (0,0) (circularly), transformed. */
function transferFunction(kernel: Kernel, pw: number, ph: number): [Float64Array, Float64Array] {
  const { size, data } = kernel;
  const r = (size - 1) / 2;
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += data[i] as number;
  const re = new Float64Array(pw * ph);
  const im = new Float64Array(pw * ph);
  for (let ky = 0; ky < size; ky++) {
    const y = (((ky - r) % ph) + ph) % ph;
    for (let kx = 0; kx < size; kx++) {
      const x = (((kx - r) % pw) + pw) % pw;
      re[y * pw + x] = (re[y * pw + x] as number) + (data[ky * size + kx] as number) / sum;
    }
  }
  fft2d(re, im, pw, ph);
  return [re, im];
}
