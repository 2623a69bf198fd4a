import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDataset } from '../../src/data/index.js';
import { InputError, writePng } from '../../src/image/index.js';
import { noiseImage, tmp, writeDataset, writeFrame } from './fixtures.js';

test('discovers single images and sequences side by side, names and frames in order', () => {
  const dir = writeDataset({ images: 3, sequences: 2, frames: 5, w: 20, h: 16 });
  const ds = openDataset(dir, 'train');
  assert.deepEqual(ds.images.map((r) => r.name), ['img_0', 'img_1', 'img_2']);
  assert.deepEqual(ds.sequences.map((s) => s.name), ['seq_000', 'seq_001']);
  const seq = ds.sequences[1]!;
  assert.equal(seq.frames.length, 5);
  assert.ok(seq.frames[4]!.left.endsWith(join('train_l', 'source', 'seq_001', '000004.png')));
  assert.ok(seq.frames[4]!.target.endsWith(join('train_c', 'target', 'seq_001', '000004.png')));
  assert.ok(ds.images[0]!.combined?.endsWith(join('train_c', 'source', 'img_0.png')));
  assert.equal(ds.images[0]!.width, 20);
  assert.equal(seq.height, 16);
});

test('a folder of only one layout opens; another split is empty unless asked to be optional', () => {
  const dir = writeDataset({ images: 0, sequences: 1, frames: 2, w: 16, h: 16 });
  assert.equal(openDataset(dir, 'train').images.length, 0);
  assert.throws(() => openDataset(dir, 'val'), (e: unknown) => e instanceof InputError && e.subject === 'data' && /no val samples/.test(e.message));
  assert.equal(openDataset(dir, 'val', { allowEmpty: true }).sequences.length, 0);
  assert.throws(() => openDataset(join(dir, 'nope'), 'train'), (e: unknown) => e instanceof InputError && e.subject === 'data');
});

test('a missing right view or target is an InputError naming that file', () => {
  const dir = writeDataset({ images: 2, sequences: 0, frames: 0, w: 16, h: 16 });
  const right = join(dir, 'train_r', 'source', 'img_1.png');
  rmSync(right);
  assert.throws(() => openDataset(dir, 'train'), (e: unknown) => e instanceof InputError && e.subject === right && /right view/.test(e.message));
  writeFrame(dir, 'train', 'img_1', 16, 16, 5);
  const target = join(dir, 'train_c', 'target', 'img_0.png');
  rmSync(target);
  assert.throws(() => openDataset(dir, 'train'), (e: unknown) => e instanceof InputError && e.subject === target);
});

test('a target of another size is an InputError naming it and giving both sizes', () => {
  const dir = writeDataset({ images: 1, sequences: 0, frames: 0, w: 16, h: 16 });
  const target = join(dir, 'train_c', 'target', 'img_0.png');
  writePng(target, noiseImage(18, 16, 1));
  assert.throws(() => openDataset(dir, 'train'), (e: unknown) => e instanceof InputError && e.subject === target && /18x16.*16x16/.test(e.message));
});

test('frames of one sequence must share a size; a non-PNG left view is named', () => {
  const dir = writeDataset({ images: 0, sequences: 1, frames: 2, w: 16, h: 16 });
  writeFrame(dir, 'train', 'seq_000/000002', 20, 16, 9);
  assert.throws(() => openDataset(dir, 'train'), (e: unknown) => e instanceof InputError && /000002\.png$/.test(e.subject));
  const dir2 = tmp();
  mkdirSync(join(dir2, 'train_l', 'source'), { recursive: true });
  writeFrame(dir2, 'train', 'a', 16, 16, 1);
  const bad = join(dir2, 'train_l', 'source', 'a.png');
  writeFileSync(bad, 'not a png at all, just text');
  assert.throws(() => openDataset(dir2, 'train'), (e: unknown) => e instanceof InputError && e.subject === bad && /not a PNG/.test(e.message));
});
