import { test } from 'node:test';
import assert from 'node:assert/strict';
import { radialChannel } from '../../src/models/index.js';

test('radial channel is 0 at the centre pixel and 1 at the four corners (odd size)', () => {
  const w = 9;
  const h = 5;
  const m = radialChannel(w, h, 0, 0, w, h);
  assert.equal(m[2 * w + 4], 0);
  for (const i of [0, w - 1, (h - 1) * w, h * w - 1]) assert.ok(Math.abs(m[i]! - 1) < 1e-6, `corner ${i}: ${m[i]}`);
  for (const v of m) assert.ok(v >= 0 && v <= 1 + 1e-6);
});

test('radial channel of an even-sized image: the four centre pixels are equal and smallest, corners 1', () => {
  const w = 16;
  const h = 12;
  const m = radialChannel(w, h, 0, 0, w, h);
  const c = m[5 * w + 7]!;
  for (const i of [5 * w + 8, 6 * w + 7, 6 * w + 8]) assert.ok(Math.abs(m[i]! - c) < 1e-7);
  assert.ok(Math.abs(c - Math.hypot(0.5, 0.5) / Math.hypot(7.5, 5.5)) < 1e-6);
  assert.ok(Math.min(...m) === c);
  assert.ok(Math.abs(m[h * w - 1]! - 1) < 1e-6);
});

test('radial channel is symmetric under horizontal and vertical mirroring', () => {
  const w = 20;
  const h = 14;
  const m = radialChannel(w, h, 0, 0, w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = m[y * w + x]!;
      assert.ok(Math.abs(v - m[y * w + (w - 1 - x)]!) < 1e-6);
      assert.ok(Math.abs(v - m[(h - 1 - y) * w + x]!) < 1e-6);
    }
  }
});

test("a patch's radial channel equals the full map cropped at the patch's position", () => {
  const w = 40;
  const h = 30;
  const full = radialChannel(w, h, 0, 0, w, h);
  const [x0, y0, pw, ph] = [23, 5, 16, 12];
  const patch = radialChannel(w, h, x0, y0, pw, ph);
  for (let y = 0; y < ph; y++) for (let x = 0; x < pw; x++) assert.equal(patch[y * pw + x], full[(y0 + y) * w + x0 + x]);
});
