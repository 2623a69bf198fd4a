// Procedural RGB-D scenes, so that synthesis needs no download: a ray-cast street-like set (ground
// plane, back wall, side wall, sky) with textured occluders at random depths, and a camera that
// pans, dollies and zooms smoothly across the frames of a sequence.
import { Rng, type FloatMap, type Image } from '../image/index.js';
import { fbm, hsvInto, randomTexture, type Texture } from './textures.js';

/** Size and sequence position of a procedural scene (px; frame index in [0, frames)). */
export interface ProceduralOptions {
  readonly width: number;
  readonly height: number;
  /** Sequence length (frames), default 1; the camera path spans it. */
  readonly frames?: number;
  /** Frame index, default 0. */
  readonly frame?: number;
}

/** Nearest and farthest depth (m) a procedural scene holds. */
export const PROCEDURAL_DEPTH_RANGE_M: readonly [number, number] = [0.5, 30];

const RECT = 0;
const DISC = 1;
const SPHERE = 2;

/**
 * An occluder: a vertical rectangle (cx, cz, y0, h, w, normal nx/nz), a disc facing the camera
 * (cx, cy, cz, r) or a sphere (cx, cy, cz, r). One class with every field, so that the per-pixel
 * loop sees one object shape: three object shapes made its field loads polymorphic and boxed a
 * number per load (about 36 MB of garbage per 256² frame, collected by V8's scavenger).
 */
class Shape {
  constructor(
    readonly kind: number,
    readonly cx: number,
    readonly cy: number,
    readonly cz: number,
    readonly y0: number,
    readonly h: number,
    readonly w: number,
    readonly nx: number,
    readonly nz: number,
    readonly r: number,
    readonly tex: Texture,
    readonly gain: number,
  ) {}
}

interface SceneSet {
  readonly camHeight: number;
  readonly wallZ: number;
  readonly wallTop: number;
  readonly sideX: number;
  readonly ground: Texture;
  readonly wall: Texture;
  readonly side: Texture;
  readonly skyHue: number;
  readonly shapes: readonly Shape[];
  readonly pan: number;
  readonly dolly: number;
  readonly yaw: number;
  readonly zoom: number;
  readonly pitch: number;
}

const FAR_M = PROCEDURAL_DEPTH_RANGE_M[1];
const TAN_HALF_FOV = Math.tan((55 * Math.PI) / 360); // 55° horizontal field of view
/** Salt of a procedural scene's layout stream. */
const SCENE_STREAM = 0x5ce4e;

function buildSet(seed: number): SceneSet {
  const rng = Rng.derive(seed, SCENE_STREAM);
  const camHeight = rng.range(1.2, 2.2);
  const wallZ = rng.range(10, 28);
  const shapes: Shape[] = [];
  const count = 4 + rng.int(6);
  for (let i = 0; i < count; i++) {
    // Log-uniform depth: near occluders are as common as far ones in image area.
    const cz = 0.6 * Math.pow(14 / 0.6, rng.uniform());
    const halfW = cz * TAN_HALF_FOV;
    const cx = rng.range(-0.9, 0.9) * halfW;
    const size = halfW * rng.range(0.12, 0.55);
    const tex = randomTexture(rng);
    const gain = rng.range(0.8, 1.15);
    const k = rng.int(3);
    if (k === 0) {
      const theta = rng.range(-0.6, 0.6);
      const grounded = rng.uniform() < 0.6;
      const h = size * rng.range(0.8, 2.5);
      const y0 = grounded ? 0 : rng.range(0.2, 1.2) * camHeight;
      const w = size * rng.range(0.6, 1.6);
      shapes.push(new Shape(RECT, cx, 0, cz, y0, h, w, Math.sin(theta), -Math.cos(theta), 0, tex, gain));
    } else if (k === 1) {
      const cy = rng.range(0.3, 1.6) * camHeight;
      shapes.push(new Shape(DISC, cx, cy, cz, 0, 0, 0, 0, 0, size * 0.6, tex, gain));
    } else {
      const r = size * 0.5;
      const cy = rng.uniform() < 0.5 ? r : rng.range(0.5, 1.5) * camHeight;
      shapes.push(new Shape(SPHERE, cx, cy, cz, 0, 0, 0, 0, 0, r, tex, gain));
    }
  }
  return {
    camHeight,
    wallZ,
    wallTop: rng.range(3, 14),
    sideX: (rng.uniform() < 0.5 ? -1 : 1) * rng.range(2.5, 6),
    ground: randomTexture(rng),
    wall: randomTexture(rng),
    side: randomTexture(rng),
    skyHue: rng.range(0.52, 0.66),
    shapes,
    pan: rng.range(-0.5, 0.5),
    dolly: rng.range(0, 0.3),
    yaw: rng.range(-0.08, 0.08),
    zoom: rng.range(-0.06, 0.06),
    pitch: rng.range(-0.06, 0.02),
  };
}

