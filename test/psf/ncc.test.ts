import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PSF, dpKernel, mirrorX, ncc2d } from '../../src/psf/index.js';

test('a kernel correlates perfectly with itself, at zero shift', () => {
  const k = dpKernel(4, DEFAULT_PSF);
  const r = ncc2d(k.left, k.size, k.left, k.size);
  assert.ok(Math.abs(r.peak - 1) < 1e-6 && Math.abs(r.zeroShift - 1) < 1e-6, JSON.stringify(r));
});

test('a view correlates less with its mirror, and best after shifting towards it', () => {
  const k = dpKernel(4, DEFAULT_PSF);
  const r = ncc2d(k.left, k.size, mirrorX(k.left, k.size), k.size);
  assert.ok(r.zeroShift < 0.9, JSON.stringify(r));
  assert.ok(r.peak > r.zeroShift && r.peak < 1, JSON.stringify(r));
});

test('hand-computed: a delta against a shifted delta, kernels of different sizes', () => {
  const a = Float32Array.of(0, 0, 0, 0, 2, 0, 0, 0, 0); // 3×3, centred delta
  const b = new Float32Array(25);
  b[2 * 5 + 3] = 1; // 5×5, delta one px right of centre
  assert.deepEqual(ncc2d(a, 3, b, 5), { peak: 1, zeroShift: 0 });
  assert.deepEqual(ncc2d(b, 5, a, 3), { peak: 1, zeroShift: 0 });
  assert.deepEqual(ncc2d(a, 3, b, 5, 0), { peak: 0, zeroShift: 0 });
  // Two unit taps against one: cos = 1/√2 at the best shift.
  const c = Float32Array.of(0, 0, 0, 1, 1, 0, 0, 0, 0);
  assert.ok(Math.abs(ncc2d(c, 3, a, 3).peak - Math.SQRT1_2) < 1e-7);
  assert.throws(() => ncc2d(a, 2, b, 5), RangeError);
});

test('the Butterworth model and the disk baseline are similar but not identical', () => {
  const bw = dpKernel(6, DEFAULT_PSF);
  const disk = dpKernel(6, DEFAULT_PSF, { model: 'disk' });
  const r = ncc2d(bw.left, bw.size, disk.left, disk.size);
  assert.ok(r.peak > 0.7 && r.peak < 0.99, JSON.stringify(r));
});
