// Sharpness of a candidate patch, used to drop the flattest candidates as the DPDNet reference
// training did: a patch of sky or blank wall has nothing to deblur and only dilutes the gradient.
import type { Image } from '../image/index.js';

/**
 * Variance of the 4-neighbour Laplacian of the mean-of-RGB grey over the interior of the
 * size×size window at (x0, y0) px (value units², [0,1] data): 0 for a flat patch, large for fine
 * texture. Chosen over mean gradient magnitude because it ignores smooth ramps (vignetting,
 * sky gradients) that carry no detail. Flips do not change it.
 */
export function patchSharpness(img: Image, x0: number, y0: number, size: number): number {
  const { width, height, channels, data } = img;
  if (x0 < 0 || y0 < 0 || x0 + size > width || y0 + size > height) {
    throw new RangeError(`patchSharpness: ${size}x${size}+${x0}+${y0} does not fit in ${width}x${height}`);
  }
  if (size < 3) return 0;
  const plane = width * height;
  const colours = channels >= 3 ? 3 : 1;
  let sum = 0;
  let sumSq = 0;
  for (let y = y0 + 1; y < y0 + size - 1; y++) {
    for (let x = x0 + 1; x < x0 + size - 1; x++) {
      let lap = 0;
      for (let c = 0; c < colours; c++) {
        const i = c * plane + y * width + x;
        lap += data[i - 1]! + data[i + 1]! + data[i - width]! + data[i + width]! - 4 * data[i]!;
      }
      lap /= colours;
      sum += lap;
      sumSq += lap * lap;
    }
  }
  const n = (size - 2) * (size - 2);
  const mean = sum / n;
  return Math.max(0, sumSq / n - mean * mean);
}

/**
 * Indices of the `keep` highest scores, in ascending index order (ties go to the earlier index),
 * so that which candidates survive depends only on the scores.
 */
export function sharpestIndices(scores: readonly number[], keep: number): number[] {
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  return order.slice(0, Math.max(0, keep)).sort((a, b) => a - b);
}

/**
 * For candidates laid out slot by slot (`perSlot` consecutive scores each), the index of each
 * slot's sharpest candidate (ties to the earlier one): every slot keeps its own record, so each
 * record still fills its slot once per epoch, and only its least sharp crops are dropped.
 */
export function sharpestPerSlot(scores: readonly number[], perSlot: number): number[] {
  const out: number[] = [];
  for (let s = 0; s + perSlot <= scores.length; s += perSlot) {
    let best = s;
    for (let i = s + 1; i < s + perSlot; i++) if (scores[i]! > scores[best]!) best = i;
    out.push(best);
  }
  return out;
}
