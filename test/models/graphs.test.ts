// The graphs the runner and the training loop use: shapes, output ranges, parameter counts from
// an independently written layer list, and the unrolled sequence against frame-by-frame runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/image/index.js';
import { InferenceRunner, initParams, type HostTensor } from '../../src/nn/index.js';
import { buildInferenceGraph, buildTrainGraph, drawDropoutMask, modelConfig, parameterCount } from '../../src/models/index.js';

function random(shape: number[], rng: Rng, lo = 0, hi = 1): HostTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return { data: Float32Array.from({ length: n }, () => lo + (hi - lo) * rng.uniform()), shape };
}

const zerosT = (shape: number[]): HostTensor => ({ data: new Float32Array(shape.reduce((a, b) => a * b, 1)), shape });

test('RDPD inference graph: y [N,3,H,W], h1/c1 [N,U,H/16,W/16]; y clamped to [0,1]', async () => {
  const cfg = modelConfig({ model: 'rdpd', width: 0.125 });
  const inf = buildInferenceGraph(cfg);
  assert.deepEqual(inf.inputs['x']!.shape, ['N', 7, 'H', 'W']);
  assert.deepEqual(inf.inputs['h0']!.shape, ['N', 64, 'H/16', 'W/16']);
  const params = initParams(inf.graph, 1);
  // Push one output channel far above 1 and one far below 0 so that the clamp must act.
  params.set('conv10/bias', { data: Float32Array.of(50, -50, 0), shape: [3] });
  const runner = await InferenceRunner.create(inf.graph, inf.outputs, params, { threads: 1 });
  const rng = new Rng(3);
  const out = await runner.run({ x: random([2, 7, 32, 16], rng), h0: zerosT([2, 64, 2, 1]), c0: zerosT([2, 64, 2, 1]) });
  assert.deepEqual(out['y']!.shape, [2, 3, 32, 16]);
  assert.deepEqual(out['h1']!.shape, [2, 64, 2, 1]);
  assert.deepEqual(out['c1']!.shape, [2, 64, 2, 1]);
  const y = out['y']!.data;
  const plane = 32 * 16;
  for (let n = 0; n < 2; n++) {
    for (let i = 0; i < plane; i++) {
      assert.equal(y[(n * 3 + 0) * plane + i], 1);
      assert.equal(y[(n * 3 + 1) * plane + i], 0);
      const v = y[(n * 3 + 2) * plane + i] as number;
      assert.ok(v >= 0 && v <= 1);
    }
  }
  await runner.release();
});

test('residual RDPD: untrained, it returns the combined input (I_l + I_r)/2; trained weights add a correction', async () => {
  const cfg = modelConfig({ model: 'rdpd', width: 0.125, residual: true });
  const inf = buildInferenceGraph(cfg);
  const params = initParams(inf.graph, 5);
  assert.ok(params.get('conv10/kernel')!.data.every((v) => v === 0), 'output layer starts at zero');
  const runner = await InferenceRunner.create(inf.graph, inf.outputs, params, { threads: 1 });
  const rng = new Rng(8);
  const x = random([1, 7, 16, 32], rng);
  const plane = 16 * 32;
  const run = async (): Promise<Float32Array> => (await runner.run({ x, h0: zerosT([1, 64, 1, 2]), c0: zerosT([1, 64, 1, 2]) }))['y']!.data;
  const y = await run();
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < plane; i++) {
      const expected = (x.data[c * plane + i]! + x.data[(c + 3) * plane + i]!) / 2;
      assert.ok(Math.abs(y[c * plane + i]! - expected) < 1e-6, `channel ${c} pixel ${i}`);
    }
  }
  await runner.release();
  // A bias on the output layer shifts every pixel by that amount (before the clamp).
  params.set('conv10/bias', { data: Float32Array.of(0.1, 0, -0.1), shape: [3] });
  const shifted = await InferenceRunner.create(inf.graph, inf.outputs, params, { threads: 1 });
  const y2 = (await shifted.run({ x, h0: zerosT([1, 64, 1, 2]), c0: zerosT([1, 64, 1, 2]) }))['y']!.data;
  for (let i = 0; i < plane; i++) {
    assert.ok(Math.abs(y2[i]! - Math.min(1, y[i]! + 0.1)) < 1e-6);
    assert.ok(Math.abs(y2[2 * plane + i]! - Math.max(0, y[2 * plane + i]! - 0.1)) < 1e-6);
  }
  await shifted.release();
});

