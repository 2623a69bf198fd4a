import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../src/image/index.js';
import {
  centroid,
  combinedKernel,
  DEFAULT_PSF,
  dpKernel,
  mirrorX,
  type ButterworthParams,
  type DpKernel,
} from '../../src/psf/index.js';

const sum = (k: Float32Array): number => k.reduce((s, v) => s + v, 0);
const at = (k: DpKernel, view: Float32Array, x: number, y: number): number => {
  const c = (k.size - 1) / 2;
  return view[(y + c) * k.size + (x + c)]!;
};
/** Mean distance of the combined kernel's mass from its centre, px. */
const meanRadius = (k: DpKernel): number => {
  const h = combinedKernel(k);
  const c = (k.size - 1) / 2;
  let s = 0;
  for (let y = 0; y < k.size; y++) for (let x = 0; x < k.size; x++) s += h[y * k.size + x]! * Math.hypot(x - c, y - c);
  return s / sum(h);
};

test('each view carries half the mass, for both models and many radii', () => {
  for (const model of ['butterworth', 'disk'] as const) {
    for (const r of [-17.3, -4, -0.6, 0, 0.49, 0.5, 1.25, 7.75, 23]) {
      const k = dpKernel(r, DEFAULT_PSF, { model });
      assert.equal(k.size % 2, 1);
      assert.equal(k.left.length, k.size * k.size);
      assert.ok(Math.abs(sum(k.left) - 0.5) < 1e-6, `${model} r=${r} left ${sum(k.left)}`);
      assert.ok(Math.abs(sum(k.right) - 0.5) < 1e-6, `${model} r=${r} right ${sum(k.right)}`);
      assert.ok(k.left.every((v) => v >= 0));
    }
  }
});

test('H_r is H_l mirrored about the vertical axis', () => {
  for (const r of [3.4, -5]) {
    const k = dpKernel(r, DEFAULT_PSF);
    assert.deepEqual(k.right, mirrorX(k.left, k.size));
  }
});

test('flipping the sign of r swaps the views', () => {
  const p = dpKernel(6.5, DEFAULT_PSF);
  const n = dpKernel(-6.5, DEFAULT_PSF);
  assert.deepEqual(n.left, p.right);
  assert.deepEqual(n.right, p.left);
  const m = dpKernel(6.5, DEFAULT_PSF, { orientation: 'mirrored' });
  assert.deepEqual(m.left, p.right);
});

test('orientation: for r > 0 the left view sits left of centre, for r < 0 right', () => {
  const k = dpKernel(5, DEFAULT_PSF);
  assert.ok(centroid(k.left, k.size)[0] < -1);
  assert.ok(centroid(k.right, k.size)[0] > 1);
  assert.ok(Math.abs(centroid(k.left, k.size)[1]) < 1e-9);
  assert.ok(centroid(dpKernel(-5, DEFAULT_PSF).left, k.size)[0] > 1);
  assert.ok(centroid(dpKernel(5, DEFAULT_PSF, { orientation: 'mirrored' }).left, k.size)[0] > 1);
});

test('radius below 0.5 px is a delta split ½/½', () => {
  for (const r of [0, 0.2, -0.49]) {
    const k = dpKernel(r, DEFAULT_PSF);
    assert.equal(k.size, 1);
    assert.deepEqual([...k.left, ...k.right], [0.5, 0.5]);
  }
  // And the model itself converges to a delta at the threshold: no jump there.
  const k = dpKernel(0.5, DEFAULT_PSF);
  assert.ok(at(k, k.left, 0, 0) + at(k, k.right, 0, 0) > 0.99);
});

test('donut: the centre is darker than the ring for β < 1, flat for β = 1', () => {
  const k = dpKernel(12, DEFAULT_PSF);
  const h = combinedKernel(k);
  const c = (k.size - 1) / 2;
  const centre = h[c * k.size + c]!;
  const ring = Math.max(...h.subarray(c * k.size, (c + 1) * k.size));
  assert.ok(centre < 0.8 * ring, `centre ${centre} ring ${ring}`);
  const deep = combinedKernel(dpKernel(12, { n: 3, alpha: 0.4, beta: 0.1, kappa: 0.14 }));
  const deepRing = Math.max(...deep.subarray(c * k.size, (c + 1) * k.size));
  assert.ok(deep[c * k.size + c]! < 0.3 * deepRing);
  const flat = combinedKernel(dpKernel(12, { ...DEFAULT_PSF, beta: 1 }));
  assert.ok(Math.abs(flat[c * k.size + c]! - flat[c * k.size + c + 6]!) < 1e-6);
});

