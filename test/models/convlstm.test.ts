// One ConvLSTM step against a float64 JS implementation of Keras' ConvLSTM2D equations (gate
// order i, f, c, o; no peepholes; 'same' 3×3 convolutions; bias on the input convolution only).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/image/index.js';
import { Graph, InferenceRunner, zeros, type HostTensor, type ParamStore } from '../../src/nn/index.js';
import { convLstmStep, type RecurrentActivation } from '../../src/models/index.js';

const [N, CIN, U, H, W, K] = [2, 3, 4, 5, 6, 3];

function random(shape: number[], rng: Rng, scale = 1): HostTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return { data: Float32Array.from({ length: n }, () => scale * rng.normal()), shape };
}

/** 'same' 3×3 correlation of x [N, ci, H, W] with the Keras-layout kernel kk [K, K, ci, 4U] (float64). */
function convKeras(x: Float32Array, ci: number, kk: Float64Array): Float64Array {
  const out = new Float64Array(N * 4 * U * H * W);
  for (let b = 0; b < N; b++)
    for (let o = 0; o < 4 * U; o++)
      for (let y = 0; y < H; y++)
        for (let xx = 0; xx < W; xx++) {
          let s = 0;
          for (let ky = 0; ky < K; ky++)
            for (let kx = 0; kx < K; kx++) {
              const iy = y + ky - 1;
              const ix = xx + kx - 1;
              if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
              for (let c = 0; c < ci; c++) s += (x[((b * ci + c) * H + iy) * W + ix] as number) * (kk[((ky * K + kx) * ci + c) * 4 * U + o] as number);
            }
          out[((b * 4 * U + o) * H + y) * W + xx] = s;
        }
  return out;
}

/** Keras ConvLSTM2DCell.call semantics in float64; with `masks`, gate k convolves x ∘ masks[k] / (1 − rate). */
function kerasStep(x: Float32Array, h: Float32Array, c: Float32Array, kernel: Float64Array, rec: Float64Array, bias: Float64Array, act: RecurrentActivation, masks?: { m: Float32Array[]; rate: number }): { h: Float64Array; c: Float64Array } {
  const sig = act === 'sigmoid' ? (v: number) => 1 / (1 + Math.exp(-v)) : (v: number) => Math.min(1, Math.max(0, 0.2 * v + 0.5));
  let zx = convKeras(x, CIN, kernel);
  if (masks) {
    const perGate = masks.m.map((m) => convKeras(x.map((v, i) => (v * (m[i] as number)) / (1 - masks.rate)), CIN, kernel));
    // Output channel o of zx belongs to gate ⌊o / U⌋; take it from that gate's masked convolution.
    zx = zx.map((_, idx) => {
      const o = Math.floor(idx / (H * W)) % (4 * U);
      return (perGate[Math.floor(o / U)] as Float64Array)[idx] as number;
    });
  }
  const zh = convKeras(h, U, rec);
  const hn = new Float64Array(N * U * H * W);
  const cn = new Float64Array(N * U * H * W);
  const plane = H * W;
  for (let b = 0; b < N; b++)
    for (let u = 0; u < U; u++)
      for (let p = 0; p < plane; p++) {
        const z = (gate: number): number => (zx[(b * 4 * U + gate * U + u) * plane + p] as number) + (zh[(b * 4 * U + gate * U + u) * plane + p] as number) + (bias[gate * U + u] as number);
        const i = sig(z(0));
        const f = sig(z(1));
        const o = sig(z(3));
        const idx = (b * U + u) * plane + p;
        const cc = f * (c[idx] as number) + i * Math.tanh(z(2));
        cn[idx] = cc;
        hn[idx] = o * Math.tanh(cc);
      }
  return { h: hn, c: cn };
}

/** Keras [kh, kw, Cin, Cout] → ONNX [Cout, Cin, kh, kw]. */
function toOnnx(kk: Float64Array, ci: number, co: number): Float32Array {
  const out = new Float32Array(kk.length);
  for (let o = 0; o < co; o++) for (let c = 0; c < ci; c++) for (let ky = 0; ky < K; ky++) for (let kx = 0; kx < K; kx++) out[((o * ci + c) * K + ky) * K + kx] = kk[((ky * K + kx) * ci + c) * co + o] as number;
  return out;
}

