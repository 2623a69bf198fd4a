import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../src/image/index.js';
import { BatchPrefetcher } from '../../src/train/prefetch.js';
import { openTrainingData, resolveConfig } from '../../src/train/index.js';
import { writeDataset } from '../data/fixtures.js';

test('BatchPrefetcher draws on its own thread exactly the batches BatchSampler draws, in any request order', async () => {
  const dir = writeDataset({ images: 5, sequences: 2, frames: 3, w: 24, h: 20 });
  const cfg = resolveConfig({ data: dir, out: join(dir, 'run'), patch: 16, batchImages: 2, batchSequences: 1, seqLength: 2, sharpCandidates: 2, candidateScore: 'lost', cacheMb: 1, seed: 7 });
  const sampler = openTrainingData(cfg).train;
  const prefetch = BatchPrefetcher.start(cfg);
  try {
    const order = [[0, 0], [0, 1], [1, 3], [0, 2], [2, 0], [1, 3]] as const;
    for (const [e, i] of order) prefetch.request(e, i);
    for (const [e, i] of [...order].reverse()) {
      const got = await prefetch.take(e, i);
      const want = sampler.batch(e, i);
      assert.equal(got.kind, want.kind);
      assert.deepEqual(got.inputShape, want.inputShape);
      assert.deepEqual(got.input, want.input, `input of batch ${e}/${i}`);
      assert.deepEqual(got.target, want.target, `target of batch ${e}/${i}`);
      assert.deepEqual(got.samples, want.samples);
    }
  } finally {
    await prefetch.close();
  }
});

test('BatchPrefetcher: a bad training image is the same InputError, naming the file, as on the main thread', async () => {
  for (const damage of ['header', 'pixels'] as const) {
    const dir = writeDataset({ images: 2, sequences: 0, frames: 0, w: 20, h: 20 });
    const bad = join(dir, 'train_c', 'target', 'img_1.png');
    // 'header': the sampler fails to open; 'pixels': it opens (the size is read) and the batch fails.
    writeFileSync(bad, damage === 'header' ? Buffer.from('not a png') : readFileSync(bad).subarray(0, 60));
    const cfg = resolveConfig({ data: dir, out: join(dir, 'run'), patch: 16, batchImages: 2, cacheMb: 1 });
    const prefetch = BatchPrefetcher.start(cfg);
    try {
      const named = (e: unknown): boolean => e instanceof InputError && e.message.includes('img_1.png');
      await assert.rejects(prefetch.take(0, 0), named, damage);
      // The worker survives a bad batch and keeps answering.
      await assert.rejects(prefetch.take(1, 0), named, damage);
    } finally {
      await prefetch.close();
    }
  }
});
