// Radial lens distortion by the division model (Eq. 5), applied to images and float maps.
import { type FloatMap, type Image, ParameterError } from '../image/index.js';

// Coordinates: pixel centres sit at integers, the distortion centre (x_o, y_o) is the image
// centre ((w − 1)/2, (h − 1)/2), and R is the distance from it divided by the half-diagonal
// ½·√(w² + h²), so R ≈ 1 at the corners whatever the resolution. In these units c1 > 0 is barrel
// distortion (the denominator of Eq. 5 exceeds 1 and points move towards the centre: a corner
// moves to 1/(1 + c1 + c2) of its distance), c1 < 0 pincushion; c2 is the same for the R⁴ term.

/** Half-diagonal (px) of a w×h image: the unit of R in Eq. 5. */
export function distortionUnitPx(w: number, h: number): number {
  return 0.5 * Math.hypot(w, h);
}

/** Eq. 5: where the undistorted point (x, y) px of a w×h image lands after distortion, px. */
export function distortPoint(x: number, y: number, w: number, h: number, c1: number, c2: number): [number, number] {
  const xo = (w - 1) / 2;
  const yo = (h - 1) / 2;
  const unit = distortionUnitPx(w, h);
  const r2 = ((x - xo) ** 2 + (y - yo) ** 2) / (unit * unit);
  const den = 1 + c1 * r2 + c2 * r2 * r2;
  return [xo + (x - xo) / den, yo + (y - yo) / den];
}

/**
 * Inverse of Eq. 5: the undistorted point (px) that lands on the distorted point (x, y) px.
 * Throws ParameterError('distortion') where the model folds (no unique preimage).
 */
export function undistortPoint(x: number, y: number, w: number, h: number, c1: number, c2: number): [number, number] {
  const xo = (w - 1) / 2;
  const yo = (h - 1) / 2;
  const unit = distortionUnitPx(w, h);
  const rd = Math.hypot(x - xo, y - yo) / unit;
  if (rd === 0) return [x, y];
  const ru = solveRadius(rd, rd, c1, c2);
  const s = ru / rd;
  return [xo + (x - xo) * s, yo + (y - yo) * s];
}

/**
 * Distorts an image by Eq. 5 (c1, c2 in half-diagonal units, c1 > 0 barrel): each output pixel
 * takes the bilinear sample of the input at its undistorted position. Samples falling outside
 * the input (barrel corners) repeat the nearest edge pixel rather than going black, as a camera
 * would have scene there. c1 = c2 = 0 returns an exact copy.
 */
export function distortImage(img: Image, c1: number, c2: number): Image {
  const { width: w, height: h } = img;
  const data = new Float32Array(img.data.length);
  if (c1 === 0 && c2 === 0) {
    data.set(img.data);
  } else {
    const src = sourceCoords(w, h, c1, c2);
    const n = w * h;
    for (let c = 0; c < img.channels; c++) {
      bilinear(img.data.subarray(c * n, (c + 1) * n), data.subarray(c * n, (c + 1) * n), w, h, src.x, src.y);
    }
  }
  return { width: w, height: h, channels: img.channels, space: img.space, data };
}

/** Distorts a float map (depth m, CoC px, …) by Eq. 5 exactly as distortImage does an image channel. */
export function distortMap(m: FloatMap, c1: number, c2: number): FloatMap {
  const data = new Float32Array(m.data.length);
  if (c1 === 0 && c2 === 0) data.set(m.data);
  else {
    const src = sourceCoords(m.width, m.height, c1, c2);
    bilinear(m.data, data, m.width, m.height, src.x, src.y);
  }
  return { width: m.width, height: m.height, data };
}

/** The last map sourceCoords solved (read-only once made). */
let lastCoords: { w: number; h: number; c1: number; c2: number; x: Float32Array; y: Float32Array } | undefined;

/**
 * For every output pixel of a w×h image, its undistorted source position (px). The inverse of
 * Eq. 5 is radial, so it is solved once per radius on a table fine enough (¼ px of distorted
 * radius) that linear interpolation errs by far less than 1e-3 px, then read per pixel.
 */
