// The training loop: resuming from a checkpoint continues bit-exactly, alternating image and
// sequence batches; a resumed run refuses changed settings; log, plot and weights are written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeSafetensors, encodeSafetensors } from '../../src/nn/index.js';
import { lockFolder } from '../../src/image/index.js';
import { readWeights } from '../../src/models/index.js';
import { BEST_WEIGHTS_NAME, CHECKPOINT_NAME, WEIGHTS_NAME, openTrainingData, validate, readCheckpoint, readTrainLog, resolveConfig, trainModel, TRAIN_LOG_NAME, TRAIN_LOCK_NAME, LOSS_PLOT_NAME, type TrainConfig } from '../../src/train/index.js';
import { tmpDir, writeBlurDataset } from './loop-data.js';

function tinyData(): string {
  const dir = tmpDir();
  writeBlurDataset(dir, 'train', { images: 3, sequences: 2, frames: 5, w: 48, h: 48, seed: 1 });
  writeBlurDataset(dir, 'val', { images: 1, sequences: 1, frames: 4, w: 48, h: 48, seed: 50 });
  return dir;
}

function tinyConfig(data: string, out: string, extra: Record<string, unknown> = {}): TrainConfig {
  // 2 image batches + 1 sequence batch per epoch: the sessions alternate images, sequences, images.
  return resolveConfig({ data, out, width: 0.125, patch: 32, batchImages: 2, batchSequences: 2, seqLength: 3, epochs: 2, lr: 1e-3, valPatches: 2, threads: 2, logEvery: 1, ...extra });
}

function stateOf(path: string): Map<string, Float32Array> {
  return new Map([...decodeSafetensors(readFileSync(path), path).tensors].map(([k, t]) => [k, t.data]));
}

test('stop after k steps and resume gives bit-identical parameters and Adam moments to an uninterrupted run', async () => {
  const data = tinyData();
  const straight = join(data, 'straight');
  const a = await trainModel(tinyConfig(data, straight));
  assert.equal(a.steps, 6);
  assert.equal(a.interrupted, false);

  const pieces = join(data, 'pieces');
  const stop = new AbortController();
  // Stop mid-epoch (after step 2 of 3), as Ctrl-C would: the current step finishes, then a checkpoint is written.
  const b = await trainModel(tinyConfig(data, pieces), { signal: stop.signal, onProgress: (p) => p.step === 2 && stop.abort() });
  assert.equal(b.interrupted, true);
  assert.equal(readCheckpoint(join(pieces, CHECKPOINT_NAME)).state.steps, 2);
  const c = await trainModel(tinyConfig(data, pieces), { resume: true });
  assert.equal(c.steps, 6);

  const sa = stateOf(join(straight, CHECKPOINT_NAME));
  const sc = stateOf(join(pieces, CHECKPOINT_NAME));
  assert.deepEqual([...sa.keys()].sort(), [...sc.keys()].sort());
  assert.ok([...sa.keys()].some((k) => k.startsWith('opt.m/')) && [...sa.keys()].some((k) => k === 'param/convlstm/recurrent_kernel'));
  for (const [k, v] of sa) assert.deepEqual(sc.get(k), v, `tensor ${k} differs after resume`);

  // The logs agree too, apart from wall-clock fields.
  const strip = (dir: string): unknown[] => readTrainLog(join(dir, TRAIN_LOG_NAME)).map((r) => ({ ...r, time: 0, elapsedS: 0, ...(r.kind === 'step' ? { patchesPerSec: 0 } : {}) }));
  assert.deepEqual(strip(pieces), strip(straight));
  const epochs = readTrainLog(join(straight, TRAIN_LOG_NAME)).filter((r) => r.kind === 'epoch');
  assert.equal(epochs.length, 2);
  for (const e of epochs) assert.ok(e.kind === 'epoch' && Number.isFinite(e.valPsnr) && Number.isFinite(e.valLoss), JSON.stringify(e));
  assert.ok(existsSync(join(straight, LOSS_PLOT_NAME)));
  // best.safetensors holds the weights of the best validation epoch: validating them gives that PSNR.
  const best = Math.max(...epochs.map((e) => (e.kind === 'epoch' ? (e.valPsnr as number) : -Infinity)));
  const cfg = tinyConfig(data, straight);
  const again = await validate(readWeights(join(straight, BEST_WEIGHTS_NAME)).params, cfg, openTrainingData(cfg).validation, { threads: 1 });
  assert.ok(Math.abs(again.psnr - best) < 1e-9, `best weights validate at ${again.psnr}, best logged epoch ${best}`);
});

