// Photo scenes: segmentation follows image edges, the depth layout is piecewise planar with steps only
// on region borders, sky is far, everything is in range and deterministic for a seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, type FloatMap, type Image } from '../../src/image/index.js';
import { segmentPhoto } from '../../src/synth/photo-segment.js';
import { OCCLUSION_STEP, PHOTO_DEPTH_RANGE_M, photoDepthLayout } from '../../src/synth/photo-layout.js';
import { photoSequence } from '../../src/synth/photo-scene.js';
import { texture } from './helpers.js';

/** A w×h sRGB image whose pixel (x, y) has colour `at(x, y)`, plus small seeded noise (a camera's grain). */
function paint(w: number, h: number, at: (x: number, y: number) => readonly [number, number, number], noise = 0.004, seed = 1): Image {
  const rng = new Rng(seed);
  const n = w * h;
  const data = new Float32Array(3 * n);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const c = at(x, y);
      for (let k = 0; k < 3; k++) data[k * n + y * w + x] = Math.min(1, Math.max(0, c[k]! + noise * rng.normal()));
    }
  }
  return { width: w, height: h, channels: 3, space: 'srgb', data };
}

const inv = (m: FloatMap, x: number, y: number): number => 1 / m.data[y * m.width + x]!;

test('a vertical boundary between two flat colours is a region border exactly, and no border lies inside them', () => {
  const img = paint(72, 48, (x) => (x < 30 ? [0.35, 0.12, 0.1] : [0.12, 0.3, 0.14]));
  for (const regions of [2, 6, 20]) {
    const seg = segmentPhoto(img, { regions });
    assert.equal(seg.regions.length, 2, `target ${regions}: two flat colours are two regions`);
    for (let y = 0; y < 48; y++) {
      for (let x = 0; x < 72; x++) assert.equal(seg.labels[y * 72 + x], seg.labels[y * 72 + (x < 30 ? 0 : 71)], `(${x}, ${y})`);
    }
  }
});

test('a smooth gradient stays one region however many regions are asked for', () => {
  const img = paint(64, 48, (x, y) => [0.3 + 0.004 * x, 0.5 + 0.003 * y, 0.8 - 0.002 * x]);
  assert.equal(segmentPhoto(img, { regions: 24 }).regions.length, 1);
});

test('depth steps lie on the colour boundary; inside each flat region depth is one plane', () => {
  const w = 72;
  const h = 48;
  const img = paint(w, h, (x) => (x < 30 ? [0.35, 0.12, 0.1] : [0.12, 0.3, 0.14]));
  const seg = segmentPhoto(img, { regions: 8 });
  for (let seed = 0; seed < 12; seed++) {
    const { depth, kinds } = photoDepthLayout(seg, new Rng(seed));
    assert.deepEqual(kinds, ['upright', 'upright'], `seed ${seed}`);
    for (let y = 0; y < h; y++) {
      // The step across the border: at least OCCLUSION_STEP between the sides' planes (half a pixel of slope aside).
      const a = inv(depth, 29, y);
      const b = inv(depth, 30, y);
      assert.ok(Math.max(a, b) / Math.min(a, b) > 1 + 0.8 * (OCCLUSION_STEP - 1), `seed ${seed} row ${y}: step ${a} → ${b}`);
      for (let x = 0; x < w; x++) {
        // Upright planes: constant down each column, affine along each row (second difference 0).
        if (y > 0) assert.ok(Math.abs(inv(depth, x, y) - inv(depth, x, y - 1)) < 1e-6 * inv(depth, x, y), `seed ${seed} (${x}, ${y}) vertical`);
        // Pixels clamped at the far limit are not on their plane; the layout keeps planes off the near limit.
        const clamped = [x - 1, x, x + 1].some((xx) => xx >= 0 && xx < w && depth.data[y * w + xx]! >= PHOTO_DEPTH_RANGE_M[1]);
        if (x >= 1 && x + 1 < w && x !== 29 && x !== 30 && !clamped) {
          const d2 = inv(depth, x - 1, y) - 2 * inv(depth, x, y) + inv(depth, x + 1, y);
          assert.ok(Math.abs(d2) < 1e-4 * inv(depth, x, y), `seed ${seed} (${x}, ${y}): second difference ${d2}`);
        }
      }
    }
  }
});

