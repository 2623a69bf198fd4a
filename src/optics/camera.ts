// A camera (physical thin lens or paper camera set) and its depth → signed CoC mapping.
import { type FloatMap, ParameterError } from '../image/index.js';
import { paperSetGainPx, thinLensGainPx, type ThinLens } from './thin-lens.js';

/**
 * A camera the renderer can use. `thin-lens` evaluates Eq. 1 with physical units; `paper-set`
 * reproduces the reference code's camera sets (CoC in px straight from f, N, s, clamped).
 * `maxCocPx` clamps |r| (px), bounding kernel sizes.
 */
export type Camera =
  | { readonly kind: 'thin-lens'; readonly name: string; readonly lens: ThinLens; readonly maxCocPx?: number }
  | {
      readonly kind: 'paper-set';
      readonly name: string;
      readonly focalMm: number;
      readonly fNumber: number;
      readonly focusM: number;
      readonly maxCocPx: number;
    };

/** Builds a validated thin-lens camera from user values (mm, f-number, m, µm); throws ParameterError naming the lens field. */
export function thinLensCamera(lens: ThinLens, name = 'custom', maxCocPx?: number): Camera {
  positive(lens.focalMm, 'lens.focalMm', 'a focal length in mm');
  positive(lens.fNumber, 'lens.fNumber', 'an f-number');
  positive(lens.focusM, 'lens.focusM', 'a focus distance in metres');
  positive(lens.pixelUm, 'lens.pixelUm', 'a pixel pitch in µm');
  if (lens.focusM * 1000 <= lens.focalMm) {
    throw new ParameterError('lens.focusM', `expected a focus distance beyond the focal length (${lens.focalMm} mm), got ${lens.focusM} m`);
  }
  if (maxCocPx !== undefined) positive(maxCocPx, 'maxCocPx', 'a CoC bound in px');
  return maxCocPx === undefined ? { kind: 'thin-lens', name, lens } : { kind: 'thin-lens', name, lens, maxCocPx };
}

/** Signed CoC radius in px for a point at `depthM` metres (> 0, Infinity allowed): positive behind focus. */
export function cocRadiusPx(depthM: number, cam: Camera): number {
  if (!(depthM > 0)) throw new RangeError(`cocRadiusPx: expected a positive depth in metres, got ${depthM}`);
  const { gain, focusM, maxCoc } = cocFactors(cam);
  return clamp(gain * (1 - focusM / depthM), maxCoc);
}

/**
 * Signed CoC map in px from a depth map in metres (same size). Throws ParameterError('depth') at
 * the first depth that is not a positive number (NaN, 0, negative); Infinity is allowed.
 */
export function cocMap(depth: FloatMap, cam: Camera): FloatMap {
  const { gain, focusM, maxCoc } = cocFactors(cam);
  const src = depth.data;
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const d = src[i]!;
    if (!(d > 0)) {
      const x = i % depth.width;
      const y = (i - x) / depth.width;
      throw new ParameterError('depth', `expected positive depths in metres, got ${d} at pixel (${x}, ${y})`);
    }
    out[i] = clamp(gain * (1 - focusM / d), maxCoc);
  }
  return { width: depth.width, height: depth.height, data: out };
}

// Both camera kinds share the shape r = gain·(d − s)/d = gain·(1 − s/d); only the gain differs.
function cocFactors(cam: Camera): { gain: number; focusM: number; maxCoc: number } {
  if (cam.kind === 'thin-lens') {
    return { gain: thinLensGainPx(cam.lens), focusM: cam.lens.focusM, maxCoc: cam.maxCocPx ?? Infinity };
  }
  return { gain: paperSetGainPx(cam.focalMm, cam.fNumber, cam.focusM), focusM: cam.focusM, maxCoc: cam.maxCocPx };
}

function clamp(r: number, maxCoc: number): number {
  return r > maxCoc ? maxCoc : r < -maxCoc ? -maxCoc : r;
}

function positive(v: number, parameter: string, what: string): void {
  if (!(Number.isFinite(v) && v > 0)) throw new ParameterError(parameter, `expected ${what} (a positive number), got ${v}`);
}
