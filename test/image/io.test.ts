import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPng } from './png-builder.js';
import {
  InputError,
  decodeNpy,
  decodePfm,
  decodePngImage,
  encodeNpy,
  encodePfm,
  encodePngImage,
  imageFrom,
  readPng,
  writePng,
} from '../../src/image/index.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'dualpix-image-'));

test('16-bit PNG round trip keeps every code value (rounding, not truncation)', () => {
  const w = 5;
  const h = 3;
  const data = new Float32Array(w * h * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 4099 + 17) % 65536 / 65535;
  const img = imageFrom(data, w, h, 3, 'srgb');
  const back = decodePngImage(encodePngImage(img, 16), 'mem').image;
  for (let i = 0; i < data.length; i++) assert.equal(Math.round(back.data[i]! * 65535), Math.round(data[i]! * 65535));
});

test('8-bit encoding rounds to nearest: 0.51/255 goes up, 0.49/255 goes down', () => {
  const img = imageFrom(new Float32Array([0.51 / 255, 0.49 / 255, 254.6 / 255, 1.2, -0.1]), 5, 1, 1, 'srgb');
  const png = decodePngImage(encodePngImage(img, 8), 'mem');
  assert.equal(png.bitDepth, 8);
  assert.deepEqual(Array.from(png.image.data, (v) => Math.round(v * 255)), [1, 0, 255, 255, 0]);
});

test('interleaved RGB PNG decodes to planar CHW', () => {
  const raw = new Uint8Array([255, 0, 0, 0, 255, 0]); // red pixel, green pixel
  const img = decodePngImage(buildPng({ width: 2, height: 1, samples: Array.from(raw), colourType: 2, depth: 8 }), 'mem').image;
  assert.deepEqual(Array.from(img.data), [1, 0, 0, 1, 0, 0]);
});

test('PFM stores rows bottom to top with negative scale for little-endian', () => {
  const map = { width: 2, height: 2, data: new Float32Array([1, 2, 3, 4]) }; // top row 1 2, bottom row 3 4
  const bytes = encodePfm(map);
  const text = new TextDecoder().decode(bytes.subarray(0, 12));
  assert.match(text, /^Pf\n2 2\n-1\.0\n/);
  const body = new Float32Array(bytes.slice(bytes.length - 16).buffer);
  assert.deepEqual(Array.from(body), [3, 4, 1, 2]);
  assert.deepEqual(Array.from(decodePfm(bytes, 'mem').data), [1, 2, 3, 4]);
});

test('PFM with positive scale is read big-endian', () => {
  const header = new TextEncoder().encode('Pf\n1 1\n1.0\n');
  const body = new Uint8Array(4);
  new DataView(body.buffer).setFloat32(0, 2.5, false);
  const bytes = new Uint8Array([...header, ...body]);
  assert.equal(decodePfm(bytes, 'mem').data[0], 2.5);
});

test('NPY float32 round trip and float64 big-endian decode', () => {
  const map = { width: 3, height: 2, data: new Float32Array([0.5, 1, 2, 3, 4, 5.25]) };
  const back = decodeNpy(encodeNpy(map), 'mem');
  assert.equal(back.width, 3);
  assert.equal(back.height, 2);
  assert.deepEqual(Array.from(back.data), Array.from(map.data));
  let header = "{'descr': '>f8', 'fortran_order': False, 'shape': (1, 2), }";
  header += ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
  const bytes = new Uint8Array(10 + header.length + 16);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(bytes.buffer).setUint16(8, header.length, true);
  bytes.set(new TextEncoder().encode(header), 10);
  new DataView(bytes.buffer).setFloat64(10 + header.length, 7.5, false);
  new DataView(bytes.buffer).setFloat64(10 + header.length + 8, -1, false);
  assert.deepEqual(Array.from(decodeNpy(bytes, 'mem').data), [7.5, -1]);
});

test('unreadable and malformed files raise one-line InputErrors naming the file', () => {
  const dir = tmp();
  const bad = join(dir, 'bad.png');
  writeFileSync(bad, 'not a png');
  assert.throws(() => readPng(bad), (e: unknown) => e instanceof InputError && e.message.startsWith(bad) && !e.message.includes('\n'));
  assert.throws(() => readPng(join(dir, 'missing.png')), (e: unknown) => e instanceof InputError && /ENOENT/.test(e.message));
  assert.throws(() => decodeNpy(new Uint8Array(20), 'x.npy'), /x\.npy: not a \.npy file/);
  // Shapes that are not whole positive sizes: InputErrors naming the file, never a RangeError or a NaN-wide map.
  const good = encodeNpy({ width: 3, height: 2, data: new Float32Array(6) });
  const len = good[8]! | (good[9]! << 8);
  const text = new TextDecoder('latin1').decode(good.subarray(10, 10 + len));
  for (const shape of ['(2, x)', '(-2, 3)', '(0, 3)', '(2.5, 3)']) {
    const h = new TextEncoder().encode(text.replace(/\(\d+, \d+\)/, shape));
    const bad = Uint8Array.from([...good.subarray(0, 8), h.length & 0xff, h.length >> 8, ...h, ...good.subarray(10 + len)]);
    assert.throws(() => decodeNpy(bad, 'x.npy'), (e: Error) => e.name === 'InputError' && /x\.npy: \.npy shape/.test(e.message), shape);
  }
});

test('writePng leaves no temporary file behind', () => {
  const dir = tmp();
  writePng(join(dir, 'a.png'), imageFrom(new Float32Array(4), 2, 2, 1, 'srgb'));
  assert.deepEqual(readdirSync(dir), ['a.png']);
});