test('a bright smooth region at the top is sky at the far limit; a dark one is not', () => {
  const w = 64;
  const h = 48;
  const ground = texture(w, h, 3, 'srgb');
  const scene = (sky: readonly [number, number, number]): Image =>
    paint(w, h, (x, y) => (y < 20 ? [sky[0] + 0.002 * x, sky[1], sky[2]] : [0.6 * ground.data[y * w + x]!, 0.5 * ground.data[w * h + y * w + x]!, 0.2]));
  const far = PHOTO_DEPTH_RANGE_M[1];
  for (let seed = 0; seed < 6; seed++) {
    const bright = photoDepthLayout(segmentPhoto(scene([0.62, 0.75, 0.92]), { regions: 10 }), new Rng(seed)).depth;
    const dark = photoDepthLayout(segmentPhoto(scene([0.22, 0.2, 0.18]), { regions: 10 }), new Rng(seed)).depth;
    let skyFar = 0;
    let darkFar = 0;
    for (let y = 0; y < 18; y++) {
      for (let x = 0; x < w; x++) {
        if (bright.data[y * w + x] === far) skyFar++;
        if (dark.data[y * w + x] === far) darkFar++;
      }
    }
    assert.equal(skyFar, 18 * w, `seed ${seed}: the bright sky band lies at ${far} m`);
    assert.ok(darkFar < 18 * w * 0.1, `seed ${seed}: a dark band is not sky (${darkFar} px at the far limit)`);
    // Below the sky nothing is at the far limit: the ground and objects are nearer.
    for (let i = 24 * w; i < w * h; i++) assert.ok(bright.data[i]! < far, `seed ${seed} px ${i}`);
  }
});

test('photo sequences: depth finite and in range, frames sized, deterministic for a seed, different across seeds', () => {
  const photo = texture(160, 120, 7, 'srgb');
  const [near, far] = PHOTO_DEPTH_RANGE_M;
  const a = photoSequence(photo, 42, { width: 48, height: 32, frames: 3 });
  const b = photoSequence(photo, 42, { width: 48, height: 32, frames: 3 });
  const c = photoSequence(photo, 43, { width: 48, height: 32, frames: 3 });
  for (let f = 0; f < 3; f++) {
    const fa = a.frame(f);
    assert.equal(fa.rgb.width, 48);
    assert.equal(fa.rgb.height, 32);
    assert.equal(fa.depth.width, 48);
    assert.deepEqual(fa.rgb.data, b.frame(f).rgb.data);
    assert.deepEqual(fa.depth.data, b.frame(f).depth.data);
    for (const d of fa.depth.data) assert.ok(Number.isFinite(d) && d >= near * (1 - 1e-6) && d <= far * (1 + 1e-6), `depth ${d}`);
    for (const v of fa.rgb.data) assert.ok(v >= 0 && v <= 1);
  }
  assert.notDeepEqual(a.frame(0).depth.data, c.frame(0).depth.data);
  // The crop moves or zooms across the sequence: first and last frames differ.
  assert.notDeepEqual(a.frame(0).rgb.data, a.frame(2).rgb.data);
  assert.throws(() => a.frame(3), RangeError);
});

test('a photo smaller than the frame is upscaled to the frame size, not refused', () => {
  const seq = photoSequence(texture(20, 16, 2, 'srgb'), 1, { width: 40, height: 24 });
  const f = seq.frame(0);
  assert.equal(f.rgb.width, 40);
  assert.equal(f.depth.height, 24);
  assert.ok(seq.scale < 1);
});