test('wide residual head: conv10 is one 3×3 layer over level 9 (no conv9_3); untrained it returns (I_l + I_r)/2', async () => {
  const paper = modelConfig({ model: 'rdpd', width: 0.125, residual: true });
  const cfg = modelConfig({ model: 'rdpd', width: 0.125, residual: true, head: 'wide' });
  // Level 1 has round(32 · 0.125) = 4 filters: the paper head has conv9_3 (4→3, 3×3) and conv10 (3→3, 1×1); the wide head only conv10 (4→3, 3×3).
  assert.equal(parameterCount(cfg), parameterCount(paper) - (3 * 4 * 9 + 3) - (3 * 3 + 3) + (3 * 4 * 9 + 3));
  const inf = buildInferenceGraph(cfg);
  const params = initParams(inf.graph, 5);
  assert.equal(params.has('conv9_3/kernel'), false);
  assert.deepEqual(params.get('conv10/kernel')!.shape, [3, 4, 3, 3]);
  const runner = await InferenceRunner.create(inf.graph, inf.outputs, params, { threads: 1 });
  const x = random([1, 7, 16, 32], new Rng(8));
  const plane = 16 * 32;
  const y = (await runner.run({ x, h0: zerosT([1, 64, 1, 2]), c0: zerosT([1, 64, 1, 2]) }))['y']!.data;
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < plane; i++) assert.ok(Math.abs(y[c * plane + i]! - (x.data[c * plane + i]! + x.data[(c + 3) * plane + i]!) / 2) < 1e-6);
  }
  await runner.release();
  assert.throws(() => modelConfig({ model: 'rdpd', head: 'wide' }), /head: 'wide' is a residual head/);
});

test('DPDNet inference graph: x [N,6,H,W] → y [N,3,H,W] strictly inside (0,1)', async () => {
  const cfg = modelConfig({ model: 'dpdnet', width: 0.0625 });
  const inf = buildInferenceGraph(cfg);
  assert.deepEqual(Object.keys(inf.inputs), ['x']);
  assert.deepEqual(Object.keys(inf.outputs), ['y']);
  const runner = await InferenceRunner.create(inf.graph, inf.outputs, initParams(inf.graph, 2), { threads: 1 });
  const out = await runner.run({ x: random([1, 6, 16, 32], new Rng(4)) });
  assert.deepEqual(out['y']!.shape, [1, 3, 16, 32]);
  for (const v of out['y']!.data) assert.ok(v > 0 && v < 1);
  await runner.release();
});

/** Independent count from the published layer list: [kernel size, in, out] per convolution. */
function countFromLayerList(enc: number[], bottleneck: number, input: number, lstm: boolean): number {
  const convs: [number, number, number][] = [];
  let cin = input;
  for (const c of enc) {
    convs.push([3, cin, c], [3, c, c]);
    cin = c;
  }
  convs.push([3, enc[3]!, bottleneck]);
  let extra = 0;
  if (lstm) {
    // Keras ConvLSTM2D: kernel 3·3·Cin·4U + recurrent 3·3·U·4U + bias 4U.
    const u = bottleneck;
    extra = 9 * bottleneck * 4 * u + 9 * u * 4 * u + 4 * u;
  } else {
    convs.push([3, bottleneck, bottleneck]);
  }
  let below = bottleneck;
  for (const c of [...enc].reverse()) {
    convs.push([2, below, c], [3, 2 * c, c], [3, c, c]);
    below = c;
  }
  convs.push([3, enc[0]!, 3], [1, 3, 3]);
  return extra + convs.reduce((s, [k, i, o]) => s + k * k * i * o + o, 0);
}

test('parameter counts at width 1 match the published layer lists (and the built graphs)', () => {
  const rdpd = modelConfig({ model: 'rdpd' });
  const dpd = modelConfig({ model: 'dpdnet' });
  const expectRdpd = countFromLayerList([32, 64, 128, 256], 512, 7, true);
  const expectDpd = countFromLayerList([64, 128, 256, 512], 1024, 6, false);
  assert.equal(parameterCount(rdpd), expectRdpd);
  assert.equal(parameterCount(dpd), expectDpd);
  assert.ok(expectRdpd < expectDpd, 'RDPD is the lighter network (Sec. 5)');
  for (const cfg of [rdpd, dpd]) {
    const g = buildInferenceGraph(cfg).graph;
    const n = g.params().reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0);
    assert.equal(n, parameterCount(cfg));
  }
  // Width multiplier: 0.25 → 8,16,32,64 and a 128-unit LSTM.
  assert.equal(parameterCount(modelConfig({ width: 0.25 })), countFromLayerList([8, 16, 32, 64], 128, 7, true));
});

