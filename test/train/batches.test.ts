import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { InputError, imageFrom, writePng } from '../../src/image/index.js';
import { openDataset } from '../../src/data/index.js';
import { radialChannel } from '../../src/models/index.js';
import {
  BatchSampler,
  ImageCache,
  patchSharpness,
  sharpestIndices,
  sharpestPerSlot,
  ValidationSet,
  batchPatches,
  openTrainingData,
  resolveConfig,
  type SamplerOptions,
} from '../../src/train/index.js';
import { noiseImage, tmp, writeDataset, writeFrame } from '../data/fixtures.js';

const P = 16;
const base: SamplerOptions = { patch: P, batchImages: 4, batchSequences: 2, seqLength: 3, radial: true, flips: true, candidates: 2, seed: 7 };

test('image batches are [N, 7, P, P] and sequence batches time-major [T, N, 7, P, P]; targets have 3 channels', () => {
  const dir = writeDataset({ images: 5, sequences: 3, frames: 4, w: 24, h: 20 });
  const s = new BatchSampler(openDataset(dir, 'train'), base);
  const plan = s.plan(0);
  assert.deepEqual(plan.map((b) => b.kind), ['images', 'sequences', 'images', 'sequences']);
  assert.equal(s.batchesPerEpoch, 4);
  const im = s.batch(0, 0);
  assert.deepEqual(im.inputShape, [4, 7, P, P]);
  assert.deepEqual(im.targetShape, [4, 3, P, P]);
  assert.equal(im.input.length, 4 * 7 * P * P);
  const sq = s.batch(0, 1);
  assert.equal(sq.kind, 'sequences');
  assert.deepEqual(sq.inputShape, [3, 2, 7, P, P]);
  assert.deepEqual(sq.targetShape, [3, 2, 3, P, P]);
  assert.equal(batchPatches(sq), 6);
  // Slice t, sample n holds frame frame0+t of that sequence, through the sample's window.
  const ds = openDataset(dir, 'train');
  const cache = new ImageCache();
  for (let n = 0; n < 2; n++) {
    const info = sq.samples[n]!;
    const seq = ds.sequences.find((q) => q.name === info.record)!;
    for (let t = 0; t < 3; t++) {
      const tgt = cache.get(seq.frames[info.frame0 + t]!.target);
      const w = info.window;
      const slot = (t * 2 + n) * 3 * P * P;
      for (const [x, y] of [[0, 0], [5, 9], [P - 1, P - 1]] as const) {
        const sx = w.flipX ? w.x0 + P - 1 - x : w.x0 + x;
        const sy = w.flipY ? w.y0 + P - 1 - y : w.y0 + y;
        assert.equal(sq.target[slot + 2 * P * P + y * P + x], tgt.data[2 * 24 * 20 + sy * 24 + sx]);
      }
    }
  }
});

test('every record fills a slot once per epoch; the last batch is filled from the start; DPDNet gets 6 channels', () => {
  const dir = writeDataset({ images: 5, sequences: 0, frames: 0, w: 16, h: 16 });
  const s = new BatchSampler(openDataset(dir, 'train'), { ...base, radial: false, candidates: 1 });
  const slots = s.plan(3).flatMap((b) => b.records);
  assert.equal(slots.length, 8);
  assert.deepEqual([...new Set(slots)].sort(), [0, 1, 2, 3, 4]);
  assert.deepEqual(slots.slice(5), slots.slice(0, 3));
  assert.deepEqual(s.batch(3, 1).inputShape, [4, 6, P, P]);
  assert.deepEqual(s.locate(5), { epoch: 2, index: 1 });
  // With sharpness selection each slot keeps the best of its own candidates: every image still
  // appears in the batches of an epoch, however flat it is.
  const picky = new BatchSampler(openDataset(dir, 'train'), { ...base, radial: false, candidates: 3 });
  const drawn = [0, 1].flatMap((i) => picky.batch(4, i).samples.map((x) => x.record));
  assert.equal(new Set(drawn).size, 5, drawn.join(' '));
});

