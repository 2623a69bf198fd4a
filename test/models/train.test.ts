// The training graph end to end on a tiny RDPD: gradients of the full loss (Eq. 16 over two
// frames, dropout on) against finite differences, and training steps through nn's Trainer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { Rng } from '../../src/image/index.js';
import { InferenceRunner, Trainer, adam, buildTrainStep, exportOnnx, gradients, initParams, type HostTensor, type ParamStore, type Value } from '../../src/nn/index.js';
import { buildTrainGraph, drawDropoutMask, modelConfig, type TrainGraph } from '../../src/models/index.js';

const [N, H, W] = [1, 32, 32];

const l2 = (a: Float32Array): number => Math.sqrt(a.reduce((s, v) => s + v * v, 0));

function batchFeeds(tg: TrainGraph, seed: number): Record<string, HostTensor> {
  const rng = new Rng(seed);
  const feeds: Record<string, HostTensor> = {};
  const img = (c: number): HostTensor => ({ data: Float32Array.from({ length: N * c * H * W }, () => rng.uniform()), shape: [N, c, H, W] });
  for (const name of tg.inputs.x) feeds[name] = img(7);
  // Targets are a smoothed copy of the first input's RGB so that the net has something to fit.
  tg.inputs.target.forEach((name, t) => {
    const x = feeds[tg.inputs.x[t] as string] as HostTensor;
    feeds[name] = { data: x.data.slice(0, N * 3 * H * W).map((v) => 0.25 + 0.5 * v), shape: [N, 3, H, W] };
  });
  for (const spec of tg.masks) feeds[spec.name] = drawDropoutMask(spec, N, H, W, rng);
  return feeds;
}

test('gradient of the full loss (T=2, dropout on) matches central finite differences (along the gradient and its largest element)', async () => {
  const cfg = modelConfig({ model: 'rdpd', width: 1 / 8 });
  const tg = buildTrainGraph(cfg, { frames: 2 });
  assert.deepEqual(tg.masks.map((m) => [m.name, m.channels, m.factor]), [['convlstm_dropout_mask', 256, 16]]);
  const g = tg.graph;
  const names = ['conv1_1/kernel', 'conv5_1/kernel', 'convlstm/kernel', 'convlstm/recurrent_kernel', 'convlstm/bias', 'up6/kernel', 'conv9_3/kernel', 'conv10/bias'];
  const specs = names.map((n) => g.params().find((p) => p.name === n)!);
  const grads = gradients(g, tg.loss, specs.map((s) => s.value));
  const outputs: Record<string, Value> = { loss: tg.loss };
  grads.forEach((gv, i) => {
    assert.ok(gv, `no gradient for ${names[i]}`);
    outputs[`g${i}`] = gv;
  });
  const opts = { intraOpNumThreads: 1, interOpNumThreads: 1 };
  const full = await ort.InferenceSession.create(exportOnnx(g, outputs, { params: 'inputs' }), opts);
  const fwd = await ort.InferenceSession.create(exportOnnx(g, { loss: tg.loss }, { params: 'inputs' }), opts);
  const params = initParams(g, 5);
  const feeds = batchFeeds(tg, 9);
  const ortFeeds = (store: ParamStore): Record<string, ort.Tensor> => {
    const f: Record<string, ort.Tensor> = {};
    for (const [k, v] of Object.entries(feeds)) f[k] = new ort.Tensor('float32', v.data, [...v.shape]);
    for (const p of g.params()) {
      const t = store.get(p.name)!;
      f[p.name] = new ort.Tensor('float32', t.data, [...t.shape]);
    }
    return f;
  };
  const res = await full.run(ortFeeds(params));
  // Along the gradient itself the directional derivative is |grad| (largest signal over float32
  // rounding); along the single largest coordinate it is that coordinate (catches misplaced elements).
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    const p = params.get(name)!;
    const grad = res[`g${i}`]!.data as Float32Array;
    const gradNorm = l2(grad);
    assert.ok(gradNorm > 1e-5, `${name}: gradient is zero, the check would be empty`);
    let top = 0;
    grad.forEach((v, k) => {
      if (Math.abs(v) > Math.abs(grad[top] as number)) top = k;
    });
    const unit = grad.map((v) => v / gradNorm);
    const single = new Float32Array(grad.length);
    single[top] = 1;
    for (const [dir, analytic, what] of [[unit, gradNorm, 'along the gradient'], [single, grad[top] as number, `element ${top}`]] as const) {
      const eps = Math.min(0.005, 1e-4 / Math.abs(analytic));
      const at = async (s: number): Promise<number> => {
        const moved = new Map(params);
        moved.set(name, { data: p.data.map((v, k) => v + s * eps * (dir[k] as number)), shape: p.shape });
        return ((await fwd.run(ortFeeds(moved)))['loss']!.data as Float32Array)[0] as number;
      };
      const numeric = ((await at(1)) - (await at(-1))) / (2 * eps);
      // 10%: ReLU kinks and the clamp's boundary (pixels where the output is exactly 0) bend the
      // differences by a few percent; a wrong rule (a lost frame, a missing dropout scale) is off by far more.
      assert.ok(Math.abs(analytic - numeric) <= 0.1 * Math.abs(analytic), `${name} ${what}: analytic ${analytic} vs numeric ${numeric} (eps ${eps})`);
    }
  }
  await full.release();
  await fwd.release();
});

test('a train step reads x_t, target_t and the dropout mask; its loss equals the forward graph; training lowers the loss', async () => {
  const cfg = modelConfig({ model: 'rdpd', width: 1 / 16 });
  const tg = buildTrainGraph(cfg, { frames: 2 });
  const params = initParams(tg.graph, 3);
  const feeds = batchFeeds(tg, 4);
  const forward = await InferenceRunner.create(tg.graph, { loss: tg.loss }, params, { threads: 1 });
  const before = (await forward.run(feeds))['loss']!.data[0] as number;
  await forward.release();
  const step = buildTrainStep(tg.graph, tg.loss, { optimizer: adam(), outputs: { mse: tg.parts.mse } });
  assert.deepEqual([...step.inputs.keys()].sort(), ['convlstm_dropout_mask', 'target_0', 'target_1', 'x_0', 'x_1']);
  assert.equal(step.params.length, tg.graph.params().length, 'every parameter is trained');
  const trainer = await Trainer.create(step, params, { threads: 2 });
  const first = await trainer.step(feeds, 1e-3);
  assert.ok(Math.abs(first.loss - before) <= 1e-6 * before, `step loss ${first.loss} vs forward ${before}`);
  let last = first.loss;
  for (let i = 0; i < 40; i++) last = (await trainer.step(feeds, 3e-3)).loss;
  assert.ok(last < 0.7 * first.loss, `loss ${first.loss} -> ${last}`);
  await trainer.release();
});
