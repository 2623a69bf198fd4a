import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createImage, Rng, type Image } from '../../src/image/index.js';
import { addNoise } from '../../src/optics/index.js';

const flat = (v: number, n = 20000): Image => {
  const img = createImage(n, 1, 1, 'linear');
  img.data.fill(v);
  return img;
};

const stats = (a: Float32Array, base: number): { mean: number; variance: number } => {
  let s = 0;
  let s2 = 0;
  for (const v of a) {
    s += v - base;
    s2 += (v - base) ** 2;
  }
  const mean = s / a.length;
  return { mean, variance: s2 / a.length - mean * mean };
};

test('gaussian: zero-mean noise with variance σ²·I² on constant images', () => {
  const sigma = 0.2;
  const rng = new Rng(7);
  for (const level of [0.1, 0.4, 0.8]) {
    const { mean, variance } = stats(addNoise(flat(level), { kind: 'gaussian', sigma }, rng).data, level);
    const expected = sigma * sigma * level * level;
    // 20 000 draws: the variance estimate's relative s.d. is √(2/n) ≈ 1 %.
    assert.ok(Math.abs(variance / expected - 1) < 0.05, `I=${level}: variance ${variance} vs ${expected}`);
    assert.ok(Math.abs(mean) < 4 * Math.sqrt(expected / 20000), `I=${level}: mean ${mean}`);
  }
  assert.deepEqual(addNoise(flat(0), { kind: 'gaussian', sigma }, rng).data, flat(0).data);
});

test('poisson-gaussian: variance I/fullWell + readSigma²', () => {
  const rng = new Rng(3);
  const model = { kind: 'poisson-gaussian', fullWell: 200, readSigma: 0.01 } as const;
  for (const level of [0.05, 0.5]) {
    const { mean, variance } = stats(addNoise(flat(level), model, rng).data, level);
    const expected = level / 200 + 0.0001;
    assert.ok(Math.abs(variance / expected - 1) < 0.06, `I=${level}: variance ${variance} vs ${expected}`);
    assert.ok(Math.abs(mean) < 4 * Math.sqrt(expected / 20000), `I=${level}: mean ${mean}`);
  }
});

test('seeded: the same seed gives byte-identical noise', () => {
  for (const model of [{ kind: 'gaussian', sigma: 0.3 }, { kind: 'poisson-gaussian', fullWell: 50, readSigma: 0.02 }] as const) {
    const a = addNoise(flat(0.5, 500), model, new Rng(42));
    const b = addNoise(flat(0.5, 500), model, new Rng(42));
    assert.deepEqual(a.data, b.data);
    assert.notDeepEqual(a.data, addNoise(flat(0.5, 500), model, new Rng(43)).data);
  }
});

test('two views noised in turn from one generator get independent noise', () => {
  const rng = new Rng(11);
  const model = { kind: 'gaussian', sigma: 0.25 } as const;
  const left = addNoise(flat(0.6), model, rng).data;
  const right = addNoise(flat(0.6), model, rng).data;
  let c = 0;
  let l2 = 0;
  let r2 = 0;
  for (let i = 0; i < left.length; i++) {
    c += (left[i]! - 0.6) * (right[i]! - 0.6);
    l2 += (left[i]! - 0.6) ** 2;
    r2 += (right[i]! - 0.6) ** 2;
  }
  // Correlation of independent draws: s.d. 1/√n ≈ 0.007.
  assert.ok(Math.abs(c / Math.sqrt(l2 * r2)) < 0.03);
});
