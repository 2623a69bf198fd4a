// Radix-2 complex FFT on split real/imaginary Float64Arrays, in place; 2-D by rows then columns.

const twiddleCache = new Map<number, { cos: Float64Array; sin: Float64Array }>();

/** cos(2πk/n) and sin(2πk/n) for k < n/2, computed once per length. */
function twiddles(n: number): { cos: Float64Array; sin: Float64Array } {
  let t = twiddleCache.get(n);
  if (!t) {
    const cos = new Float64Array(n >> 1);
    const sin = new Float64Array(n >> 1);
    for (let k = 0; k < n >> 1; k++) {
      cos[k] = Math.cos((2 * Math.PI * k) / n);
      sin[k] = Math.sin((2 * Math.PI * k) / n);
    }
    t = { cos, sin };
    twiddleCache.set(n, t);
  }
  return t;
}

/** True when n is a positive power of two (the only lengths these transforms take). */
export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

/** Smallest power of two ≥ n (n ≥ 1). */
export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/**
 * In-place DFT of length n = 2^m over `re[offset + stride·j]`, `im[...]`:
 * X_k = Σ_j x_j·e^{∓2πi jk/n} (minus sign forward); the inverse also divides by n, so
 * inverse(forward(x)) = x. Iterative Cooley–Tukey: bit-reversal permutation, then log2 n
 * butterfly passes.
 */
export function fft1d(re: Float64Array, im: Float64Array, inverse = false, n = re.length, offset = 0, stride = 1): void {
  if (!isPowerOfTwo(n)) throw new RangeError(`fft1d: length must be a power of two, got ${n}`);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const a = offset + i * stride;
      const b = offset + j * stride;
      const tr = re[a] as number;
      re[a] = re[b] as number;
      re[b] = tr;
      const ti = im[a] as number;
      im[a] = im[b] as number;
      im[b] = ti;
    }
  }
  const { cos, sin } = twiddles(n);
  const sign = inverse ? 1 : -1;
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * step] as number;
        const wi = sign * (sin[k * step] as number);
        const a = offset + (start + k) * stride;
        const b = a + half * stride;
        const br = re[b] as number;
        const bi = im[b] as number;
        const tr = wr * br - wi * bi;
        const ti = wr * bi + wi * br;
        const ar = re[a] as number;
        const ai = im[a] as number;
        re[a] = ar + tr;
        im[a] = ai + ti;
        re[b] = ar - tr;
        im[b] = ai - ti;
      }
    }
  }
  if (inverse) {
    const s = 1 / n;
    for (let j = 0; j < n; j++) {
      const a = offset + j * stride;
      re[a] = (re[a] as number) * s;
      im[a] = (im[a] as number) * s;
    }
  }
}

/**
 * In-place 2-D DFT of a row-major width×height array (both powers of two):
 * X[v][u] = Σ_y Σ_x x[y][x]·e^{∓2πi(ux/width + vy/height)}; the inverse divides by width·height.
 */
export function fft2d(re: Float64Array, im: Float64Array, width: number, height: number, inverse = false): void {
  if (re.length !== width * height || im.length !== width * height) {
    throw new RangeError(`fft2d: arrays hold ${re.length}/${im.length} values, expected ${width}x${height}`);
  }
  for (let y = 0; y < height; y++) fft1d(re, im, inverse, width, y * width, 1);
  // Columns are gathered into contiguous scratch a few at a time: butterflies on a stride of
  // `width` would miss the cache at every step of every pass.
  const group = Math.min(8, width);
  const colRe = new Float64Array(group * height);
  const colIm = new Float64Array(group * height);
  for (let x0 = 0; x0 < width; x0 += group) {
    for (let y = 0; y < height; y++) {
      for (let g = 0; g < group; g++) {
        colRe[g * height + y] = re[y * width + x0 + g] as number;
        colIm[g * height + y] = im[y * width + x0 + g] as number;
      }
    }
    for (let g = 0; g < group; g++) fft1d(colRe, colIm, inverse, height, g * height, 1);
    for (let y = 0; y < height; y++) {
      for (let g = 0; g < group; g++) {
        re[y * width + x0 + g] = colRe[g * height + y] as number;
        im[y * width + x0 + g] = colIm[g * height + y] as number;
      }
    }
  }
}
