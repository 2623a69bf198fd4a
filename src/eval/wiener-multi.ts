// Wiener deconvolution of one scene seen through several blurs (the two DP views, or the combined
// image alone), with the observations transformed once and re-filtered for many PSFs (depth layers).
import { checkKernel, type Kernel } from './deconvolution.js';
import { fft2d, nextPowerOfTwo } from './fft.js';

/**
 * The prior on the sharp image that regularizes the inverse:
 * - `gradient`: Gaussian prior on the gradient of x − a·ȳ (ȳ the mean of the observations,
 *   a = `anchor` ∈ [0,1], default 0) with per-pixel variance `gradientVariance` (E|∇·|², both
 *   forward differences summed). With a = 0 it is the classic prior on the image gradient, a signal
 *   spectrum ∝ 1/|ω|² as natural images have: the penalty (σ²/gradientVariance)·|D(ω)|²,
 *   |D|² = 4sin²(πu) + 4sin²(πv), vanishes at DC, so the mean is kept exactly, and grows with
 *   frequency, where natural images hold little energy and noise dominates; where the data say
 *   little the estimate flattens. With a = 1 it expects x to differ from what was observed by
 *   detail of that variance, and where the data say little it stays at the observation:
 *   X = (Σ conj(K_i)·Y_i/σ_i² + a·P·Ȳ) / (Σ|K_i|²/σ_i² + P), P = |D|²/gradientVariance.
 * - `flat`: the textbook constant noise-to-signal ratio `nsr` added to Σ|K|² (white signal spectrum).
 */
export type WienerPrior =
  | { readonly kind: 'gradient'; readonly gradientVariance: number; readonly anchor?: number }
  | { readonly kind: 'flat'; readonly nsr: number };

/** One observation's blur in a layer: its PSF and the variance of its noise per pixel (image units²). */
export interface BlurredView {
  readonly kernel: Kernel;
  readonly noiseVariance: number;
}

// Keeps Σ|K|²/σ² + penalty away from 0 where every OTF has a zero and the prior does not act (DC of
// a zero-mean kernel, which PSFs never are); far below any real term.
const DENOMINATOR_FLOOR = 1e-12;

/**
 * Observations y_i = k_i ∗ x + n_i (same size, CHW, `channels` planes each), n_i white with variance
 * σ_i². `solve` returns the Wiener (MAP under a Gaussian prior) estimate
 * X(ω) = Σ_i conj(K_i)·Y_i/σ_i² / (Σ_i |K_i|²/σ_i² + P(ω)), P the prior's penalty.
 * With one observation and the flat prior this is X = conj(K)·Y / (|K|² + nsr) (Gonzalez & Woods,
 * Eq. 5.8-6), noise variance then ignored. Each plane is extended by half-sample reflection to a
 * power-of-two size with a margin of at least `margin` px, so that the circular convolution the
 * FFT implies wraps around away from the image; the spectra are computed once.
 */
export class MultiWiener {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  /** Margin (px) the largest kernel may reach; kernels with a larger radius are refused. */
  readonly margin: number;
  private readonly pw: number;
  private readonly ph: number;
  /** Per observation, per channel pair: spectrum of (channel 2j) + i·(channel 2j+1). */
  private readonly spectra: { re: Float64Array; im: Float64Array }[][];
  private readonly penalty: Float64Array;

  constructor(observations: readonly Float32Array[], width: number, height: number, channels: number, margin: number) {
    if (observations.length < 1) throw new RangeError('MultiWiener: needs at least one observation');
    const plane = width * height;
    for (const o of observations) {
      if (o.length !== plane * channels) throw new RangeError(`MultiWiener: observation holds ${o.length} values, expected ${width}x${height}x${channels}`);
    }
    if (!(Number.isInteger(margin) && margin >= 0)) throw new RangeError(`MultiWiener: margin must be a non-negative integer (px), got ${margin}`);
    this.width = width;
    this.height = height;
    this.channels = channels;
    this.margin = margin;
    this.pw = nextPowerOfTwo(width + 2 * margin);
    this.ph = nextPowerOfTwo(height + 2 * margin);
    this.spectra = observations.map((o) => {
      const pairs: { re: Float64Array; im: Float64Array }[] = [];
      for (let c = 0; c < channels; c += 2) {
        const re = new Float64Array(this.pw * this.ph);
        const im = new Float64Array(this.pw * this.ph);
        this.load(o.subarray(c * plane, (c + 1) * plane), re);
        if (c + 1 < channels) this.load(o.subarray((c + 1) * plane, (c + 2) * plane), im);
        fft2d(re, im, this.pw, this.ph);
        pairs.push({ re, im });
      }
      return pairs;
    });
    this.penalty = gradientPenalty(this.pw, this.ph);
  }

