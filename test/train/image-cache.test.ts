// The training image cache: decodes like readPng, keeps RGB, evicts least recently used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDataset } from '../../src/data/index.js';
import { readPng, writePng } from '../../src/image/index.js';
import { ImageCache } from '../../src/train/index.js';
import { noiseImage, tmp, writeDataset, writeFrame } from '../data/fixtures.js';

test('8-bit and 16-bit PNGs decode through the cache to the same floats as readPng, RGB', () => {
  const dir = tmp();
  writeFrame(dir, 'train', 'eight', 16, 16, 1, 8);
  writeFrame(dir, 'train', 'sixteen', 16, 16, 2, 16);
  writePng(join(dir, 'train_c', 'target', 'grey.png'), noiseImage(16, 16, 3, 1));
  const ds = openDataset(dir, 'train');
  const cache = new ImageCache();
  for (const rec of ds.images) assert.deepEqual(cache.get(rec.left).data, readPng(rec.left).image.data);
  assert.equal(readPng(ds.images[0]!.left).bitDepth, 8);
  const grey = cache.get(join(dir, 'train_c', 'target', 'grey.png'));
  assert.equal(grey.channels, 3);
});

test('the cache evicts least recently used images beyond its byte budget and keeps hits', () => {
  const dir = writeDataset({ images: 3, sequences: 0, frames: 0, w: 16, h: 16 });
  const ds = openDataset(dir, 'train');
  const one = 16 * 16 * 3 * 4;
  const cache = new ImageCache(2 * one);
  const [a, b, c] = ds.images.map((r) => r.left) as [string, string, string];
  cache.get(a);
  cache.get(b);
  cache.get(a); // a is now the most recent
  cache.get(c); // evicts b
  assert.equal(cache.decodes, 3);
  assert.equal(cache.size, 2 * one);
  cache.get(a);
  assert.equal(cache.decodes, 3);
  cache.get(b);
  assert.equal(cache.decodes, 4);
});
