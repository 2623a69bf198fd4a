// Forward semantics of the graph against hand-written float64 references: Keras 'same' padding
// (even kernels pad 0 before, 1 after), depthwise groups, pooling, upsampling, hard sigmoid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/image/index.js';
import { Graph, InferenceRunner, constant, initParams, type HostTensor } from '../../src/nn/index.js';

function random(shape: number[], seed: number): HostTensor {
  const rng = new Rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return { data: Float32Array.from({ length: n }, () => rng.normal()), shape };
}

/** Keras-style 'same' conv, stride 1, float64 accumulation. */
function convRef(x: HostTensor, w: HostTensor, groups: number): Float64Array {
  const [n, ci, h, wd] = x.shape as [number, number, number, number];
  const [co, cg, kh, kw] = w.shape as [number, number, number, number];
  const pt = Math.floor((kh - 1) / 2);
  const pl = Math.floor((kw - 1) / 2);
  const out = new Float64Array(n * co * h * wd);
  const cog = co / groups;
  for (let b = 0; b < n; b++)
    for (let o = 0; o < co; o++)
      for (let y = 0; y < h; y++)
        for (let xx = 0; xx < wd; xx++) {
          let s = 0;
          const g = Math.floor(o / cog);
          for (let c = 0; c < cg; c++)
            for (let ky = 0; ky < kh; ky++)
              for (let kx = 0; kx < kw; kx++) {
                const iy = y + ky - pt;
                const ix = xx + kx - pl;
                if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                s += (x.data[((b * ci + g * cg + c) * h + iy) * wd + ix] as number) * (w.data[((o * cg + c) * kh + ky) * kw + kx] as number);
              }
          out[((b * co + o) * h + y) * wd + xx] = s;
        }
  return out;
}

function assertClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(a.length, b.length, `${what}: lengths`);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs((a[i] as number) - (b[i] as number)) <= tol, `${what}[${i}]: ${a[i]} vs ${b[i]}`);
}

for (const [k, groups, ci, co] of [[3, 1, 2, 3], [2, 1, 2, 2], [4, 1, 1, 2], [5, 3, 3, 3], [1, 1, 3, 2]] as const) {
  test(`conv2d k=${k} groups=${groups} matches a float64 'same' reference`, async () => {
    const g = new Graph();
    const x = g.input('x', ['N', ci, 'H', 'W']);
    const wt = random([co, ci / groups, k, k], 7);
    const w = g.constant('w', wt.shape, wt.data);
    const y = g.conv2d(x, w, null, { groups });
    assert.deepEqual(y.shape, ['N', co, 'H', 'W']);
    const xt = random([2, ci, 5, 6], 3);
    const r = await InferenceRunner.create(g, { y }, new Map(), { threads: 1 });
    const out = await r.run({ x: xt });
    assert.deepEqual(out.y?.shape, [2, co, 5, 6]);
    assertClose(out.y!.data, convRef(xt, wt, groups), 1e-4, 'y');
  });
}

test('maxPool2, upsample2, hardSigmoid and bias broadcast give hand-computed values', async () => {
  const g = new Graph();
  const x = g.input('x', [1, 1, 2, 4]);
  const b = g.param('b', [1, 1, 1, 1], constant(0.5));
  const p = g.maxPool2(g.add(x, b));
  const u = g.upsample2(p);
  const h = g.hardSigmoid(x);
  const r = await InferenceRunner.create(g, { p, u, h }, initParams(g, 0), { threads: 1 });
  const out = await r.run({ x: { data: Float32Array.of(1, -2, 3, 0, 4, -5, 6, 9), shape: [1, 1, 2, 4] } });
  assert.deepEqual([...out.p!.data], [4.5, 9.5]);
  assert.deepEqual(out.u!.shape, [1, 1, 2, 4]);
  assert.deepEqual([...out.u!.data], [4.5, 4.5, 9.5, 9.5, 4.5, 4.5, 9.5, 9.5]);
  assertClose(out.h!.data, [0.7, 0.1, 1, 0.5, 1, 0, 1, 1], 1e-6, 'hard_sigmoid');
});

