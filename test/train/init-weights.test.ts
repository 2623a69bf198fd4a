// Starting a run from trained weights: a network grown by the cost volume computes exactly what
// the file's network did; mismatched files are refused naming the file, before anything is written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/image/index.js';
import { InferenceRunner, initParams, type HostTensor, type ParamStore } from '../../src/nn/index.js';
import { buildInferenceGraph, modelConfig, readWeights, writeWeights, type ModelConfig } from '../../src/models/index.js';
import { TRAIN_LOG_NAME, WEIGHTS_NAME, initialParamsFrom, readTrainLog, resolveConfig, trainModel } from '../../src/train/index.js';
import { tmpDir, writeBlurDataset } from './loop-data.js';

async function infer(cfg: ModelConfig, params: ParamStore, x: HostTensor): Promise<Float32Array> {
  const inf = buildInferenceGraph(cfg, { recurrent: false });
  const runner = await InferenceRunner.create(inf.graph, inf.outputs, params, { threads: 1 });
  try {
    return (await runner.run({ x }))['y']!.data;
  } finally {
    await runner.release();
  }
}

/** Trained-looking weights: the seeded initializers with a non-zero output layer, so the output is not just the input. */
function someWeights(cfg: ModelConfig, seed: number): ParamStore {
  const params = initParams(buildInferenceGraph(cfg, { recurrent: false }).graph, seed);
  const rng = new Rng(seed);
  const k = params.get('conv10/kernel')!;
  params.set('conv10/kernel', { data: k.data.map(() => 0.05 * rng.normal()), shape: k.shape });
  return params;
}

test('a network grown by a cost volume, started from the smaller network\'s weights, gives the same output; its new inputs start at zero', async () => {
  const dir = tmpDir();
  const base = { model: 'rdpd' as const, width: 0.125, residual: true, head: 'wide' as const };
  const small = modelConfig(base);
  const grown = modelConfig({ ...base, costVolume: 5 });
  const trained = someWeights(small, 4);
  const path = join(dir, 'small.safetensors');
  writeWeights(path, trained, base);
  const fresh = initParams(buildInferenceGraph(grown, { recurrent: false }).graph, 9);
  const started = initialParamsFrom(path, { ...base, costVolume: 5 }, fresh);
  const k = started.get('conv1_1/kernel')!;
  assert.deepEqual(k.shape, [4, 7 + 11, 3, 3]);
  for (let o = 0; o < 4; o++) {
    for (let c = 0; c < 18; c++) {
      const taps = k.data.subarray((o * 18 + c) * 9, (o * 18 + c + 1) * 9);
      const want = c < 7 ? trained.get('conv1_1/kernel')!.data.subarray((o * 7 + c) * 9, (o * 7 + c + 1) * 9) : new Float32Array(9);
      assert.deepEqual(taps, want, `filter ${o}, input channel ${c}`);
    }
  }
  const rng = new Rng(1);
  const x: HostTensor = { data: Float32Array.from({ length: 7 * 32 * 48 }, () => rng.uniform()), shape: [1, 7, 32, 48] };
  const before = await infer(small, trained, x);
  const after = await infer(grown, started, x);
  let worst = 0;
  for (let i = 0; i < before.length; i++) worst = Math.max(worst, Math.abs(before[i]! - after[i]!));
  assert.ok(worst < 1e-6, `grown network differs by ${worst}`);
  // The output is not the input alone: the check above compares networks that compute something.
  assert.ok(before.some((v, i) => Math.abs(v - (x.data[i]! + x.data[i + 3 * 32 * 48]!) / 2) > 1e-3));
});

