// The camera of a `dslr` or `phone` sequence: its drawn lens focused inside the scene's depth range.
import { thinLensCamera, type Camera } from '../../optics/index.js';
import type { FloatMap } from '../../image/index.js';
import type { DrawnLens } from './params.js';

/**
 * Focus distance (m) for `lens` on a scene: the `lens.focusQuantile` quantile (nearest rank) of the
 * depths below the map's farthest value, so that a sky or a far wall filling half the frame does not
 * pull focus to infinity; the farthest value itself when the map is flat. At least `lens.minFocusM`.
 */
export function focusDistanceM(depth: FloatMap, lens: DrawnLens): number {
  const d = depth.data;
  let far = 0;
  for (let i = 0; i < d.length; i++) if (d[i]! > far) far = d[i]!;
  const near = Float64Array.from(d.filter((v) => v < far * (1 - 1e-6)));
  let focus = far;
  if (near.length > 0) {
    near.sort();
    focus = near[Math.min(near.length - 1, Math.floor(lens.focusQuantile * near.length))]!;
  }
  return Math.max(lens.minFocusM, focus);
}

/** The thin-lens camera `name` of a drawn lens focused on `depth` (the sequence's first frame, m). */
export function lensCamera(name: string, lens: DrawnLens, depth: FloatMap): Camera {
  const focusM = Math.round(focusDistanceM(depth, lens) * 1e4) / 1e4;
  return thinLensCamera({ focalMm: lens.focalMm, fNumber: lens.fNumber, focusM, pixelUm: lens.pixelUm }, name, lens.maxCocPx);
}