test('a run with the wide residual head trains that head: its weights have no conv9_3 and record head=wide', async () => {
  const data = tinyData();
  const out = join(data, 'wide');
  await trainModel(tinyConfig(data, out, { epochs: 1, residual: true, head: 'wide' }));
  for (const name of [WEIGHTS_NAME, CHECKPOINT_NAME]) {
    const w = readWeights(join(out, name));
    assert.deepEqual(w.kind, { model: 'rdpd', width: 0.125, residual: true, head: 'wide' }, name);
    assert.equal(w.params.has('conv9_3/kernel'), false, name);
    // Level 1 has round(32 · 0.125) = 4 filters: conv10 reads all of them through a 3×3 window.
    assert.deepEqual(w.params.get('conv10/kernel')!.shape, [3, 4, 3, 3], name);
  }
});

test('DPDNet trains on data with sequences: their frames are single images to a network without recurrence', async () => {
  const data = tinyData();
  const out = join(data, 'dpdnet');
  const run = await trainModel(tinyConfig(data, out, { model: 'dpdnet', epochs: 1 }));
  // 3 images in batches of 2 (2 batches) and 2 sequence windows in batches of 2 (1 batch of 2×3 frames).
  assert.equal(run.steps, 3);
  const w = readWeights(join(out, WEIGHTS_NAME));
  assert.deepEqual(w.kind, { model: 'dpdnet', width: 0.125 });
  const ckpt = readWeights(join(out, CHECKPOINT_NAME)).params;
  for (const [name, t] of w.params) assert.ok(t.data.every(Number.isFinite), name);
  assert.equal(ckpt.size, w.params.size, "the checkpoint holds the same parameters");
  const log = readTrainLog(join(out, TRAIN_LOG_NAME)).filter((r) => r.kind === 'step');
  assert.equal(log.length, 3);
  assert.ok(log.every((r) => r.kind === 'step' && Number.isFinite(r.loss)));
});

test('the weight file records model kind and width; a resumed run with other settings is refused naming the checkpoint', async () => {
  const data = tinyData();
  const out = join(data, 'run');
  await trainModel(tinyConfig(data, out, { epochs: 1 }));
  const w = readWeights(join(out, WEIGHTS_NAME));
  assert.deepEqual(w.kind, { model: 'rdpd', width: 0.125 });
  assert.ok(w.params.has('conv1_1/kernel'));
  await assert.rejects(trainModel(tinyConfig(data, out, { epochs: 2, patch: 16 }), { resume: true }), (e: Error) => e.message.includes(CHECKPOINT_NAME) && e.message.includes('patch'));
  // A second run into a folder in use is refused by the holder's pid, before any step.
  const held = lockFolder(out, TRAIN_LOCK_NAME, 'test');
  try {
    await assert.rejects(trainModel(tinyConfig(data, out, { epochs: 2 }), { resume: true }), (e: Error) => e.name === 'ParameterError' && e.message.includes(`pid ${process.pid}`));
  } finally {
    held.release();
  }
  // A checkpoint written before the cost-volume setting existed ran without one: a resume that adds one is refused by name.
  const path = join(out, CHECKPOINT_NAME);
  const { tensors, metadata } = decodeSafetensors(readFileSync(path), path);
  const { costVolume: _absent, ...older } = JSON.parse(metadata['config']!) as Record<string, unknown>;
  writeFileSync(path, encodeSafetensors(tensors, { ...metadata, config: JSON.stringify(older) }));
  await assert.rejects(trainModel(tinyConfig(data, out, { epochs: 2, costVolume: 2 }), { resume: true }), /was written with costVolume=0, this run has 2/);
  // More epochs is a legal change: the run continues from step 3.
  const more = await trainModel(tinyConfig(data, out, { epochs: 2 }), { resume: true });
  assert.equal(more.steps, 6);
});
