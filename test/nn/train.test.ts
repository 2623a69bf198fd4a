// Training steps end to end: optimizer arithmetic against hand-computed updates, a tiny conv
// net that learns to undo a known blur, and bit-exact checkpoint resume.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../src/image/index.js';
import { Graph, InferenceRunner, Trainer, type Value, adam, buildTrainStep, constant, heNormal, initParams, sgd, zeros, type HostTensor } from '../../src/nn/index.js';

function linearProblem(): { g: Graph; loss: Value; c: Float32Array } {
  const g = new Graph();
  const w = g.param('w', [4], constant(1));
  const c = Float32Array.of(3, -4, 0.5, 0);
  const loss = g.sum(g.mul(w, g.constant('c', [4], c)));
  return { g, loss, c };
}

test('SGD step is p − lr·grad; clipNorm rescales to the given global norm', async () => {
  const { g, loss } = linearProblem();
  const t = await Trainer.create(buildTrainStep(g, loss, { optimizer: sgd() }), initParams(g, 0), { threads: 1 });
  const r = await t.step({}, 0.1);
  assert.ok(Math.abs(r.gradNorm - Math.hypot(3, 4, 0.5)) < 1e-5);
  assert.deepEqual([...t.params().get('w')!.data].map((v) => Math.round(v * 1e5) / 1e5), [0.7, 1.4, 0.95, 1]);
  const c = linearProblem();
  const tc = await Trainer.create(buildTrainStep(c.g, c.loss, { optimizer: sgd(), clipNorm: 1 }), initParams(c.g, 0), { threads: 1 });
  await tc.step({}, 1);
  const n = Math.hypot(3, 4, 0.5);
  const got = tc.params().get('w')!.data;
  [3, -4, 0.5, 0].forEach((gi, i) => assert.ok(Math.abs((got[i] as number) - (1 - gi / n)) < 1e-6, `w[${i}]`));
});

test('Adam: first step moves each weight by lr·sign(grad); bias correction as Keras', async () => {
  const { g, loss } = linearProblem();
  const t = await Trainer.create(buildTrainStep(g, loss, { optimizer: adam() }), initParams(g, 0), { threads: 1 });
  await t.step({}, 0.01);
  const w = t.params().get('w')!.data;
  assert.ok(Math.abs((w[0] as number) - 0.99) < 1e-5 && Math.abs((w[1] as number) - 1.01) < 1e-5 && Math.abs((w[2] as number) - 0.99) < 1e-5, `${[...w]}`);
  assert.equal(w[3], 1);
  // Second step with the same gradient: m2 = 0.19g, v2 = 0.001999g², lr_t = lr·√(1−β2²)/(1−β1²).
  await t.step({}, 0.01);
  const lr2 = (0.01 * Math.sqrt(1 - 0.999 ** 2)) / (1 - 0.9 ** 2);
  const step2 = (lr2 * 0.19 * 3) / (Math.sqrt(0.001999 * 9) + 1e-7);
  assert.ok(Math.abs((t.params().get('w')!.data[0] as number) - (0.99 - step2)) < 1e-5);
});

/** Residual two-layer conv net undoing a fixed 3×3 blur of random 1-channel images. */
function deblurNet(): { g: Graph; loss: Value; identityLoss: Value; batch: HostTensor } {
  const g = new Graph();
  const s = g.input('sharp', ['N', 1, 'H', 'W']);
  const k1 = [0.15, 0.7, 0.15];
  const blur = g.constant('blur', [1, 1, 3, 3], k1.flatMap((a) => k1.map((b) => a * b)));
  const x = g.conv2d(s, blur);
  const h = g.relu(g.conv2d(x, g.param('c1/kernel', [8, 1, 3, 3], heNormal()), g.param('c1/bias', [8], zeros())));
  const y = g.add(x, g.conv2d(h, g.param('c2/kernel', [1, 8, 3, 3], heNormal()), g.param('c2/bias', [1], zeros())));
  const loss = g.mean(g.square(g.sub(y, s)));
  const identityLoss = g.mean(g.square(g.sub(x, s)));
  const rng = new Rng(5);
  const batch = { data: Float32Array.from({ length: 8 * 12 * 12 }, () => rng.uniform()), shape: [8, 1, 12, 12] };
  return { g, loss, identityLoss, batch };
}