// Fraction of the combined mass within half the CoC radius.
const innerMass = (p: ButterworthParams, r: number): number => {
  const k = dpKernel(r, p);
  const h = combinedKernel(k);
  const c = (k.size - 1) / 2;
  let s = 0;
  for (let y = 0; y < k.size; y++) for (let x = 0; x < k.size; x++) if (Math.hypot(x - c, y - c) <= r / 2) s += h[y * k.size + x]!;
  return s;
};

test('α: a larger cutoff D0 = 2α·r widens the depletion; β raises its floor', () => {
  // Profile at 0.625·r relative to the centre: near 1 where the depletion reaches that far.
  const lift = (alpha: number): number => {
    const k = dpKernel(16, { ...DEFAULT_PSF, alpha });
    const h = combinedKernel(k);
    const row = ((k.size - 1) / 2) * k.size + (k.size - 1) / 2;
    return h[row + 10]! / h[row]!;
  };
  const l = [0.4, 0.6, 0.8, 1].map(lift);
  for (let i = 1; i < l.length; i++) assert.ok(l[i]! < l[i - 1]!, `lift ${l.join(', ')}`);
  assert.ok(l[0]! > 1.4 && l[3]! < 1.1, `lift ${l.join(', ')}`);
  assert.ok(innerMass({ ...DEFAULT_PSF, beta: 0.4 }, 16) > innerMass({ ...DEFAULT_PSF, beta: 0.1 }, 16));
});

test('n: a higher order sharpens the rise around the cutoff', () => {
  // α = 0.4 puts D0 = 0.8·r inside the disk; ratio of the profile just outside to well inside D0.
  const profileRatio = (n: number): number => {
    const k = dpKernel(20, { n, alpha: 0.4, beta: 0.1, kappa: 0.02 });
    const h = combinedKernel(k);
    const c = (k.size - 1) / 2;
    return h[c * k.size + c + 18]! / h[c * k.size + c + 10]!;
  };
  const r = [3, 6, 9].map(profileRatio);
  assert.ok(r[0]! < r[1]! && r[1]! < r[2]!, `ratios ${r.join(', ')}`);
});

test('κ: more smoothing flattens the edge', () => {
  const steepest = (kappa: number): number => {
    const k = dpKernel(15, { ...DEFAULT_PSF, kappa });
    const h = combinedKernel(k);
    const row = ((k.size - 1) / 2) * k.size;
    let g = 0;
    for (let x = 1; x < k.size; x++) g = Math.max(g, Math.abs(h[row + x]! - h[row + x - 1]!));
    return g;
  };
  const g = [0, 0.07, 0.14, 0.28].map(steepest);
  for (let i = 1; i < g.length; i++) assert.ok(g[i]! < g[i - 1]!, `steepest steps ${g.join(', ')}`);
});

test('sub-pixel radii: the mean radius grows continuously, no jumps at integers', () => {
  for (const model of ['butterworth', 'disk'] as const) {
    const steps: number[] = [];
    // Leaving the delta at 0.5 px is continuous too, though steep: the ring starts at the rim.
    assert.ok(meanRadius(dpKernel(0.5001, DEFAULT_PSF, { model })) < 0.01);
    let prev = meanRadius(dpKernel(0.75, DEFAULT_PSF, { model }));
    for (let r = 0.8; r <= 6.001; r += 0.05) {
      const m = meanRadius(dpKernel(r, DEFAULT_PSF, { model }));
      steps.push(m - prev);
      prev = m;
    }
    const typical = [...steps].sort((a, b) => a - b)[steps.length >> 1]!;
    for (const s of steps) {
      assert.ok(s > 0, `${model}: mean radius must grow (step ${s})`);
      assert.ok(s < 3 * typical, `${model}: step ${s} vs typical ${typical}`);
    }
  }
});

test('translating-disk model: a flat disk split into halves', () => {
  const k = dpKernel(6, DEFAULT_PSF, { model: 'disk' });
  assert.equal(k.size, 15); // no smoothing margin: 2·⌈6 + ½⌉ + 1
  assert.equal(at(k, k.left, 2, 0), 0);
  assert.ok(Math.abs(at(k, k.left, -2, 0) - at(k, k.left, -4, 3)) < 1e-7);
  assert.ok(Math.abs(at(k, k.left, 0, 0) - at(k, k.right, 0, 0)) < 1e-9);
  assert.ok(Math.abs(at(k, k.left, 0, 0) + at(k, k.right, 0, 0) - at(k, k.left, -3, 0)) < 1e-7); // centre column shared
});

test('bad parameters and radii are InputErrors naming the flag', () => {
  assert.throws(() => dpKernel(3, { ...DEFAULT_PSF, beta: 1.5 }), (e: unknown) => e instanceof InputError && e.subject === 'params');
  assert.throws(() => dpKernel(3, { ...DEFAULT_PSF, n: 0 }), InputError);
  assert.throws(() => dpKernel(NaN, DEFAULT_PSF), (e: unknown) => e instanceof InputError && e.subject === 'radius');
});