test('the radial channel of a batch sample describes its (flipped) position in the full image', () => {
  const dir = writeDataset({ images: 2, sequences: 0, frames: 0, w: 40, h: 30 });
  const s = new BatchSampler(openDataset(dir, 'train'), { ...base, batchImages: 2 });
  for (let e = 0; e < 4; e++) {
    const b = s.batch(e, 0);
    b.samples.forEach((info, n) => {
      const w = info.window;
      const x0 = w.flipX ? 40 - w.x0 - P : w.x0;
      const y0 = w.flipY ? 30 - w.y0 - P : w.y0;
      assert.deepEqual(b.input.subarray((n * 7 + 6) * P * P, (n * 7 + 7) * P * P), radialChannel(40, 30, x0, y0, P, P));
    });
  }
});

test('the same seed gives byte-identical batches; another seed other crops', () => {
  const dir = writeDataset({ images: 3, sequences: 2, frames: 3, w: 24, h: 24 });
  const ds = openDataset(dir, 'train');
  const a = new BatchSampler(ds, base);
  const b = new BatchSampler(ds, base);
  const c = new BatchSampler(ds, { ...base, seed: 8 });
  for (let i = 0; i < a.batchesPerEpoch; i++) {
    const x = a.batch(1, i);
    assert.deepEqual(x.input, b.batch(1, i).input);
    assert.deepEqual(x.target, b.batch(1, i).target);
  }
  assert.notDeepEqual(a.batch(1, 0).input, c.batch(1, 0).input);
  assert.notDeepEqual(a.batch(1, 0).input, a.batch(2, 0).input);
  // Resuming mid-epoch on a fresh sampler sees the same batch.
  assert.deepEqual([...new BatchSampler(ds, base).epoch(1, 1)][0]!.input, a.batch(1, 1).input);
});

test('sharpness: a textured patch scores above a flat one, and the sharper of two candidates is kept', () => {
  assert.deepEqual(sharpestPerSlot([1, 3, 2, 5, 4, 0], 2), [1, 3, 4]);
  const w = 64;
  const h = 16;
  const tex = noiseImage(w, h, 3);
  const data = new Float32Array(tex.data);
  for (let c = 0; c < 3; c++) for (let y = 0; y < h; y++) for (let x = w / 2; x < w; x++) data[c * w * h + y * w + x] = 0.5;
  const target = imageFrom(data, w, h, 3, 'srgb');
  const textured = patchSharpness(target, 0, 0, P);
  const flat = patchSharpness(target, w - P, 0, P);
  assert.equal(flat, 0);
  assert.ok(textured > 0.01);
  assert.deepEqual(sharpestIndices([flat, textured], 1), [1]);
  assert.deepEqual(sharpestIndices([textured, flat, textured * 2, flat], 2), [0, 2]);

  const dir = tmp();
  writeFrame(dir, 'train', 'half', w, h, 1);
  writePng(join(dir, 'train_c', 'target', 'half.png'), target);
  const ds = openDataset(dir, 'train');
  const inFlat = (cands: number): number => {
    const s = new BatchSampler(ds, { ...base, batchImages: 1, candidates: cands, flips: false });
    let count = 0;
    for (let e = 0; e < 30; e++) if (s.batch(e, 0).samples[0]!.window.x0 >= w / 2) count++;
    return count;
  };
  assert.ok(inFlat(1) >= 5, 'without selection some crops land in the flat half');
  assert.equal(inFlat(6), 0);
});

test('patches larger than the images are an InputError naming --patch; short sequences are skipped', () => {
  const dir = writeDataset({ images: 1, sequences: 2, frames: 2, w: 20, h: 18 });
  writeFrame(dir, 'train', 'seq_001/000002', 20, 18, 77);
  const ds = openDataset(dir, 'train');
  assert.throws(() => new BatchSampler(ds, { ...base, patch: 32 }), (e: unknown) => e instanceof InputError && e.subject === 'options.patch' && /img_0/.test(e.message));
  const s = new BatchSampler(ds, base);
  assert.deepEqual(s.skippedSequences, ['seq_000']);
  assert.deepEqual(s.plan(0).map((b) => b.kind), ['images', 'sequences']);
  const onlySeq = openDataset(writeDataset({ images: 0, sequences: 1, frames: 2, w: 16, h: 16 }), 'train');
  assert.throws(() => new BatchSampler(onlySeq, base), (e: unknown) => e instanceof InputError && e.subject === 'options.seqLength');
});