  /** The estimate for one blur per observation (same order as the constructor's), CHW at the image's size, unclipped. */
  solve(views: readonly BlurredView[], prior: WienerPrior): Float32Array {
    if (views.length !== this.spectra.length) throw new RangeError(`MultiWiener.solve: ${views.length} kernels for ${this.spectra.length} observations`);
    const n = this.pw * this.ph;
    for (const v of views) {
      const r = checkKernel(v.kernel, 'MultiWiener.solve');
      if (r > this.margin) throw new RangeError(`MultiWiener.solve: kernel radius ${r} px exceeds the margin ${this.margin} px`);
      if (!(v.noiseVariance > 0) && prior.kind !== 'flat') throw new RangeError(`MultiWiener.solve: noise variance must be > 0 with the gradient prior, got ${v.noiseVariance}`);
    }
    const otfs: [Float64Array, Float64Array][] = [];
    for (let v = 0; v < views.length; v += 2) {
      otfs.push(...transferFunctions(views[v]!.kernel, views[v + 1]?.kernel, this.pw, this.ph));
    }
    // Flat prior: the textbook NSR form, conj(K)·Y/(Σ|K|² + nsr), with the views weighted alike.
    const weights = views.map((v) => (prior.kind === 'flat' ? 1 : 1 / v.noiseVariance));
    if (prior.kind === 'flat' && !(prior.nsr >= 0)) throw new RangeError(`MultiWiener.solve: nsr must be ≥ 0, got ${prior.nsr}`);
    if (prior.kind !== 'flat' && !(prior.gradientVariance > 0)) throw new RangeError(`MultiWiener.solve: gradientVariance must be > 0, got ${prior.gradientVariance}`);
    const anchor = prior.kind === 'gradient' ? prior.anchor ?? 0 : 0;
    if (!(anchor >= 0 && anchor <= 1)) throw new RangeError(`MultiWiener.solve: anchor must be in [0, 1], got ${anchor}`);
    const inv = new Float64Array(n);
    const pen = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const p = prior.kind === 'flat' ? prior.nsr : (this.penalty[i] as number) / prior.gradientVariance;
      pen[i] = p;
      let d = p;
      for (let v = 0; v < otfs.length; v++) {
        const a = otfs[v]![0][i] as number;
        const b = otfs[v]![1][i] as number;
        d += (weights[v] as number) * (a * a + b * b);
      }
      inv[i] = d > DENOMINATOR_FLOOR ? 1 / d : 0;
    }
    const plane = this.width * this.height;
    const out = new Float32Array(plane * this.channels);
    const re = new Float64Array(n);
    const im = new Float64Array(n);
    for (let p = 0; p < this.spectra[0]!.length; p++) {
      re.fill(0);
      im.fill(0);
      for (let v = 0; v < otfs.length; v++) {
        const [kr, ki] = otfs[v]!;
        const { re: yr, im: yi } = this.spectra[v]![p]!;
        const w = weights[v] as number;
        // conj(K)·Y: the filter is the transform of a real kernel, so the channel packed in the
        // imaginary part stays there.
        for (let i = 0; i < n; i++) {
          const a = kr[i] as number;
          const b = ki[i] as number;
          const s = w * (inv[i] as number);
          re[i] = (re[i] as number) + s * (a * (yr[i] as number) + b * (yi[i] as number));
          im[i] = (im[i] as number) + s * (a * (yi[i] as number) - b * (yr[i] as number));
        }
      }
      if (anchor > 0) {
        // + a·P·Ȳ/(Σ|K|²/σ² + P): the pull towards the observations' mean.
        const share = anchor / this.spectra.length;
        for (const obs of this.spectra) {
          const { re: yr, im: yi } = obs[p]!;
          for (let i = 0; i < n; i++) {
            const s = share * (pen[i] as number) * (inv[i] as number);
            re[i] = (re[i] as number) + s * (yr[i] as number);
            im[i] = (im[i] as number) + s * (yi[i] as number);
          }
        }
      }
      fft2d(re, im, this.pw, this.ph, true);
      const c = 2 * p;
      for (let y = 0; y < this.height; y++) {
        const src = (y + this.margin) * this.pw + this.margin;
        for (let x = 0; x < this.width; x++) {
          out[c * plane + y * this.width + x] = re[src + x] as number;
          if (c + 1 < this.channels) out[(c + 1) * plane + y * this.width + x] = im[src + x] as number;
        }
      }
    }
    return out;
  }

  /** Writes the plane at offset (margin, margin) of a pw×ph buffer, filling the rest by half-sample reflection. */
  private load(plane: Float32Array, out: Float64Array): void {
    const { width: w, height: h, margin, pw, ph } = this;
    for (let py = 0; py < ph; py++) {
      const row = reflectIndex(py - margin, h) * w;
      for (let px = 0; px < pw; px++) out[py * pw + px] = plane[row + reflectIndex(px - margin, w)] as number;
    }
  }
}

