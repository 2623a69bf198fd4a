// Weight files: safetensors layout (8-byte LE header length, JSON header, aligned LE data).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Graph, decodeSafetensors, encodeSafetensors, heNormal, initParams, loadParams, saveParams, unitForgetBias, zeros } from '../../src/nn/index.js';

test('safetensors header is JSON with dtype F32, shape and data_offsets; data is little-endian', () => {
  const tensors = new Map([
    ['a/kernel', { data: Float32Array.of(1, 2, 3, 4, 5, 6), shape: [2, 3] }],
    ['b', { data: Float32Array.of(-0.5), shape: [1] }],
  ]);
  const bytes = encodeSafetensors(tensors, { note: 'hi' });
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const n = Number(view.getBigUint64(0, true));
  assert.equal((8 + n) % 8, 0, 'data section 8-byte aligned');
  const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + n)).toString('utf8'));
  assert.deepEqual(header['a/kernel'], { dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] });
  assert.deepEqual(header['b'], { dtype: 'F32', shape: [1], data_offsets: [24, 28] });
  assert.deepEqual(header['__metadata__'], { note: 'hi' });
  assert.equal(bytes.length, 8 + n + 28);
  assert.equal(view.getFloat32(8 + n + 8, true), 3);
  assert.equal(view.getFloat32(8 + n + 24, true), -0.5);
  const back = decodeSafetensors(bytes);
  assert.deepEqual([...back.tensors.keys()], ['a/kernel', 'b']);
  assert.deepEqual(back.tensors.get('a/kernel'), tensors.get('a/kernel'));
  assert.deepEqual(back.metadata, { note: 'hi' });
});

test('a parameter set round-trips through a weight file; init is seeded and per-name', async () => {
  const g = new Graph();
  g.param('enc1/conv1/kernel', [4, 3, 3, 3], heNormal());
  g.param('lstm/bias', [8], unitForgetBias());
  g.param('enc1/conv1/bias', [4], zeros());
  const p = initParams(g, 7);
  assert.deepEqual([...p.get('lstm/bias')!.data], [0, 0, 1, 1, 0, 0, 0, 0]);
  assert.deepEqual(p.get('enc1/conv1/kernel'), initParams(g, 7).get('enc1/conv1/kernel'));
  const k = p.get('enc1/conv1/kernel')!.data;
  const std = Math.sqrt(k.reduce((s, v) => s + v * v, 0) / k.length);
  assert.ok(std > 0.25 && std < 0.4, `He normal std ${std} (expected about √(2/27) = 0.27)`);
  const g2 = new Graph();
  g2.param('lstm/bias', [8], unitForgetBias());
  g2.param('enc1/conv1/kernel', [4, 3, 3, 3], heNormal());
  assert.deepEqual(initParams(g2, 7).get('enc1/conv1/kernel'), p.get('enc1/conv1/kernel'), 'order-independent');
  const dir = await mkdtemp(join(tmpdir(), 'dualpix-nn-'));
  try {
    await saveParams(join(dir, 'w.safetensors'), p);
    assert.deepEqual(await loadParams(join(dir, 'w.safetensors')), p);
    const raw = await readFile(join(dir, 'w.safetensors'));
    assert.throws(() => decodeSafetensors(raw.subarray(0, 40), 'w.safetensors'), /w.safetensors: not a valid safetensors file/);
  } finally {
    await rm(dir, { recursive: true });
  }
});
