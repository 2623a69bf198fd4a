// Baseline DP PSF after Punnappurath et al. 2020 (the paper's Fig. 5, middle): a split disk.

import { fillDisk } from './disk.js';
import { rampSplit } from './split.js';

/**
 * Left-view PSF for r = +a px in the reference orientation, size×size, ΣH_l = ½.
 *
 * What we implement: the combined PSF is a uniform anti-aliased disk of radius a (the model's one
 * parameter is the CoC size) and each view keeps one half of it, H_l = C ∘ M with a half-plane
 * mask M whose edge is one pixel wide (the centre column is shared ½/½), so H_l + H_r = C. No
 * donut, no smoothing: exactly what the Butterworth model adds on top.
 */
export function translatingDiskLeft(a: number): { size: number; left: Float64Array } {
  const size = 2 * Math.ceil(a + 0.5) + 1;
  const c = new Float64Array(size * size);
  fillDisk(c, size, a);
  let sum = 0;
  for (let i = 0; i < c.length; i++) sum += c[i]!;
  for (let i = 0; i < c.length; i++) c[i] = c[i]! / sum;
  return { size, left: rampSplit(c, size, 0.5) };
}