/** Half-sample symmetric index (… b a | a b c … z | z y …), valid for any integer i. */
function reflectIndex(i: number, n: number): number {
  const period = 2 * n;
  const m = ((i % period) + period) % period;
  return m < n ? m : period - 1 - m;
}

/** |D(ω)|² of the two forward differences on a pw×ph grid: 4sin²(πu/pw) + 4sin²(πv/ph). */
function gradientPenalty(pw: number, ph: number): Float64Array {
  const out = new Float64Array(pw * ph);
  for (let v = 0; v < ph; v++) {
    const sy = Math.sin((Math.PI * v) / ph);
    for (let u = 0; u < pw; u++) {
      const sx = Math.sin((Math.PI * u) / pw);
      out[v * pw + u] = 4 * (sx * sx + sy * sy);
    }
  }
  return out;
}

/**
 * Optical transfer functions of one or two PSFs: each normalized to sum 1, its centre moved to
 * (0,0) circularly. Two real kernels share one complex transform Z = F(a + ib), split by Hermitian
 * symmetry: A(ω) = (Z(ω) + conj Z(−ω))/2, B(ω) = (Z(ω) − conj Z(−ω))/(2i).
 */
function transferFunctions(a: Kernel, b: Kernel | undefined, pw: number, ph: number): [Float64Array, Float64Array][] {
  const re = new Float64Array(pw * ph);
  const im = new Float64Array(pw * ph);
  place(a, re, pw, ph);
  if (b) place(b, im, pw, ph);
  fft2d(re, im, pw, ph);
  if (!b) return [[re, im]];
  const ar = new Float64Array(pw * ph);
  const ai = new Float64Array(pw * ph);
  const br = new Float64Array(pw * ph);
  const bi = new Float64Array(pw * ph);
  for (let v = 0; v < ph; v++) {
    const nv = (ph - v) % ph;
    for (let u = 0; u < pw; u++) {
      const i = v * pw + u;
      const j = nv * pw + ((pw - u) % pw);
      const zr = re[i] as number;
      const zi = im[i] as number;
      const cr = re[j] as number;
      const ci = -(im[j] as number);
      ar[i] = (zr + cr) / 2;
      ai[i] = (zi + ci) / 2;
      br[i] = (zi - ci) / 2;
      bi[i] = -(zr - cr) / 2;
    }
  }
  return [[ar, ai], [br, bi]];
}

/** Adds the kernel, normalized to sum 1, into a pw×ph buffer with its centre at (0,0), wrapping around. */
function place(kernel: Kernel, out: Float64Array, pw: number, ph: number): void {
  const { size, data } = kernel;
  const r = (size - 1) / 2;
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += data[i] as number;
  for (let ky = 0; ky < size; ky++) {
    const y = (((ky - r) % ph) + ph) % ph;
    for (let kx = 0; kx < size; kx++) {
      const x = (((kx - r) % pw) + pw) % pw;
      out[y * pw + x] = (out[y * pw + x] as number) + (data[ky * size + kx] as number) / sum;
    }
  }
}