test('validation batches are fixed: centre crops first, seeded positions after, the same every call', () => {
  const dir = writeDataset({ images: 3, sequences: 1, frames: 4, w: 24, h: 20, split: 'val' });
  const ds = openDataset(dir, 'val');
  const opts = { patch: P, batchImages: 2, batchSequences: 2, seqLength: 3, radial: true, count: 5, seed: 1 };
  const v = new ValidationSet(ds, opts);
  const batches = [...v];
  // 5 image patches → 3 batches of 2; 5 patches of 3-frame windows → 2 windows → 1 batch of 2.
  assert.deepEqual(batches.map((b) => b.kind), ['images', 'images', 'images', 'sequences']);
  assert.deepEqual(batches[0]!.samples.map((s) => s.record), ['img_0', 'img_1']);
  assert.deepEqual(batches[0]!.samples[0]!.window, { x0: 4, y0: 2, size: P, flipX: false, flipY: false });
  assert.deepEqual(batches[1]!.samples.map((s) => s.record), ['img_2', 'img_0']);
  assert.notDeepEqual(batches[1]!.samples[1]!.window, batches[0]!.samples[0]!.window, 'a second pass takes other crops');
  assert.deepEqual(batches[3]!.inputShape, [3, 2, 7, P, P]);
  assert.equal(batches[3]!.samples[0]!.frame0, 0);
  const again = new ValidationSet(ds, opts);
  batches.forEach((b, i) => assert.deepEqual(b.input, again.batch(i).input));
  assert.equal(new ValidationSet(openDataset(dir, 'test', { allowEmpty: true }), opts).length, 0);
  assert.equal(new ValidationSet(ds, { ...opts, count: 0 }).length, 0);
});

test('openTrainingData wires the config: RDPD gets 7 channels, DPDNet 6, validation from the val split', () => {
  const dir = writeDataset({ images: 3, sequences: 0, frames: 0, w: 20, h: 20 });
  writeDataset({ images: 2, sequences: 0, frames: 0, w: 20, h: 20, split: 'val', dir });
  const cfg = resolveConfig({ data: dir, out: join(dir, 'run'), patch: 16, batchImages: 2, valPatches: 3, cacheMb: 1 });
  const rdpd = openTrainingData(cfg);
  assert.equal(rdpd.inputChannels, 7);
  assert.equal(rdpd.train.batchesPerEpoch, 2);
  assert.equal(rdpd.validation.length, 2);
  const b = rdpd.train.batch(0, 0);
  assert.deepEqual(b.inputShape, [2, 7, 16, 16]);
  assert.equal(batchPatches(b), 2);
  assert.equal(rdpd.cache.maxBytes, 1024 * 1024);
  const dpd = openTrainingData({ ...cfg, model: 'dpdnet' });
  assert.deepEqual(dpd.validation.batch(0).inputShape, [2, 6, 16, 16]);
  assert.throws(() => openTrainingData({ ...cfg, data: join(dir, 'missing') }), (e: unknown) => e instanceof InputError && e.subject === 'data');
});

test("candidate score 'lost' keeps crops whose detail the input lost: an in-focus textured half loses to a blurred one", () => {
  // Target textured everywhere; the combined input equals it on the left half (in focus) and is flat
  // on the right half (all detail lost). 'target' cannot tell the halves apart, 'lost' always picks the right.
  const w = 64;
  const h = 16;
  const target = noiseImage(w, h, 5);
  const combined = new Float32Array(target.data);
  for (let c = 0; c < 3; c++) for (let y = 0; y < h; y++) for (let x = w / 2; x < w; x++) combined[c * w * h + y * w + x] = 0.5;
  const dir = tmp();
  writeFrame(dir, 'train', 'half', w, h, 1);
  writePng(join(dir, 'train_c', 'target', 'half.png'), target);
  writePng(join(dir, 'train_c', 'source', 'half.png'), imageFrom(combined, w, h, 3, 'srgb'));
  const ds = openDataset(dir, 'train');
  const inBlurred = (score: 'target' | 'lost'): number => {
    const s = new BatchSampler(ds, { ...base, batchImages: 1, candidates: 6, flips: false, candidateScore: score });
    let count = 0;
    for (let e = 0; e < 30; e++) if (s.batch(e, 0).samples[0]!.window.x0 >= w / 2) count++;
    return count;
  };
  // Six candidates all land left of the middle in about 8 % of draws: then no choice is blurred.
  const lost = inBlurred('lost');
  const sharpest = inBlurred('target');
  assert.ok(lost >= 25, `'lost' kept ${lost} of 30 crops in the blurred half`);
  assert.ok(lost >= sharpest + 8, `'lost' ${lost} vs 'target' ${sharpest}: ranking by the target alone ignores focus`);
});
