// A plausible depth layout for a photograph that has none: a pinhole camera over a ground plane
// with a horizon, a back wall and optional side walls (the "room" behind everything), sky at the
// far limit, and every other segmented region an upright plane standing where it meets the ground,
// nearer regions in front of farther ones with a visible depth step at each occluding border.
import { Rng, type FloatMap } from '../image/index.js';
import type { Region, Segmentation } from './photo-segment.js';

/** Nearest and farthest depth (m) of a photo layout; sky sits at the far limit. */
export const PHOTO_DEPTH_RANGE_M: readonly [number, number] = [0.2, 200];

/** Sky: a region touching the top border, at most this textured (mean gradient magnitude, colour units per px) … */
export const SKY_MAX_TEXTURE = 0.02;
/** … and at least this bright (mean of R, G, B in [0,1]), … */
export const SKY_MIN_LUMA = 0.45;
/** … or blue, (R + G − 2B)/4 at most this, and not dark (luma ≥ SKY_MIN_BLUE_LUMA). */
export const SKY_MAX_YELLOW_BLUE = -0.03;
export const SKY_MIN_BLUE_LUMA = 0.2;
/** Smallest ratio of inverse depths across a border between two upright regions (the nearer one first). */
export const OCCLUSION_STEP = 1.25;

const NEAR = PHOTO_DEPTH_RANGE_M[0];
const FAR = PHOTO_DEPTH_RANGE_M[1];
const DEG = Math.PI / 180;

/** How a region gets its depth. */
export type RegionKind = 'sky' | 'ground' | 'upright';

/** The drawn scene geometry (px in the segmented image, m), reported for the manifest and tests. */
export interface LayoutGeometry {
  /** Horizontal focal length of the virtual pinhole camera (px). */
  readonly focalPx: number;
  /** Horizon row at the image centre (px; < 0 when the camera looks down at the ground only). */
  readonly horizonY: number;
  /** Camera roll (rad) and height above the ground (m). */
  readonly roll: number;
  readonly cameraHeightM: number;
  /** Back wall distance at the image centre (m). */
  readonly backWallM: number;
}

/** A depth layout: depth in metres per pixel, the kind of each region, and the geometry. */
export interface PhotoLayout {
  readonly depth: FloatMap;
  readonly kinds: readonly RegionKind[];
  readonly geometry: LayoutGeometry;
}

interface Plane {
  /** Inverse depth (1/m) at column xc, and its slope factor: inv(x) = inv0·(1 + slope·(x − xc)). */
  inv0: number;
  readonly xc: number;
  readonly slope: number;
}

/**
 * Draws a depth layout for a segmented photo from `rng`. Depth is piecewise planar: constant
 * (far) on sky, the background room on ground-like regions, and on every other region an upright
 * plane (vertical, yawed; side-touching tall regions are walls receding to the centre) whose
 * depth is the ground's at the region's foot row, or nearer than the bottom row's ground when
 * it reaches the bottom border. Adjacent upright regions differ by at least OCCLUSION_STEP in
 * inverse depth all along their border, so depth steps lie exactly on region borders.
 */
export function photoDepthLayout(seg: Segmentation, rng: Rng): PhotoLayout {
  const { width: w, height: h, regions } = seg;
  const focalPx = w / (2 * Math.tan(rng.range(45, 75) * DEG * 0.5));
  const roll = rng.range(-4, 4) * DEG;
  // The camera height sets the scene's scale, from a table top (0.15 m) to a street (3 m); the
  // room's other sizes are drawn relative to it.
  const cameraHeightM = Math.exp(rng.range(Math.log(0.15), Math.log(3)));
  const backWallM = cameraHeightM * Math.exp(rng.range(Math.log(5), Math.log(60)));
  const backSlope = Math.tan(rng.range(-30, 30) * DEG) / focalPx;
  const walls = [0, 0].map(() => (rng.uniform() < 0.35 ? cameraHeightM * rng.range(1, 5) : 0));
  const lookDown = rng.uniform() < 0.2;
  let horizonY = lookDown ? rng.range(-0.6, -0.05) * h : rng.range(0.25, 0.6) * h;

  const kinds: RegionKind[] = regions.map((r) => (isSky(r) ? 'sky' : 'upright'));
  const skyFoot = Math.max(-Infinity, ...regions.filter((_, i) => kinds[i] === 'sky').map((r) => r.foot + 1));
  if (Number.isFinite(skyFoot)) horizonY = Math.min(0.9 * h, Math.max(horizonY, skyFoot));
  regions.forEach((r, i) => {
    if (kinds[i] === 'upright' && isGround(r, h, horizonY)) kinds[i] = 'ground';
  });

  const cos = Math.cos(roll);
  const sin = Math.sin(roll);
  const cx = w / 2;
  /** Inverse depth (1/m) of the background room at pixel centre (x, y): the nearest surface hit. */
  const room = (x: number, y: number): number => {
    const px = x + 0.5 - cx;
    const ground = ((y + 0.5 - horizonY) * cos - px * sin) / (cameraHeightM * focalPx);
    const back = (1 + backSlope * px) / backWallM;
    const left = walls[0]! > 0 ? -px / (walls[0]! * focalPx) : 0;
    const right = walls[1]! > 0 ? px / (walls[1]! * focalPx) : 0;
    return Math.max(1 / FAR, ground, back, left, right);
  };

  const planes: (Plane | null)[] = regions.map((r, i) => (kinds[i] === 'upright' ? uprightPlane(r, w, h, horizonY, focalPx, room, rng) : null));
  separateOccluders(seg, planes);

  const inv = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const l = seg.labels[i]!;
      const k = kinds[l]!;
      const p = planes[l];
      inv[i] = k === 'sky' ? 1 / FAR : p ? p.inv0 * (1 + p.slope * (x + 0.5 - p.xc)) : room(x, y);
    }
  }
  const depth = new Float32Array(w * h);
  for (let i = 0; i < depth.length; i++) depth[i] = 1 / Math.min(1 / NEAR, Math.max(1 / FAR, inv[i]!));
  return {
    depth: { width: w, height: h, data: depth },
    kinds,
    geometry: { focalPx, horizonY, roll, cameraHeightM, backWallM },
  };
}

