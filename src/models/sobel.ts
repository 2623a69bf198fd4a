// Sobel operators of any odd size m (paper, Eq. 13–14), built as the outer product of a
// binomial smoothing vector and a derivative vector (the difference of two shifted binomial
// rows), each normalized by its largest absolute coefficient. m = 3 gives the classic
// [[-1,0,1],[-2,0,2],[-1,0,1]] / 2.

/** Row n of Pascal's triangle: C(n, 0..n). */
export function binomialRow(n: number): number[] {
  const row = [1];
  for (let k = 1; k <= n; k++) row.push((row[k - 1] as number) * (n - k + 1) / k);
  return row;
}

/** Smoothing vector of length m: C(m−1, k) / max. */
export function sobelSmoothing(m: number): number[] {
  const b = binomialRow(m - 1);
  const top = Math.max(...b);
  return b.map((v) => v / top);
}

/**
 * Derivative vector of length m, rising to the right: d[k] = C(m−2, k−1) − C(m−2, k) (terms
 * outside 0..m−2 are 0), divided by max |d|. m = 3: [−1, 0, 1].
 */
export function sobelDerivative(m: number): number[] {
  const b = binomialRow(m - 2);
  const at = (k: number): number => (k >= 0 && k < b.length ? (b[k] as number) : 0);
  const d = Array.from({ length: m }, (_, k) => at(k - 1) - at(k));
  const top = Math.max(...d.map(Math.abs));
  return d.map((v) => v / top);
}

/** The pair of m×m Sobel kernels, row-major [row y][column x], largest coefficient 1. */
export interface SobelPair {
  /** S^x: derivative along x (columns), smoothing along y: a horizontal gradient, responding to vertical edges. */
  readonly x: Float64Array;
  /** S^y = (S^x)ᵀ: derivative along y (rows), responding to horizontal edges. */
  readonly y: Float64Array;
  readonly size: number;
}

/** Sobel kernels of odd size m ≥ 3. Applied by correlation (ONNX Conv), S^x gives I(x+1) − I(x−1) > 0 for a rightward rise. */
export function sobelKernels(m: number): SobelPair {
  if (!Number.isInteger(m) || m < 3 || m % 2 === 0) throw new RangeError(`sobel: size must be an odd integer ≥ 3, got ${m}`);
  const s = sobelSmoothing(m);
  const d = sobelDerivative(m);
  const x = new Float64Array(m * m);
  const y = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      x[i * m + j] = (s[i] as number) * (d[j] as number);
      y[i * m + j] = (d[i] as number) * (s[j] as number);
    }
  }
  return { x, y, size: m };
}