test('symbolic dims: pooling then upsampling gives back H, so U-Net skips concatenate', () => {
  const g = new Graph();
  const x = g.input('x', ['N', 4, 'H', 'W']);
  const p = g.maxPool2(g.maxPool2(x));
  assert.deepEqual(p.shape, ['N', 4, 'H/4', 'W/4']);
  const u = g.upsample2(g.upsample2(p));
  const y = g.concat([x, u]);
  assert.deepEqual(y.shape, ['N', 8, 'H', 'W']);
});

test('one exported model runs at any batch and image size (symbolic N, H, W)', async () => {
  const g = new Graph();
  const x = g.input('x', ['N', 2, 'H', 'W']);
  const y = g.concat([x, g.upsample2(g.maxPool2(x))]);
  const r = await InferenceRunner.create(g, { y }, new Map(), { threads: 1 });
  for (const shape of [[1, 2, 4, 4], [3, 2, 8, 6]]) {
    const out = await r.run({ x: random(shape, 1) });
    assert.deepEqual(out.y!.shape, [shape[0], 4, shape[2], shape[3]]);
  }
  await assert.rejects(r.run({ x: random([1, 3, 4, 4], 1) }), /InferenceRunner.run: input 'x' has shape \[1,3,4,4\], expected \[N,2,H,W\]/);
  // Pooling then upsampling gives back H only for even H: an odd size is refused before ORT runs.
  await assert.rejects(r.run({ x: random([1, 2, 5, 4], 1) }), /H=5 must be a multiple of 2/);
});

test('bad graphs fail at build time naming the op and the shapes', () => {
  const g = new Graph();
  const x = g.input('x', ['N', 7, 'H', 'W']);
  const w = g.constant('enc1/conv1/kernel', [32, 6, 3, 3], new Float32Array(32 * 6 * 9));
  assert.throws(() => g.conv2d(x, w), /conv2d 'enc1\/conv1\/kernel': input has 7 channels, kernel expects 6 \(input \[N,7,H,W\], kernel \[32,6,3,3\]/);
  const w7 = g.constant('w7', [4, 7, 3, 3], new Float32Array(4 * 7 * 9));
  assert.throws(() => g.conv2d(x, w7, null, { padding: 'valid', strides: 2 } as never), /conv2d 'w7': unknown attribute 'strides'/);
  assert.throws(() => g.conv2d(x, w7, null, { padding: 'full' as never }), /conv2d 'w7': padding must be 'same' or 'valid'/);
  const y = g.input('y', ['N', 5, 'H', 'W']);
  assert.throws(() => g.add(x, y), /add: shapes \[N,7,H,W\] and \[N,5,H,W\] do not broadcast \(axis 1: 7 vs 5\)/);
  assert.throws(() => g.concat([x, g.maxPool2(y)]), /concat: axis 2 differs: \[N,7,H,W\] \[N,5,H\/2,W\/2\]/);
  assert.throws(() => g.matmul(g.input('a', [2, 3]), g.input('b', [4, 5])), /matmul: inner dims differ/);
  assert.throws(() => g.input('x', [1]), /input: name 'x' is already used/);
  assert.throws(() => g.slice(x, [0], [3], [2]), /slice: axis 2 of \[N,7,H,W\] is symbolic/);
});

test('reshape moves symbolic dims: one time step of [N,T,C,H,W] becomes [N,C,H,W]', async () => {
  const g = new Graph();
  const seq = g.input('seq', ['N', 2, 3, 'H', 'W']);
  const t1 = g.reshape(g.slice(seq, [1], [2], [1]), ['N', 3, 'H', 'W']);
  assert.deepEqual(t1.shape, ['N', 3, 'H', 'W']);
  const flat = g.reshape(t1, ['N', 'CHW']);
  const r = await InferenceRunner.create(g, { t1, flat }, new Map(), { threads: 1 });
  const data = Float32Array.from({ length: 2 * 2 * 3 * 2 * 2 }, (_, i) => i);
  const out = await r.run({ seq: { data, shape: [2, 2, 3, 2, 2] } });
  assert.deepEqual(out.t1!.shape, [2, 3, 2, 2]);
  assert.deepEqual([...out.t1!.data.slice(0, 3)], [12, 13, 14]);
  assert.deepEqual(out.flat!.shape, [2, 12]);
});