/**
 * A seeded RGB-D scene: sRGB image and depth (m, along the optical axis, within 0.5 … 30 m).
 * Frames of one seed share the set; frame t of `frames` moves the camera smoothly along a
 * seeded path (pan up to ±0.5 m, dolly up to 0.3 m, yaw up to ±0.08 rad, zoom up to ±6 %), so
 * a sequence looks like video.
 */
export function proceduralScene(seed: number, opts: ProceduralOptions): { rgb: Image; depth: FloatMap } {
  const { width, height } = opts;
  const frames = opts.frames ?? 1;
  const frame = opts.frame ?? 0;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    throw new RangeError(`proceduralScene: expected a positive integer size, got ${width}x${height}`);
  }
  if (!(Number.isInteger(frames) && frames >= 1 && Number.isInteger(frame) && frame >= 0 && frame < frames)) {
    throw new RangeError(`proceduralScene: expected 0 <= frame < frames, got frame ${frame} of ${frames}`);
  }
  const set = buildSet(seed);
  // Smooth start and stop: u runs 0 → 1 with zero speed at both ends.
  const t = frames === 1 ? 0 : frame / (frames - 1);
  const u = 0.5 - 0.5 * Math.cos(Math.PI * t);
  const camX = set.pan * (u - 0.5) * 2;
  const camZ = set.dolly * u;
  const camY = set.camHeight;
  const yaw = set.yaw * (u - 0.5) * 2;
  const focalPx = ((width / 2) / TAN_HALF_FOV) * (1 + set.zoom * u);
  const cy = Math.cos(yaw);
  const sy = Math.sin(yaw);
  const cp = Math.cos(set.pitch);
  const sp = Math.sin(set.pitch);
  const n = width * height;
  const rgb = new Float32Array(3 * n);
  const depth = new Float32Array(n);
  const col = new Float64Array(3);
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      // Camera ray with unit forward component, so the hit parameter is the depth along the axis.
      const xc = (px + 0.5 - width / 2) / focalPx;
      const yc = -(py + 0.5 - height / 2) / focalPx;
      const y1 = yc * cp + sp;
      const z1 = -yc * sp + cp;
      const dx = xc * cy + z1 * sy;
      const dy = y1;
      const dz = -xc * sy + z1 * cy;
      let best = FAR_M;
      let shade = 1;
      let hit = -1; // -1 sky, -2 ground, -3 wall, -4 side, ≥ 0 shape
      let hu = 0;
      let hv = 0;
      if (dy < 0) {
        const tg = -camY / dy;
        if (tg < best) {
          best = tg;
          hit = -2;
          hu = camX + tg * dx;
          hv = camZ + tg * dz;
          shade = 0.85 + 0.15 * Math.min(1, tg / 15);
        }
      }
      if (dz > 0) {
        const tw = (set.wallZ - camZ) / dz;
        const wy = camY + tw * dy;
        if (tw < best && wy < set.wallTop) {
          best = tw;
          hit = -3;
          hu = camX + tw * dx;
          hv = wy;
          shade = 0.95;
        }
      }
      if (dx !== 0) {
        const ts = (set.sideX - camX) / dx;
        if (ts > 0 && ts < best && camZ + ts * dz < set.wallZ && camY + ts * dy < set.wallTop * 0.8) {
          best = ts;
          hit = -4;
          hu = camZ + ts * dz;
          hv = camY + ts * dy;
          shade = 0.8;
        }
      }
      for (let k = 0; k < set.shapes.length; k++) {
        const s = set.shapes[k]!;
        if (s.kind === RECT) {
          const den = dx * s.nx + dz * s.nz;
          if (den === 0) continue;
          const th = ((s.cx - camX) * s.nx + (s.cz - camZ) * s.nz) / den;
          if (!(th > 0 && th < best)) continue;
          const qx = camX + th * dx - s.cx;
          const qz = camZ + th * dz - s.cz;
          const qu = -qx * s.nz + qz * s.nx; // along the rectangle (perpendicular to its normal)
          const qy = camY + th * dy;
          if (Math.abs(qu) > s.w / 2 || qy < s.y0 || qy > s.y0 + s.h) continue;
          best = th;
          hit = k;
          hu = qu;
          hv = qy;
          shade = s.gain * (0.75 + 0.25 * Math.abs(s.nz));
        } else if (s.kind === DISC) {
          const th = (s.cz - camZ) / dz;
          if (!(dz > 0 && th > 0 && th < best)) continue;
          const qu = camX + th * dx - s.cx;
          const qv = camY + th * dy - s.cy;
          if (qu * qu + qv * qv > s.r * s.r) continue;
          best = th;
          hit = k;
          hu = qu;
          hv = qv;
          shade = s.gain;
        } else {
          const ox = camX - s.cx;
          const oy = camY - s.cy;
          const oz = camZ - s.cz;
          const a = dx * dx + dy * dy + dz * dz;
          const b = ox * dx + oy * dy + oz * dz;
          const c = ox * ox + oy * oy + oz * oz - s.r * s.r;
          const disc = b * b - a * c;
          if (disc < 0) continue;
          const th = (-b - Math.sqrt(disc)) / a;
          if (!(th > 0 && th < best)) continue;
          const nx = (ox + th * dx) / s.r;
          const ny = (oy + th * dy) / s.r;
          const nz = (oz + th * dz) / s.r;
          best = th;
          hit = k;
          hu = Math.atan2(nx, -nz) * s.r;
          hv = ny * s.r;
          // Light from the upper left, so spheres read as round.
          shade = s.gain * (0.55 + 0.45 * Math.max(0, -0.5 * nx + 0.6 * ny - 0.62 * nz));
        }
      }
      const fw = best / focalPx;
      if (hit === -1) {
        const cloud = fbm(xc * 3 + camX * 0.01, yc * 6, 2, 5, 1 / focalPx, seed);
        hsvInto(set.skyHue, 0.45 * (1 - cloud), 0.75 + 0.25 * cloud, col);
      } else if (hit === -2) set.ground(hu, hv, fw * 3, col);
      else if (hit === -3) set.wall(hu, hv, fw, col);
      else if (hit === -4) set.side(hu, hv, fw * 2, col);
      else set.shapes[hit]!.tex(hu, hv, fw, col);
      const i = py * width + px;
      for (let c = 0; c < 3; c++) {
        const v = col[c]! * shade;
        rgb[c * n + i] = v < 0 ? 0 : v > 1 ? 1 : v;
      }
      depth[i] = Math.min(FAR_M, Math.max(PROCEDURAL_DEPTH_RANGE_M[0], best));
    }
  }
  return { rgb: { width, height, channels: 3, space: 'srgb', data: rgb }, depth: { width, height, data: depth } };
}

/** Seed of the built-in example scene. */
export const EXAMPLE_SEED = 7;

/** The built-in example scene of the README's first command: a 640×426 procedural scene with a fixed seed. */
export function exampleScene(): { rgb: Image; depth: FloatMap } {
  return proceduralScene(EXAMPLE_SEED, { width: 640, height: 426 });
}
