// Lanczos approximation (g = 7, 9 terms; coefficients as tabulated by Godfrey, also in
// Press et al., Numerical Recipes §6.1): relative error below 1e-15 for x in [0.1, 20].
const G = 7;
const COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** Euler's gamma function Γ(x) for real x > 0 (dimensionless); NaN for x ≤ 0. */
export function gammaFunction(x: number): number {
  if (!(x > 0)) return NaN;
  // Reflection Γ(x)Γ(1−x) = π / sin(πx) keeps the series in its accurate range.
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gammaFunction(1 - x));
  const z = x - 1;
  let a = COEFFICIENTS[0] as number;
  for (let i = 1; i < COEFFICIENTS.length; i++) a += (COEFFICIENTS[i] as number) / (z + i);
  const t = z + G + 0.5;
  return Math.sqrt(2 * Math.PI) * Math.pow(t, z + 0.5) * Math.exp(-t) * a;
}
