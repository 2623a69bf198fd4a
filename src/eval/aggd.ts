import { gammaFunction } from './gamma.js';

/** Parameters of an asymmetric generalized Gaussian, all in the units of the samples except the shape. */
export interface AggdParameters {
  /** Shape α (dimensionless): 1 Laplacian, 2 Gaussian. */
  alpha: number;
  /** Left scale β_l = σ_l·√(Γ(1/α)/Γ(3/α)), σ_l the RMS of the negative samples. */
  betaLeft: number;
  /** Right scale β_r, likewise from the positive samples. */
  betaRight: number;
}

// Shape grid of the NIQE/BRISQUE moment matching: α = 0.2, 0.201, …, 10 (9801 values).
const ALPHA_MIN = 0.2;
const ALPHA_STEP = 0.001;
const ALPHA_COUNT = 9801;
let ratioTable: Float64Array | null = null;

/** ρ(α) = Γ(2/α)² / (Γ(1/α)·Γ(3/α)), the value of (E|x|)² / E[x²] for a GGD of shape α. */
function ratios(): Float64Array {
  if (!ratioTable) {
    ratioTable = new Float64Array(ALPHA_COUNT);
    for (let i = 0; i < ALPHA_COUNT; i++) {
      const a = ALPHA_MIN + i * ALPHA_STEP;
      ratioTable[i] = gammaFunction(2 / a) ** 2 / (gammaFunction(1 / a) * gammaFunction(3 / a));
    }
  }
  return ratioTable;
}

/**
 * Moment-matching AGGD fit of Lasmar, Stitou & Berthoumieu 2009 as used by BRISQUE/NIQE
 * (Mittal et al. 2012, Eq. 9; 2013, Sec. III-C): γ̂ = σ_l/σ_r, r̂ = (E|x|)²/E[x²],
 * R̂ = r̂·(γ̂³+1)(γ̂+1)/(γ̂²+1)², α = the grid value minimizing (ρ(α) − R̂)² (first one on ties).
 * σ_l and σ_r are the RMS of the strictly negative and strictly positive samples; zeros count in
 * r̂ only. When one side is empty its σ is NaN and so are the results, which callers discard.
 */
export function fitAggd(samples: ArrayLike<number>, count = samples.length): AggdParameters {
  let sumLeft = 0, nLeft = 0, sumRight = 0, nRight = 0, sumAbs = 0;
  for (let i = 0; i < count; i++) {
    const v = samples[i] as number;
    if (v < 0) {
      sumLeft += v * v;
      nLeft++;
      sumAbs -= v;
    } else if (v > 0) {
      sumRight += v * v;
      nRight++;
      sumAbs += v;
    }
  }
  const sigmaLeft = Math.sqrt(sumLeft / nLeft);
  const sigmaRight = Math.sqrt(sumRight / nRight);
  const g = sigmaLeft / sigmaRight;
  const meanAbs = sumAbs / count;
  const rHat = (meanAbs * meanAbs) / ((sumLeft + sumRight) / count);
  const rNorm = (rHat * (g * g * g + 1) * (g + 1)) / ((g * g + 1) * (g * g + 1));
  if (!Number.isFinite(rNorm)) return { alpha: NaN, betaLeft: NaN, betaRight: NaN };
  const table = ratios();
  let best = 0;
  let bestErr = Infinity;
  for (let i = 0; i < ALPHA_COUNT; i++) {
    const e = ((table[i] as number) - rNorm) ** 2;
    if (e < bestErr) {
      bestErr = e;
      best = i;
    }
  }
  const alpha = ALPHA_MIN + best * ALPHA_STEP;
  const k = Math.sqrt(gammaFunction(1 / alpha) / gammaFunction(3 / alpha));
  return { alpha, betaLeft: sigmaLeft * k, betaRight: sigmaRight * k };
}

/** Mean of the AGGD (sample units): η = (β_r − β_l)·Γ(2/α)/Γ(1/α) (Mittal et al. 2012, Eq. 8). */
export function aggdMean(p: AggdParameters): number {
  return (p.betaRight - p.betaLeft) * (gammaFunction(2 / p.alpha) / gammaFunction(1 / p.alpha));
}