function isSky(r: Region): boolean {
  const bright = r.luma >= SKY_MIN_LUMA || (r.yellowBlue <= SKY_MAX_YELLOW_BLUE && r.luma >= SKY_MIN_BLUE_LUMA);
  return r.y0 === 0 && bright && r.texture <= SKY_MAX_TEXTURE;
}

/** A region lying on the ground: reaches the bottom border, is low or wide, and sits mostly below the horizon. */
function isGround(r: Region, h: number, horizonY: number): boolean {
  const rh = r.y1 - r.y0 + 1;
  const rw = r.x1 - r.x0 + 1;
  return r.y1 === h - 1 && (rh <= 0.7 * h || rw >= 1.2 * rh) && r.cy > horizonY;
}

function uprightPlane(
  r: Region,
  w: number,
  h: number,
  horizonY: number,
  focalPx: number,
  room: (x: number, y: number) => number,
  rng: Rng,
): Plane {
  const tall = r.y1 - r.y0 + 1 >= 0.4 * h;
  let yaw: number;
  // A tall region on a side border reads as a wall running away from the camera toward the centre.
  if (tall && r.x0 === 0 && r.x1 < w - 1) yaw = -rng.range(30, 60) * DEG;
  else if (tall && r.x1 === w - 1 && r.x0 > 0) yaw = rng.range(30, 60) * DEG;
  else yaw = rng.range(-30, 30) * DEG;
  const xc = r.cx + 0.5;
  const col = Math.min(w - 1, Math.max(0, Math.round(r.cx)));
  let inv0: number;
  if (r.y1 >= h - 1) inv0 = room(col, h - 1) * Math.exp(rng.range(0, Math.log(3)));
  else if (r.foot > horizonY + 1) inv0 = room(col, r.foot);
  else inv0 = room(col, Math.round(r.cy)) * Math.exp(rng.range(0, Math.log(1.5)));
  // Keep the plane in front of the camera across the region (a steep wall's far end at ≥ 1/5 of
  // its centre's inverse depth) and its near end within the near limit, so it stays one plane, unclamped.
  let slope = Math.tan(yaw) / focalPx;
  const reach = Math.max(xc - r.x0, r.x1 + 1 - xc);
  if (Math.abs(slope) * reach > 0.8) slope = (Math.sign(slope) * 0.8) / reach;
  const nearEnd = 1 + Math.abs(slope) * reach;
  return { inv0: Math.min(inv0, 1 / NEAR / nearEnd), xc, slope };
}

/**
 * Pushes upright regions back, nearest first, until every border between two of them has a step
 * of at least OCCLUSION_STEP in inverse depth: one pass suffices because a region is only ever
 * pushed farther, away from the already placed nearer ones.
 */
function separateOccluders(seg: Segmentation, planes: (Plane | null)[]): void {
  const k = seg.regions.length;
  const order = planes
    .map((p, i) => ({ p, i }))
    .filter((e): e is { p: Plane; i: number } => e.p !== null)
    .sort((a, b) => b.p.inv0 - a.p.inv0 || a.i - b.i);
  const placed = new Set<number>();
  const at = (p: Plane, x: number): number => p.inv0 * (1 + p.slope * (x - p.xc));
  for (const { p, i } of order) {
    let factor = 1;
    for (const j of placed) {
      const e = seg.borders.get(i < j ? i * k + j : j * k + i);
      if (!e) continue;
      // The ratio of two affine functions is monotone in x: holding at both ends, it holds along the border.
      for (const xb of [e[1] + 0.5, e[2] + 0.5]) {
        const mine = at(p, xb);
        const bound = at(planes[j]!, xb) / OCCLUSION_STEP;
        if (mine > bound && mine > 0) factor = Math.min(factor, bound / mine);
      }
    }
    p.inv0 *= factor;
    placed.add(i);
  }
}