function sourceCoords(w: number, h: number, c1: number, c2: number): { x: Float32Array; y: Float32Array } {
  checkCoefficients(c1, c2);
  // A frame distorts its two views, its target and its CoC map with the same coefficients: the
  // map is solved once for the four.
  const last = lastCoords;
  if (last !== undefined && last.w === w && last.h === h && last.c1 === c1 && last.c2 === c2) return last;
  const xo = (w - 1) / 2;
  const yo = (h - 1) / 2;
  const unit = distortionUnitPx(w, h);
  const steps = Math.max(256, Math.ceil(4 * unit));
  // scale[k] = R_u/R_d at R_d = k/steps; the corners have R_d < 1.
  const scale = new Float64Array(steps + 2);
  scale[0] = 1;
  let ru = 0;
  for (let k = 1; k < scale.length; k++) {
    const rd = k / steps;
    ru = solveRadius(rd, ru === 0 ? rd : ru, c1, c2);
    scale[k] = ru / rd;
  }
  const sx = new Float32Array(w * h);
  const sy = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const dy = y - yo;
    for (let x = 0; x < w; x++) {
      const dx = x - xo;
      const t = (Math.sqrt(dx * dx + dy * dy) / unit) * steps;
      const k = Math.floor(t);
      const s = scale[k]! + (scale[k + 1]! - scale[k]!) * (t - k);
      sx[y * w + x] = xo + dx * s;
      sy[y * w + x] = yo + dy * s;
    }
  }
  lastCoords = { w, h, c1, c2, x: sx, y: sy };
  return lastCoords;
}

/**
 * Solves Eq. 5 radially, R_u/(1 + c1·R_u² + c2·R_u⁴) = R_d, by Newton from `guess`. The model
 * is only a distortion where that map increases; where its slope (1 − c1·R² − 3c2·R⁴)/D² is not
 * positive the image folds onto itself, so such coefficients are rejected.
 */
function solveRadius(rd: number, guess: number, c1: number, c2: number): number {
  let u = guess;
  for (let i = 0; i < 60; i++) {
    const u2 = u * u;
    const den = 1 + c1 * u2 + c2 * u2 * u2;
    const slope = (1 - c1 * u2 - 3 * c2 * u2 * u2) / (den * den);
    if (!(den > 0 && slope > 0)) break;
    const step = (u / den - rd) / slope;
    u -= step;
    if (Math.abs(step) < 1e-13) return u;
  }
  throw new ParameterError(
    'distortion',
    `c1=${c1}, c2=${c2} fold the image (Eq. 5 stops increasing before the corners, R = 1 at the half-diagonal); use smaller coefficients`,
  );
}

function checkCoefficients(c1: number, c2: number): void {
  if (!(Number.isFinite(c1) && Number.isFinite(c2))) {
    throw new ParameterError('distortion', `expected finite coefficients c1,c2, got ${c1},${c2}`);
  }
}

/** Bilinear resampling of one plane at positions (sx, sy) px, clamped to the edge. */
function bilinear(src: Float32Array, dst: Float32Array, w: number, h: number, sx: Float32Array, sy: Float32Array): void {
  for (let i = 0; i < dst.length; i++) {
    const x = Math.min(Math.max(sx[i]!, 0), w - 1);
    const y = Math.min(Math.max(sy[i]!, 0), h - 1);
    const x0 = Math.min(Math.floor(x), w - 2 < 0 ? 0 : w - 2);
    const y0 = Math.min(Math.floor(y), h - 2 < 0 ? 0 : h - 2);
    const fx = x - x0;
    const fy = y - y0;
    const x1 = Math.min(x0 + 1, w - 1);
    const y1 = Math.min(y0 + 1, h - 1);
    const top = src[y0 * w + x0]! * (1 - fx) + src[y0 * w + x1]! * fx;
    const bottom = src[y1 * w + x0]! * (1 - fx) + src[y1 * w + x1]! * fx;
    dst[i] = top * (1 - fy) + bottom * fy;
  }
}