for (const act of ['sigmoid', 'hard_sigmoid'] as const) {
  test(`ConvLSTM step (${act}) equals Keras' equations in float64, with and without a previous state`, async () => {
    const rng = new Rng(act === 'sigmoid' ? 1 : 2);
    const kernel = Float64Array.from({ length: K * K * CIN * 4 * U }, () => 0.4 * rng.normal());
    const rec = Float64Array.from({ length: K * K * U * 4 * U }, () => 0.4 * rng.normal());
    const bias = Float64Array.from({ length: 4 * U }, () => 0.5 * rng.normal());
    const x = random([N, CIN, H, W], rng);
    const h = random([N, U, H, W], rng, 0.5);
    const c = random([N, U, H, W], rng);

    const g = new Graph();
    const p = { kernel: g.param('k', [4 * U, CIN, K, K], zeros()), recurrentKernel: g.param('r', [4 * U, U, K, K], zeros()), bias: g.param('b', [4 * U], zeros()) };
    const xv = g.input('x', ['N', CIN, 'H', 'W']);
    const hv = g.input('h', ['N', U, 'H', 'W']);
    const cv = g.input('c', ['N', U, 'H', 'W']);
    const withState = convLstmStep(g, p, act, xv, { h: hv, c: cv });
    const fromZero = convLstmStep(g, p, act, xv, null);
    const params: ParamStore = new Map([
      ['k', { data: toOnnx(kernel, CIN, 4 * U), shape: [4 * U, CIN, K, K] }],
      ['r', { data: toOnnx(rec, U, 4 * U), shape: [4 * U, U, K, K] }],
      ['b', { data: Float32Array.from(bias), shape: [4 * U] }],
    ]);
    const runner = await InferenceRunner.create(g, { h1: withState.h, c1: withState.c, h0: fromZero.h, c0: fromZero.c }, params, { threads: 1 });
    const out = await runner.run({ x, h, c });
    const ref = kerasStep(x.data, h.data, c.data, kernel, rec, bias, act);
    const zero = new Float32Array(h.data.length);
    const refZero = kerasStep(x.data, zero, zero, kernel, rec, bias, act);
    const maxErr = (a: Float32Array, b: Float64Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);
    for (const [name, a, b] of [['h', out['h1']!.data, ref.h], ['c', out['c1']!.data, ref.c], ['h from zero state', out['h0']!.data, refZero.h], ['c from zero state', out['c0']!.data, refZero.c]] as const) {
      assert.ok(maxErr(a, b) < 2e-5, `${name}: max |Δ| = ${maxErr(a, b)}`);
    }
    if (act === 'hard_sigmoid') {
      // The clip must be active somewhere, or the test would not tell the two activations apart.
      const zx = convKeras(x.data, CIN, kernel);
      assert.ok(zx.some((v) => Math.abs(v) > 2.5));
    }
    await runner.release();
  });
}

test('ConvLSTM input dropout: gate k sees x ∘ mask_k / (1 − rate), masks stacked i, f, c, o on channels (Keras ConvLSTM2D(dropout))', async () => {
  const rng = new Rng(3);
  const rate = 0.4;
  const kernel = Float64Array.from({ length: K * K * CIN * 4 * U }, () => 0.4 * rng.normal());
  const rec = Float64Array.from({ length: K * K * U * 4 * U }, () => 0.4 * rng.normal());
  const bias = Float64Array.from({ length: 4 * U }, () => 0.5 * rng.normal());
  const x = random([N, CIN, H, W], rng);
  const h = random([N, U, H, W], rng, 0.5);
  const c = random([N, U, H, W], rng);
  const masks = Array.from({ length: 4 }, () => Float32Array.from({ length: N * CIN * H * W }, () => (rng.uniform() < rate ? 0 : 1)));
  // Graph layout [N, 4·CIN, H, W]: gate k's mask occupies channels k·CIN..(k+1)·CIN−1.
  const stacked = new Float32Array(N * 4 * CIN * H * W);
  const plane = H * W;
  for (let b = 0; b < N; b++) for (let k = 0; k < 4; k++) stacked.set((masks[k] as Float32Array).subarray(b * CIN * plane, (b + 1) * CIN * plane), (b * 4 + k) * CIN * plane);
  const g = new Graph();
  const p = { kernel: g.param('k', [4 * U, CIN, K, K], zeros()), recurrentKernel: g.param('r', [4 * U, U, K, K], zeros()), bias: g.param('b', [4 * U], zeros()) };
  const mask = g.input('mask', ['N', 4 * CIN, 'H', 'W']);
  const s = convLstmStep(g, p, 'sigmoid', g.input('x', ['N', CIN, 'H', 'W']), { h: g.input('h', ['N', U, 'H', 'W']), c: g.input('c', ['N', U, 'H', 'W']) }, { mask, rate });
  const params: ParamStore = new Map([
    ['k', { data: toOnnx(kernel, CIN, 4 * U), shape: [4 * U, CIN, K, K] }],
    ['r', { data: toOnnx(rec, U, 4 * U), shape: [4 * U, U, K, K] }],
    ['b', { data: Float32Array.from(bias), shape: [4 * U] }],
  ]);
  const runner = await InferenceRunner.create(g, { h1: s.h, c1: s.c }, params, { threads: 1 });
  const out = await runner.run({ x, h, c, mask: { data: stacked, shape: [N, 4 * CIN, H, W] } });
  const ref = kerasStep(x.data, h.data, c.data, kernel, rec, bias, 'sigmoid', { m: masks, rate });
  const plain = kerasStep(x.data, h.data, c.data, kernel, rec, bias, 'sigmoid');
  const maxErr = (a: Float32Array, b: Float64Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);
  assert.ok(maxErr(out['h1']!.data, ref.h) < 2e-5 && maxErr(out['c1']!.data, ref.c) < 2e-5, `max |Δ| h ${maxErr(out['h1']!.data, ref.h)}, c ${maxErr(out['c1']!.data, ref.c)}`);
  assert.ok(maxErr(out['c1']!.data, plain.c) > 1e-2, 'the masks must change the result');
  await runner.release();
});
