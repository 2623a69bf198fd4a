import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/image/index.js';
import { aggdMean, fitAggd } from '../../src/eval/index.js';
import { gammaFunction } from '../../src/eval/gamma.js';
import { symmetricPseudoInverse } from '../../src/eval/pseudo-inverse.js';

test('gammaFunction matches known values: Γ(n) = (n−1)!, Γ(½) = √π, Γ(0.1)', () => {
  const cases: Array<[number, number]> = [
    [1, 1], [2, 1], [5, 24], [10, 362880], [15, 87178291200],
    [0.5, Math.sqrt(Math.PI)], [1.5, Math.sqrt(Math.PI) / 2], [2.5, (3 * Math.sqrt(Math.PI)) / 4],
    [0.1, 9.513507698668732], // Abramowitz & Stegun Table 6.1 via Γ(1.1)/0.1 = 0.9513507698668732/0.1
  ];
  for (const [x, want] of cases) assert.ok(Math.abs(gammaFunction(x) / want - 1) < 1e-13, `Γ(${x}) = ${gammaFunction(x)}`);
  assert.ok(Number.isNaN(gammaFunction(0)));
});

/** Gamma(k, 1) draw: Marsaglia & Tsang 2000, with the U^(1/k) boost for k < 1. */
function gammaDraw(k: number, rng: Rng): number {
  if (k < 1) return gammaDraw(k + 1, rng) * Math.pow(rng.uniform() || 1e-300, 1 / k);
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = rng.normal();
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    const u = rng.uniform();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * AGGD samples of shape α and scales β_l, β_r: |x|/β ~ G^(1/α) with G ~ Gamma(1/α), which has
 * density ∝ exp(−(|x|/β)^α); the left side is taken with probability β_l/(β_l+β_r).
 */
function aggdSamples(n: number, alpha: number, betaLeft: number, betaRight: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const m = Math.pow(gammaDraw(1 / alpha, rng), 1 / alpha);
    out[i] = rng.uniform() < betaLeft / (betaLeft + betaRight) ? -betaLeft * m : betaRight * m;
  }
  return out;
}

test('fitAggd recovers the shape of Laplacian (α = 1) and Gaussian (α = 2) samples', () => {
  const rng = new Rng(1);
  const n = 40000;
  const laplace = Float64Array.from({ length: n }, () => (rng.uniform() < 0.5 ? -1 : 1) * -Math.log(1 - rng.uniform()));
  const gauss = Float64Array.from({ length: n }, () => 0.3 * rng.normal());
  const l = fitAggd(laplace);
  const g = fitAggd(gauss);
  assert.ok(Math.abs(l.alpha - 1) < 0.05, `laplace α = ${l.alpha}`);
  assert.ok(Math.abs(g.alpha - 2) < 0.1, `gauss α = ${g.alpha}`);
  // Scale of a GGD: β = σ·√(Γ(1/α)/Γ(3/α)): 1 for the unit Laplacian, σ√2 for a Gaussian.
  assert.ok(Math.abs(l.betaLeft - 1) < 0.05 && Math.abs(l.betaRight - 1) < 0.05, `laplace β ${l.betaLeft} ${l.betaRight}`);
  assert.ok(Math.abs(g.betaLeft / (0.3 * Math.SQRT2) - 1) < 0.05, `gauss β ${g.betaLeft}`);
  assert.ok(Math.abs(aggdMean(g)) < 0.01);
});

test('fitAggd recovers shape, left and right scales and the mean of asymmetric samples', () => {
  for (const alpha of [0.7, 1.5]) {
    const x = aggdSamples(60000, alpha, 0.5, 1.5, 3);
    const p = fitAggd(x);
    assert.ok(Math.abs(p.alpha / alpha - 1) < 0.08, `α ${p.alpha} vs ${alpha}`);
    assert.ok(Math.abs(p.betaLeft / 0.5 - 1) < 0.08, `β_l ${p.betaLeft}`);
    assert.ok(Math.abs(p.betaRight / 1.5 - 1) < 0.08, `β_r ${p.betaRight}`);
    let mean = 0;
    for (const v of x) mean += v / x.length;
    assert.ok(Math.abs(aggdMean(p) - mean) < 0.05, `η ${aggdMean(p)} vs sample mean ${mean}`);
  }
});

test('fitAggd gives NaN when one side is empty', () => {
  assert.ok(Number.isNaN(fitAggd([1, 2, 3]).alpha));
});

test('symmetricPseudoInverse inverts a full-rank matrix and pseudo-inverts a rank-2 one', () => {
  const full = new Float64Array([4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2]);
  const inv = symmetricPseudoInverse(full, 3);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += full[i * 3 + k]! * inv[k * 3 + j]!;
      assert.ok(Math.abs(s - (i === j ? 1 : 0)) < 1e-12);
    }
  }
  // A = 2·uuᵀ + 0.5·vvᵀ with orthonormal u, v in R⁴: A⁺ = uuᵀ/2 + vvᵀ/0.5.
  const u = [0.5, 0.5, 0.5, 0.5];
  const v = [0.5, -0.5, 0.5, -0.5];
  const a = new Float64Array(16);
  const want = new Float64Array(16);
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      a[i * 4 + j] = 2 * u[i]! * u[j]! + 0.5 * v[i]! * v[j]!;
      want[i * 4 + j] = (u[i]! * u[j]!) / 2 + (v[i]! * v[j]!) / 0.5;
    }
  }
  const pinv = symmetricPseudoInverse(a, 4);
  for (let k = 0; k < 16; k++) assert.ok(Math.abs(pinv[k]! - want[k]!) < 1e-12, `entry ${k}: ${pinv[k]} vs ${want[k]}`);
});
