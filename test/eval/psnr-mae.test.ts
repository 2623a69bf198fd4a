import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareImages, mae, mse, psnr, ssim } from '../../src/eval/index.js';
import { mapImage, randomImage } from './test-images.js';

test('psnr of a constant offset δ is −10·log10(δ²) on [0,1] images', () => {
  // 8-bit values and power-of-two offsets keep x ± δ exact in float32, so the MSE is exactly δ²
  const x = mapImage(randomImage(13, 9, 3, 3, 0.2, 0.8), (v) => Math.round(v * 256) / 256);
  for (const d of [0.125, 0.03125, 0.0078125]) {
    const y = mapImage(x, (v, i) => v + (i % 2 === 0 ? d : -d));
    assert.ok(Math.abs(psnr(y, x) - -10 * Math.log10(d * d)) < 1e-9);
    assert.ok(Math.abs(mse(y, x) - d * d) < 1e-15);
  }
});

test('psnr scales with the data range: 20·log10(R/δ)', () => {
  const x = randomImage(8, 8, 1, 4, 0, 100);
  const y = mapImage(x, (v) => v + 2);
  const got = psnr(y, x, 255);
  assert.ok(Math.abs(got - 20 * Math.log10(255 / 2)) < 1e-4); // float32 rounding of x + 2 near 100
});

test('psnr of identical images is +Infinity', () => {
  const x = randomImage(5, 4, 2, 5);
  assert.equal(psnr(x, x), Infinity);
});

test('mae is the mean absolute difference', () => {
  const x = randomImage(6, 5, 2, 6, 0.25, 0.75);
  // half the values moved up by 0.25, half down by 0.125: mean |d| = 0.1875
  const y = mapImage(x, (v, i) => (i % 2 === 0 ? v + 0.25 : v - 0.125));
  assert.ok(Math.abs(mae(y, x) - 0.1875) < 1e-7);
  assert.equal(mae(x, x), 0);
});

test('compareImages returns the three metrics with one data range', () => {
  const x = randomImage(16, 12, 3, 8);
  const y = mapImage(x, (v, i) => Math.min(1, Math.max(0, v + 0.05 * Math.sin(i))));
  const s = compareImages(y, x);
  assert.equal(s.psnr, psnr(y, x));
  assert.equal(s.ssim, ssim(y, x));
  assert.equal(s.mae, mae(y, x));
  const g = compareImages(y, x, { window: 'gaussian', dataRange: 2 });
  assert.equal(g.ssim, ssim(y, x, { window: 'gaussian', dataRange: 2 }));
  assert.equal(g.psnr, psnr(y, x, 2));
});

test('psnr and mae reject mismatched images and bad ranges', () => {
  const x = randomImage(4, 4, 1, 1);
  assert.throws(() => psnr(x, randomImage(4, 4, 3, 1)), /differ in size/);
  assert.throws(() => mae(x, randomImage(4, 5, 1, 1)), /differ in size/);
  assert.throws(() => psnr(x, x, -1), /dataRange/);
});
