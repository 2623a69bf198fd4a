/**
 * Moore–Penrose pseudo-inverse of a symmetric n×n matrix (row-major Float64Array), through its
 * eigendecomposition by cyclic Jacobi rotations: A⁺ = V·diag(1/λ for |λ| > tol, else 0)·Vᵀ,
 * tol = n·max|λ|·2⁻⁵² (MATLAB `pinv`'s default tolerance, with ‖A‖₂ = max|λ| for symmetric A).
 */
export function symmetricPseudoInverse(a: Float64Array, n: number): Float64Array {
  if (a.length !== n * n) throw new RangeError(`symmetricPseudoInverse: expected ${n * n} values, got ${a.length}`);
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += (m[p * n + q] as number) ** 2;
    if (off === 0 || !Number.isFinite(off)) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q] as number;
        if (apq === 0) continue;
        const app = m[p * n + p] as number;
        const aqq = m[q * n + q] as number;
        // Rotation angle that zeroes m[p][q] (Golub & Van Loan, Alg. 8.4.1).
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k * n + p] as number;
          const mkq = m[k * n + q] as number;
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p * n + k] as number;
          const mqk = m[q * n + k] as number;
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p] as number;
          const vkq = v[k * n + q] as number;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  let maxAbs = 0;
  for (let i = 0; i < n; i++) maxAbs = Math.max(maxAbs, Math.abs(m[i * n + i] as number));
  const tol = n * maxAbs * Number.EPSILON;
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const lambda = m[k * n + k] as number;
    if (!(Math.abs(lambda) > tol)) continue;
    const inv = 1 / lambda;
    for (let i = 0; i < n; i++) {
      const vik = (v[i * n + k] as number) * inv;
      for (let j = 0; j < n; j++) out[i * n + j] = (out[i * n + j] as number) + vik * (v[j * n + k] as number);
    }
  }
  return out;
}
