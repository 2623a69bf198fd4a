// Cameras of the synthesis playground: a preset with its focus distance and f-number replaced,
// and the slider ranges that keep each camera kind meaningful.
import { cameraPreset, type Camera } from '../../src/optics/index.js';

/** A closed range [lo, hi] with the preset's own value inside it. */
export interface Range {
  readonly lo: number;
  readonly hi: number;
}

/** The preset's focus distance (m) and f-number. */
export function presetSettings(name: string): { focusM: number; fNumber: number } {
  const cam = cameraPreset(name);
  return cam.kind === 'thin-lens' ? { focusM: cam.lens.focusM, fNumber: cam.lens.fNumber } : { focusM: cam.focusM, fNumber: cam.fNumber };
}

/**
 * Focus distances (m) the slider spans for a preset. Physical cameras: 0.3–30 m (the built-in
 * scene spans 0.5–30 m). The paper's sets compute f²/(N(s − f)) with f as a millimetre number and
 * s in metres, which needs s > f: from f + 0.5 up.
 */
export function focusRange(name: string): Range {
  const cam = cameraPreset(name);
  if (cam.kind === 'thin-lens') return { lo: 0.3, hi: 30 };
  return { lo: cam.focalMm + 0.5, hi: Math.max(40, cam.focusM * 2) };
}

/** f-numbers the slider spans: f/1.2 to f/22. */
export function fNumberRange(): Range {
  return { lo: 1.2, hi: 22 };
}

/** The preset `name` focused at `focusM` metres and stopped to `fNumber`. */
export function cameraWith(name: string, focusM: number, fNumber: number): Camera {
  const cam = cameraPreset(name);
  if (cam.kind === 'thin-lens') return { ...cam, lens: { ...cam.lens, focusM, fNumber } };
  return { ...cam, focusM, fNumber };
}

/** Slider position t ∈ [0,1] to a value on a log scale over `r`, and back. */
export function fromSlider(t: number, r: Range): number {
  return r.lo * Math.pow(r.hi / r.lo, t);
}

/** Value `v` on a log scale over `r` back to a slider position in [0,1]. */
export function toSlider(v: number, r: Range): number {
  return Math.log(v / r.lo) / Math.log(r.hi / r.lo);
}
