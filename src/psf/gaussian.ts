// Separable Gaussian smoothing of a square kernel (the κ·r smoothing after Eq. 3).

/** Error function, Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7). */
export function erf(x: number): number {
  const s = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const p = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return s * (1 - p * Math.exp(-a * a));
}

/**
 * Blurs `buf` (size×size, row-major) in place with a Gaussian of σ = `sigma` px, zero outside.
 * Taps are the Gaussian integrated over each pixel (differences of erf), so a σ well below a
 * pixel tends to the identity instead of an ill-sampled spike; `scratch` holds size² values.
 */
export function gaussianBlurSquare(buf: Float64Array, size: number, sigma: number, scratch: Float64Array): void {
  if (sigma <= 0) return;
  const reach = Math.min(size - 1, Math.ceil(4 * sigma));
  const taps = new Float64Array(2 * reach + 1);
  const k = 1 / (Math.SQRT2 * sigma);
  let sum = 0;
  for (let i = -reach; i <= reach; i++) {
    const w = 0.5 * (erf((i + 0.5) * k) - erf((i - 0.5) * k));
    taps[i + reach] = w;
    sum += w;
  }
  for (let i = 0; i < taps.length; i++) taps[i] = taps[i]! / sum;
  // Rows into scratch, then columns back into buf.
  for (let y = 0; y < size; y++) {
    const row = y * size;
    for (let x = 0; x < size; x++) {
      let acc = 0;
      const lo = Math.max(-reach, -x);
      const hi = Math.min(reach, size - 1 - x);
      for (let i = lo; i <= hi; i++) acc += taps[i + reach]! * buf[row + x + i]!;
      scratch[row + x] = acc;
    }
  }
  for (let y = 0; y < size; y++) {
    const lo = Math.max(-reach, -y);
    const hi = Math.min(reach, size - 1 - y);
    for (let x = 0; x < size; x++) {
      let acc = 0;
      for (let i = lo; i <= hi; i++) acc += taps[i + reach]! * scratch[(y + i) * size + x]!;
      buf[y * size + x] = acc;
    }
  }
}