test('unrolled T=3 training graph (dropout off) equals three inference runs with carried state', async () => {
  const cfg = modelConfig({ model: 'rdpd', width: 0.125 });
  const T = 3;
  const tg = buildTrainGraph(cfg, { frames: T, dropout: false });
  assert.equal(tg.masks.length, 0);
  assert.deepEqual(tg.inputs.x, ['x_0', 'x_1', 'x_2']);
  const params = initParams(tg.graph, 7);
  const inf = buildInferenceGraph(cfg);
  const rng = new Rng(11);
  const shape = [2, 7, 16, 32];
  const xs = Array.from({ length: T }, () => random(shape, rng));
  const feeds: Record<string, HostTensor> = {};
  xs.forEach((x, t) => {
    feeds[`x_${t}`] = x;
    feeds[`target_${t}`] = random([2, 3, 16, 32], rng);
  });
  const outs = Object.fromEntries(tg.predictions.map((p, t) => [`y${t}`, p]));
  const seq = await InferenceRunner.create(tg.graph, outs, params, { threads: 1 });
  const seqOut = await seq.run(feeds);
  const one = await InferenceRunner.create(inf.graph, inf.outputs, params, { threads: 1 });
  let h = zerosT([2, 64, 1, 2]);
  let c = zerosT([2, 64, 1, 2]);
  let changed = 0;
  for (let t = 0; t < T; t++) {
    const r = await one.run({ x: xs[t]!, h0: h, c0: c });
    const a = r['y']!.data;
    const b = seqOut[`y${t}`]!.data;
    let maxErr = 0;
    for (let i = 0; i < a.length; i++) maxErr = Math.max(maxErr, Math.abs((a[i] as number) - (b[i] as number)));
    assert.ok(maxErr < 1e-5, `frame ${t}: max |Δ| = ${maxErr}`);
    h = r['h1']!;
    c = r['c1']!;
    if (t > 0) for (let i = 0; i < c.data.length; i++) if (c.data[i] !== 0) changed++;
  }
  assert.ok(changed > 0, 'the state must carry information');
  await seq.release();
  await one.release();
});

test('DPDNet training graph: drop4/drop5 mask inputs; masks of 1 − rate reproduce the inference output; T must be 1', async () => {
  const cfg = modelConfig({ model: 'dpdnet', width: 0.0625 });
  assert.throws(() => buildTrainGraph(cfg, { frames: 2 }), /DPDNet has no recurrence/);
  const tg = buildTrainGraph(cfg, { frames: 1 });
  assert.deepEqual(tg.masks.map((m) => [m.name, m.channels, m.factor, m.rate]), [['drop4_mask', 32, 8, 0.4], ['drop5_mask', 64, 16, 0.4]]);
  const params = initParams(tg.graph, 8);
  const rng = new Rng(12);
  const x = random([1, 6, 32, 32], rng);
  const fill = (shape: number[], v: number): HostTensor => ({ data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(v), shape });
  const feeds: Record<string, HostTensor> = { x_0: x, target_0: random([1, 3, 32, 32], rng), drop4_mask: fill([1, 32, 4, 4], 0.6), drop5_mask: fill([1, 64, 2, 2], 0.6) };
  const train = await InferenceRunner.create(tg.graph, { y: tg.predictions[0]! }, params, { threads: 1 });
  const inf = buildInferenceGraph(cfg);
  const one = await InferenceRunner.create(inf.graph, inf.outputs, params, { threads: 1 });
  const a = (await train.run(feeds))['y']!.data;
  const b = (await one.run({ x }))['y']!.data;
  assert.ok(a.every((v, i) => Math.abs(v - (b[i] as number)) < 1e-5));
  const dropped = (await train.run({ ...feeds, drop5_mask: fill([1, 64, 2, 2], 0) }))['y']!.data;
  assert.ok(dropped.some((v, i) => Math.abs(v - (b[i] as number)) > 1e-3), 'the bottleneck mask must act');
  await train.release();
  await one.release();
});

test('modelConfig: defaults, and one clear error per bad setting', () => {
  assert.deepEqual(modelConfig(), { model: 'rdpd', width: 1, recurrentActivation: 'sigmoid', dropout: 0.4, residual: false, head: 'paper', costVolume: 0 });
  assert.throws(() => modelConfig({ model: 'dpdnet', residual: true }), /residual: is an RDPD option/);
  assert.throws(() => modelConfig({ width: 0 }), /^InputError: width: must be a positive number/);
  assert.throws(() => modelConfig({ dropout: 1 }), /dropout: must be in \[0, 1\), got 1/);
  assert.throws(() => modelConfig({ model: 'unet' as 'rdpd' }), /model: must be 'rdpd' or 'dpdnet', got 'unet'/);
  assert.throws(() => modelConfig({ recurrentActivation: 'relu' as 'sigmoid' }), /recurrentActivation: must be 'sigmoid' or 'hard_sigmoid'/);
  assert.throws(() => buildTrainGraph(modelConfig(), { frames: 0 }), /frames must be an integer ≥ 1/);
});

test('drawDropoutMask: [N, C, H/f, W/f] of 0/1 with about `rate` zeros; sizes must divide', () => {
  const tg = buildTrainGraph(modelConfig({ width: 0.125 }), { frames: 1 });
  const spec = tg.masks[0]!;
  const m = drawDropoutMask(spec, 3, 64, 128, new Rng(1));
  assert.deepEqual(m.shape, [3, 256, 4, 8]);
  let zerosN = 0;
  for (const v of m.data) {
    assert.ok(v === 0 || v === 1);
    if (v === 0) zerosN++;
  }
  assert.ok(Math.abs(zerosN / m.data.length - 0.4) < 0.02, `zero fraction ${zerosN / m.data.length}`);
  assert.throws(() => drawDropoutMask(spec, 1, 40, 64, new Rng(1)), /convlstm_dropout_mask: image 64x40 px is not a multiple of 16/);
});
