import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageFrom, type Image } from '../../src/image/index.js';
import { radialChannel } from '../../src/models/index.js';
import { flippedOrigin, writeFrameInput, type PatchWindow } from '../../src/train/index.js';
import { noiseImage } from '../data/fixtures.js';

const P = 16;

/** Channel c, pixel (x, y) of a P×P sample slot. */
const at = (buf: Float32Array, c: number, x: number, y: number): number => buf[c * P * P + y * P + x]!;
const px = (img: Image, c: number, x: number, y: number): number => img.data[c * img.width * img.height + y * img.width + x]!;

function sample(left: Image, right: Image, win: PatchWindow): Float32Array {
  const out = new Float32Array(7 * P * P);
  writeFrameInput(left, right, win, true, out, 0);
  return out;
}

test('horizontal flip: the left slot holds the mirrored right view and the right slot the mirrored left view', () => {
  const left = noiseImage(32, 24, 1);
  const right = noiseImage(32, 24, 2);
  const win: PatchWindow = { x0: 5, y0: 3, size: P, flipX: true, flipY: false };
  const s = sample(left, right, win);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < P; y++) {
      for (let x = 0; x < P; x++) {
        const sx = win.x0 + P - 1 - x;
        assert.equal(at(s, c, x, y), px(right, c, sx, win.y0 + y));
        assert.equal(at(s, c + 3, x, y), px(left, c, sx, win.y0 + y));
      }
    }
  }
});

test('vertical flip keeps left and right in their slots, mirrored top to bottom', () => {
  const left = noiseImage(32, 24, 3);
  const right = noiseImage(32, 24, 4);
  const win: PatchWindow = { x0: 7, y0: 2, size: P, flipX: false, flipY: true };
  const s = sample(left, right, win);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < P; y++) {
      for (let x = 0; x < P; x++) {
        const sy = win.y0 + P - 1 - y;
        assert.equal(at(s, c, x, y), px(left, c, win.x0 + x, sy));
        assert.equal(at(s, c + 3, x, y), px(right, c, win.x0 + x, sy));
      }
    }
  }
});

test('the radial channel of a flipped patch is the full map at the mirrored position', () => {
  const left = noiseImage(40, 28, 5);
  const right = noiseImage(40, 28, 6);
  const win: PatchWindow = { x0: 3, y0: 1, size: P, flipX: true, flipY: true };
  const s = sample(left, right, win);
  const o = flippedOrigin(win, 40, 28);
  assert.deepEqual(o, { x0: 40 - 3 - P, y0: 28 - 1 - P });
  const want = radialChannel(40, 28, o.x0, o.y0, P, P);
  assert.deepEqual(s.subarray(6 * P * P), want);
  // Equal to mirroring the unflipped patch's map (the map is symmetric), yet not the unflipped map itself.
  const unflipped = radialChannel(40, 28, 3, 1, P, P);
  for (let y = 0; y < P; y++) for (let x = 0; x < P; x++) assert.ok(Math.abs(want[y * P + x]! - unflipped[(P - 1 - y) * P + (P - 1 - x)]!) < 1e-6);
  assert.ok(want[0]! < unflipped[0]!);
});

/** Disparity (px) that best explains left(x) = right(x − d) on the first channel, searched in [−4, 4]. */
function measureDisparity(s: Float32Array): number {
  let best = 0;
  let bestErr = Infinity;
  for (let d = -4; d <= 4; d++) {
    let err = 0;
    for (let y = 0; y < P; y++) {
      for (let x = 4; x < P - 4; x++) {
        const e = at(s, 0, x, y) - at(s, 3, x - d, y);
        err += e * e;
      }
    }
    if (err < bestErr) {
      bestErr = err;
      best = d;
    }
  }
  return best;
}

test('a synthetic disparity keeps its sign through flip+swap, and a flip without the swap would invert it', () => {
  const w = 40;
  const h = 20;
  const d = 2;
  const right = noiseImage(w, h, 7);
  const left = imageFrom(new Float32Array(right.data.length), w, h, 3, 'srgb');
  for (let c = 0; c < 3; c++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) left.data[c * w * h + y * w + x] = px(right, c, Math.max(0, x - d), y);
  const base: PatchWindow = { x0: 10, y0: 2, size: P, flipX: false, flipY: false };
  assert.equal(measureDisparity(sample(left, right, base)), d);
  assert.equal(measureDisparity(sample(left, right, { ...base, flipX: true })), d);
  assert.equal(measureDisparity(sample(left, right, { ...base, flipY: true })), d);
  // Mirroring without exchanging the views: swap the slots of the flipped sample back.
  const flipped = sample(left, right, { ...base, flipX: true });
  const noSwap = new Float32Array(flipped.length);
  noSwap.set(flipped.subarray(3 * P * P, 6 * P * P), 0);
  noSwap.set(flipped.subarray(0, 3 * P * P), 3 * P * P);
  assert.equal(measureDisparity(noSwap), -d);
});
