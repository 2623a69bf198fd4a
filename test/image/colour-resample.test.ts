import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, crop, hconcat, imageFrom, linearToSrgbValue, resize, srgbToLinearValue, toLinear, toSrgb } from '../../src/image/index.js';

test('sRGB curve: known points and inverse', () => {
  assert.equal(srgbToLinearValue(0), 0);
  assert.ok(Math.abs(srgbToLinearValue(1) - 1) < 1e-12);
  // 0.5 encoded is 0.21404 linear (IEC 61966-2-1 closed form)
  assert.ok(Math.abs(srgbToLinearValue(0.5) - Math.pow(0.555 / 1.055, 2.4)) < 1e-12);
  for (let v = 0; v <= 1; v += 0.01) assert.ok(Math.abs(linearToSrgbValue(srgbToLinearValue(v)) - v) < 1e-9);
  const img = imageFrom(new Float32Array([0.2, 0.7]), 2, 1, 1, 'srgb');
  const back = toSrgb(toLinear(img));
  assert.equal(back.space, 'srgb');
  assert.ok(Math.abs(back.data[1]! - 0.7) < 1e-6);
});

test('area downscale by 2 averages 2x2 blocks; resize to same size is identity', () => {
  const img = imageFrom(new Float32Array([1, 3, 5, 7, 1, 3, 5, 7]), 4, 2, 1, 'linear');
  const half = resize(img, 2, 1);
  assert.deepEqual(Array.from(half.data), [2, 6]);
  assert.deepEqual(Array.from(resize(img, 4, 2).data), Array.from(img.data));
});

test('area downscale by a non-integer factor: each output pixel is the mean over its footprint (2-D coverage computed directly)', () => {
  const rng = new Rng(11);
  const [w, h, ow, oh] = [37, 23, 10, 7];
  const img = imageFrom(new Float32Array(2 * w * h).map(() => rng.uniform()), w, h, 2, 'linear');
  const out = resize(img, ow, oh);
  const sx = w / ow;
  const sy = h / oh;
  const overlap = (lo: number, hi: number, i: number): number => Math.max(0, Math.min(hi, i + 1) - Math.max(lo, i));
  for (let c = 0; c < 2; c++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        let acc = 0;
        for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) acc += overlap(ox * sx, (ox + 1) * sx, x) * overlap(oy * sy, (oy + 1) * sy, y) * img.data[c * w * h + y * w + x]!;
        assert.ok(Math.abs(out.data[c * ow * oh + oy * ow + ox]! - acc / (sx * sy)) < 1e-5, `c${c} (${ox},${oy})`);
      }
    }
  }
});

test('bilinear upscale preserves the mean of a linear ramp and its endpoints', () => {
  const img = imageFrom(new Float32Array([0, 1, 2, 3]), 4, 1, 1, 'linear');
  const up = resize(img, 8, 1);
  assert.equal(up.data[0], 0);
  assert.equal(up.data[7], 3);
  const mean = up.data.reduce((s, v) => s + v, 0) / 8;
  assert.ok(Math.abs(mean - 1.5) < 1e-6);
});

test('crop and hconcat place pixels where expected', () => {
  const rng = new Rng(3);
  const data = new Float32Array(6 * 4 * 2).map(() => rng.uniform());
  const img = imageFrom(data, 6, 4, 2, 'srgb');
  const c = crop(img, 2, 1, 3, 2);
  assert.equal(c.data[0], data[1 * 6 + 2]);
  assert.equal(c.data[3 * 2 + 2], data[24 + 1 * 6 + 4]); // channel 1, row y0, column x0+2
  const both = hconcat([c, c], 1, 0.5);
  assert.equal(both.width, 7);
  assert.equal(both.data[3], 0.5);
  assert.equal(both.data[4], c.data[0]);
  assert.throws(() => crop(img, 5, 0, 2, 1), /does not fit/);
});

test('Rng: same seed same stream; derive separates keys; normal has unit variance', () => {
  const a = new Rng(42);
  const b = new Rng(42);
  for (let i = 0; i < 100; i++) assert.equal(a.nextU32(), b.nextU32());
  assert.notEqual(Rng.derive(1, 0).nextU32(), Rng.derive(1, 1).nextU32());
  const r = new Rng(7);
  let s = 0;
  let s2 = 0;
  const n = 20000;
  for (let i = 0; i < n; i++) {
    const v = r.normal();
    s += v;
    s2 += v * v;
  }
  assert.ok(Math.abs(s / n) < 0.03);
  assert.ok(Math.abs(s2 / n - 1) < 0.04);
  let p = 0;
  for (let i = 0; i < n; i++) p += r.poisson(4);
  assert.ok(Math.abs(p / n - 4) < 0.06);
});
