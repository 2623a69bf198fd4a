// Averages of per-frame scores over subsets of the frames.
import type { AverageScore, FrameResult, FrameScore, SubsetAverages } from './eval-types.js';
import { ALL_SUBSET } from './subsets.js';

/**
 * Per subset (`all` first, then `subsets` in order), per method: the mean of each per-frame metric
 * over the member frames the method scored (as the paper's code averages per-image PSNR, not MSE).
 * A metric missing on every frame averages to null.
 */
export function averageScores(frames: readonly FrameResult[], methods: readonly string[], subsets: readonly string[]): SubsetAverages[] {
  return [ALL_SUBSET, ...subsets].map((subset) => {
    const members = subset === ALL_SUBSET ? frames : frames.filter((f) => f.subsets.includes(subset));
    const byMethod: Record<string, AverageScore> = {};
    for (const m of methods) {
      const scores = members.map((f) => f.scores[m]).filter((s): s is FrameScore => s !== null && s !== undefined);
      byMethod[m] = {
        frames: scores.length,
        psnr: mean(scores.map((s) => s.psnr)),
        ssim: mean(scores.map((s) => s.ssim)),
        mae: mean(scores.map((s) => s.mae)),
        niqe: mean(scores.map((s) => s.niqe)),
        timeS: mean(scores.map((s) => s.timeS)),
      };
    }
    return { subset, frames: members.length, methods: byMethod };
  });
}

function mean(values: readonly (number | null)[]): number | null {
  const v = values.filter((x): x is number => x !== null);
  if (v.length === 0) return null;
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}
