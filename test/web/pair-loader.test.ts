// Opening a pair in the browser app: PNG bytes in, a checked pair or one readable message out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createImage, encodePngImage } from '../../src/image/index.js';
import { decodePair, orderDropped, PairError } from '../../web/src/pair-loader.js';

const png = (w: number, h: number, bits: 8 | 16, channels = 3): Uint8Array => {
  const img = createImage(w, h, channels);
  img.data.forEach((_, i) => (img.data[i] = (i % 7) / 7));
  return encodePngImage(img, bits);
};

test('two PNGs of one size become an RGB pair with the left file\'s bit depth', () => {
  const pair = decodePair('l.png', png(5, 4, 16), 'r.png', png(5, 4, 8, 1));
  assert.equal(pair.bitDepth, 16);
  assert.equal(pair.right.channels, 3);
  assert.deepEqual([pair.left.width, pair.left.height], [5, 4]);
});

test('a size mismatch or a file that is not a PNG is a PairError naming the file', () => {
  assert.throws(() => decodePair('l.png', png(5, 4, 8), 'r.png', png(6, 4, 8)), (e: unknown) => e instanceof PairError && /r\.png is 6×4 but the left view l\.png is 5×4/.test(e.message));
  assert.throws(() => decodePair('notes.txt', new TextEncoder().encode('hello'), 'r.png', png(5, 4, 8)), (e: unknown) => e instanceof PairError && e.message.startsWith('notes.txt') && /PNG/.test(e.message));
});

test('dropped files are ordered by left/right in their names', () => {
  const f = (name: string): { name: string } => ({ name });
  assert.deepEqual(orderDropped([f('scene_right.png'), f('scene_left.png')]).map((x) => x.name), ['scene_left.png', 'scene_right.png']);
  assert.deepEqual(orderDropped([f('a_l.png'), f('a_r.png')]).map((x) => x.name), ['a_l.png', 'a_r.png']);
  assert.deepEqual(orderDropped([f('b.png'), f('a.png')]).map((x) => x.name), ['b.png', 'a.png']);
});