test('a tiny conv net learns to undo a known 3x3 blur (loss well below the untrained net)', async () => {
  const { g, loss, identityLoss, batch } = deblurNet();
  const baseline = (await (await InferenceRunner.create(g, { identityLoss }, new Map(), { threads: 1 })).run({ sharp: batch })).identityLoss!.data[0]!;
  const t = await Trainer.create(buildTrainStep(g, loss, { optimizer: adam(), clipNorm: 1 }), initParams(g, 3), { threads: 2 });
  const first = (await t.step({ sharp: batch }, 3e-3)).loss;
  let last = first;
  for (let i = 0; i < 300; i++) last = (await t.step({ sharp: batch }, 3e-3)).loss;
  assert.ok(last < 0.2 * first && last < 0.3 * baseline, `loss ${first} -> ${last}, blurred input scores ${baseline}`);
});

test('checkpoint resume is bit-exact (3 steps, save, reload, 3 more = 6 uninterrupted)', async () => {
  const { g, loss, batch } = deblurNet();
  const step = buildTrainStep(g, loss, { optimizer: adam(), clipNorm: 0.5 });
  const params = initParams(g, 9);
  const lrs = [1e-3, 2e-3, 3e-3, 3e-3, 2e-3, 1e-3];
  const a = await Trainer.create(step, params, { threads: 2 });
  for (const lr of lrs) await a.step({ sharp: batch }, lr);
  const b = await Trainer.create(step, params, { threads: 2 });
  for (const lr of lrs.slice(0, 3)) await b.step({ sharp: batch }, lr);
  const saved = b.checkpoint();
  const dir = await mkdtemp(join(tmpdir(), 'dualpix-ckpt-'));
  await b.saveCheckpoint(join(dir, 'ckpt.safetensors'));
  const c = await Trainer.create(step, initParams(g, 123), { threads: 2 });
  await c.loadCheckpoint(join(dir, 'ckpt.safetensors'));
  await rm(dir, { recursive: true });
  assert.equal(c.steps, 3);
  for (const lr of lrs.slice(3)) await c.step({ sharp: batch }, lr);
  assert.deepEqual(Buffer.from(c.checkpoint()), Buffer.from(a.checkpoint()));
  assert.notDeepEqual(Buffer.from(saved), Buffer.from(a.checkpoint()));
});

test('a mini U-Net with symbolic N, H, W (pool, upsample, 2x2 conv, skip concat, dropout, clamp) trains', async () => {
  const g = new Graph();
  const x = g.input('x', ['N', 2, 'H', 'W']);
  const t = g.input('t', ['N', 1, 'H', 'W']);
  const mask = g.input('mask', ['N', 4, 'H/2', 'W/2']);
  const conv = (v: Value, name: string, cout: number, k: number): Value => g.conv2d(v, g.param(`${name}/kernel`, [cout, v.shape[1] as number, k, k], heNormal()), g.param(`${name}/bias`, [cout], zeros()));
  const e1 = g.relu(conv(x, 'e1', 4, 3));
  const mid = g.dropout(g.relu(conv(g.maxPool2(e1), 'mid', 4, 3)), mask, 0.25);
  const up = g.relu(conv(g.upsample2(mid), 'up', 4, 2));
  const y = g.clip(conv(g.concat([e1, up]), 'out', 1, 3), 0, 1);
  const loss = g.mean(g.square(g.sub(y, t)));
  const trainer = await Trainer.create(buildTrainStep(g, loss, { optimizer: adam(), outputs: { y } }), initParams(g, 1), { threads: 2 });
  const rng = new Rng(2);
  const xs = { data: Float32Array.from({ length: 2 * 2 * 8 * 8 }, () => rng.uniform()), shape: [2, 2, 8, 8] };
  const ts = { data: Float32Array.from({ length: 2 * 8 * 8 }, (_, i) => 0.5 * ((xs.data[i] as number) + (xs.data[i + 64] as number))), shape: [2, 1, 8, 8] };
  let first = 0;
  let last = 0;
  for (let i = 0; i < 60; i++) {
    const m = { data: Float32Array.from({ length: 2 * 4 * 4 * 4 }, () => (rng.uniform() < 0.25 ? 0 : 1)), shape: [2, 4, 4, 4] };
    const r = await trainer.step({ x: xs, t: ts, mask: m }, 1e-2);
    if (i === 0) first = r.loss;
    last = r.loss;
    assert.deepEqual(r.outputs.y!.shape, [2, 1, 8, 8]);
  }
  assert.ok(last < 0.5 * first, `loss ${first} -> ${last}`);
});