test('init weights of another network are refused naming the file: another head, width, residual or cost volume', () => {
  const dir = tmpDir();
  const wideSpec = { model: 'rdpd' as const, width: 0.125, residual: true, head: 'wide' as const };
  const freshOf = (spec: typeof wideSpec & { costVolume?: number }) => initParams(buildInferenceGraph(modelConfig(spec), { recurrent: false }).graph, 1);
  const save = (name: string, spec: { model: 'rdpd'; width: number; residual?: boolean; head?: 'wide'; costVolume?: number }): string => {
    const path = join(dir, name);
    writeWeights(path, someWeights(modelConfig(spec), 2), spec);
    return path;
  };
  const paperHead = save('paper-head.safetensors', { model: 'rdpd', width: 0.125, residual: true });
  assert.throws(() => initialParamsFrom(paperHead, wideSpec, freshOf(wideSpec)), (e: Error) => e.message.startsWith(`${paperHead}: holds rdpd width 0.125, residual, paper head`));
  const wider = save('wider.safetensors', { model: 'rdpd', width: 0.25, residual: true, head: 'wide' });
  assert.throws(() => initialParamsFrom(wider, wideSpec, freshOf(wideSpec)), /holds rdpd width 0.25/);
  // Same parameters, another computation: a residual file into a non-residual run.
  const plain = { model: 'rdpd' as const, width: 0.125 };
  const residual = save('residual.safetensors', { model: 'rdpd', width: 0.125, residual: true });
  assert.throws(() => initialParamsFrom(residual, plain, initParams(buildInferenceGraph(modelConfig(plain), { recurrent: false }).graph, 1)), /holds rdpd width 0.125, residual/);
  // A 3 px cost volume cannot become a 5 px one (its channels are shifts, not appended inputs).
  const cv3 = save('cv3.safetensors', { ...wideSpec, costVolume: 3 });
  const cv5 = { ...wideSpec, costVolume: 5 };
  assert.throws(() => initialParamsFrom(cv3, cv5, freshOf(cv5)), /has a 3 px cost volume, this run's is 5 px/);
  // The same cost volume loads unchanged.
  const cv3spec = { ...wideSpec, costVolume: 3 };
  assert.deepEqual(initialParamsFrom(cv3, cv3spec, freshOf(cv3spec)).get('conv1_1/kernel')!.shape, [4, 14, 3, 3]);
});

test('train --init-weights: a missing file fails before the output folder exists; a cost-volume run starts at the file\'s validation PSNR and records cost_volume', async () => {
  const data = tmpDir();
  writeBlurDataset(data, 'train', { images: 3, sequences: 0, frames: 1, w: 48, h: 48, seed: 1 });
  writeBlurDataset(data, 'val', { images: 2, sequences: 0, frames: 1, w: 48, h: 48, seed: 50 });
  const cfg = (out: string, extra: Record<string, unknown>) =>
    resolveConfig({ data, out, width: 0.125, patch: 32, batchImages: 2, epochs: 1, lr: 1e-3, valPatches: 2, threads: 1, residual: true, head: 'wide', ...extra });
  const missing = join(data, 'run-missing');
  await assert.rejects(trainModel(cfg(missing, { initWeights: join(data, 'nope.safetensors') })), /nope\.safetensors: /);
  assert.equal(existsSync(missing), false, 'no output folder after a bad --init-weights');

  // Stage 1 trains briefly; stage 2 adds a cost volume and starts from its weights with lr ≈ 0, so its validation equals stage 1's.
  const stage1 = join(data, 'stage1');
  await trainModel(cfg(stage1, {}));
  const stage2 = join(data, 'stage2');
  const run = await trainModel(cfg(stage2, { costVolume: 3, initWeights: join(stage1, WEIGHTS_NAME), lr: 1e-30 }));
  assert.equal(run.interrupted, false);
  const w = readWeights(join(stage2, WEIGHTS_NAME));
  assert.equal(w.kind.costVolume, 3);
  assert.deepEqual(w.params.get('conv1_1/kernel')!.shape, [4, 7 + 7, 3, 3]);
  const val = (dir: string): number => {
    const e = readTrainLog(join(dir, TRAIN_LOG_NAME)).filter((r) => r.kind === 'epoch').at(-1)!;
    return e.kind === 'epoch' ? (e.valPsnr as number) : NaN;
  };
  assert.ok(Math.abs(val(stage2) - val(stage1)) < 1e-4, `stage 2 validates at ${val(stage2)}, stage 1 at ${val(stage1)}`);
});
