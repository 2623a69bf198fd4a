// Source discovery for `dualpix dataset --source`: SYNTHIA-style and RGB-D folders, and bad sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeNpy, encodePfm, encodePngImage, imageFrom, InputError } from '../../src/image/index.js';
import { discoverSequences, naturalCompare, parseSource } from '../../src/synth/dataset/sources.js';
import { checkFrameSizes, headerSize } from '../../src/synth/dataset/frame-size.js';
import { generateWith } from '../../src/synth/dataset/generate.js';

const root = mkdtempSync(join(tmpdir(), 'dpx-sources-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const fresh = (name: string): string => {
  const d = join(root, `${name}-${counter++}`);
  mkdirSync(d, { recursive: true });
  return d;
};

/** A w×h 8-bit RGB PNG whose pixels depend on `k`. */
function rgbPng(w: number, h: number, k: number): Uint8Array {
  const data = new Float32Array(3 * w * h);
  for (let c = 0; c < 3; c++) for (let i = 0; i < w * h; i++) data[c * w * h + i] = ((i * (c + 1) + 17 * k) % 251) / 250;
  return encodePngImage(imageFrom(data, w, h, 3, 'srgb'), 8);
}

/** A SYNTHIA depth PNG (8-bit RGB, depth_m = 1000·(R + 256·G + 65536·B)/(256³ − 1)) and the depths it holds. */
function synthiaDepthPng(w: number, h: number, depthM: (x: number, y: number) => number): { png: Uint8Array; depth: Float32Array } {
  const data = new Float32Array(3 * w * h);
  const depth = new Float32Array(w * h);
  const n = w * h;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const code = Math.round((depthM(x, y) / 1000) * (256 ** 3 - 1));
      const i = y * w + x;
      data[i] = (code % 256) / 255;
      data[n + i] = (Math.floor(code / 256) % 256) / 255;
      data[2 * n + i] = Math.floor(code / 65536) / 255;
      depth[i] = (1000 * code) / (256 ** 3 - 1);
    }
  }
  return { png: encodePngImage(imageFrom(data, w, h, 3, 'srgb'), 8), depth };
}

/** DIR/<seq>/RGBLeft/NNNNNN.png + DIR/<seq>/DepthLeft/NNNNNN.png for each sequence. */
function synthiaFolder(dir: string, seqs: readonly string[], frames: number, w = 32, h = 24): void {
  seqs.forEach((seq, s) => {
    mkdirSync(join(dir, seq, 'RGBLeft'), { recursive: true });
    mkdirSync(join(dir, seq, 'DepthLeft'), { recursive: true });
    for (let f = 0; f < frames; f++) {
      const stem = String(f).padStart(6, '0');
      writeFileSync(join(dir, seq, 'RGBLeft', `${stem}.png`), rgbPng(w, h, 10 * s + f));
      writeFileSync(join(dir, seq, 'DepthLeft', `${stem}.png`), synthiaDepthPng(w, h, (x) => 2 + 0.5 * x + f).png);
    }
  });
}

test('parseSource reads the three kinds and rejects others naming --source', () => {
  assert.deepEqual(parseSource('synthia:/data/SYNTHIA'), { kind: 'synthia', dir: '/data/SYNTHIA' });
  assert.deepEqual(parseSource('rgbd:C:/x'), { kind: 'rgbd', dir: 'C:/x' });
  assert.deepEqual(parseSource('procedural:12'), { kind: 'procedural', count: 12 });
  for (const bad of ['procedural:0', 'procedural:1.5', 'procedural:', 'synthia', 'video:/x', '']) {
    assert.throws(() => parseSource(bad), (e: unknown) => e instanceof InputError && e.subject === 'options.source', bad);
  }
});

test('a SYNTHIA-style folder: sequences sorted by name, frames paired by stem, other folders skipped', () => {
  const dir = fresh('synthia');
  synthiaFolder(dir, ['SEQ-02', 'SEQ-01'], 3);
  mkdirSync(join(dir, 'docs'));
  const seqs = discoverSequences({ kind: 'synthia', dir }, 2);
  assert.deepEqual(seqs.map((s) => s.name), ['SEQ-01', 'SEQ-02']);
  const s0 = seqs[0]!;
  assert.equal(s0.kind, 'files');
  if (s0.kind !== 'files') return;
  assert.equal(s0.frames.length, 2, '--frames caps a folder sequence');
  assert.deepEqual(s0.frames[1], {
    stem: '000001',
    rgb: join(dir, 'SEQ-01', 'RGBLeft', '000001.png'),
    depth: join(dir, 'SEQ-01', 'DepthLeft', '000001.png'),
    depthFormat: 'synthia',
  });
  const all = discoverSequences({ kind: 'synthia', dir }, Infinity)[1]!;
  assert.equal(all.kind === 'files' && all.frames.length, 3);
});

test('a SYNTHIA release layout RGB/Stereo_Left/Omni_F and a folder that is itself one sequence', () => {
  const dir = fresh('omni');
  mkdirSync(join(dir, 'RGB', 'Stereo_Left', 'Omni_F'), { recursive: true });
  mkdirSync(join(dir, 'Depth', 'Stereo_Left', 'Omni_F'), { recursive: true });
  writeFileSync(join(dir, 'RGB', 'Stereo_Left', 'Omni_F', '000000.png'), rgbPng(8, 8, 0));
  writeFileSync(join(dir, 'Depth', 'Stereo_Left', 'Omni_F', '000000.png'), synthiaDepthPng(8, 8, () => 5).png);
  const seqs = discoverSequences({ kind: 'synthia', dir }, Infinity);
  assert.equal(seqs.length, 1);
  assert.equal(seqs[0]!.kind === 'files' && seqs[0]!.frames[0]!.depth, join(dir, 'Depth', 'Stereo_Left', 'Omni_F', '000000.png'));
});

test('an RGB-D folder: per-sequence rgb/ + depth/ matched by stem (png, pfm, npy), or flat = one sequence', () => {
  const dir = fresh('rgbd');
  for (const seq of ['b', 'a']) {
    mkdirSync(join(dir, seq, 'rgb'), { recursive: true });
    mkdirSync(join(dir, seq, 'depth'), { recursive: true });
    for (const stem of ['f10', 'f2', 'f1']) writeFileSync(join(dir, seq, 'rgb', `${stem}.png`), rgbPng(8, 8, 1));
  }
  const map = { width: 8, height: 8, data: new Float32Array(64).fill(3) };
  writeFileSync(join(dir, 'a', 'depth', 'f1.pfm'), encodePfm(map));
  writeFileSync(join(dir, 'a', 'depth', 'f2.npy'), encodeNpy(map));
  writeFileSync(join(dir, 'a', 'depth', 'f10.png'), encodePngImage(imageFrom(new Float32Array(64).fill(0.05), 8, 8, 1, 'linear'), 16));
  for (const stem of ['f1', 'f2', 'f10']) writeFileSync(join(dir, 'b', 'depth', `${stem}.npy`), encodeNpy(map));
  const seqs = discoverSequences({ kind: 'rgbd', dir }, Infinity);
  assert.deepEqual(seqs.map((s) => s.name), ['a', 'b']);
  const a = seqs[0]!;
  if (a.kind !== 'files') throw new Error('expected files');
  assert.deepEqual(a.frames.map((f) => [f.stem, f.depthFormat]), [['f1', 'pfm'], ['f2', 'npy'], ['f10', 'png16']]);

  const flat = fresh('flat');
  mkdirSync(join(flat, 'rgb'));
  mkdirSync(join(flat, 'depth'));
  writeFileSync(join(flat, 'rgb', '0.png'), rgbPng(8, 8, 2));
  writeFileSync(join(flat, 'depth', '0.npy'), encodeNpy(map));
  const one = discoverSequences({ kind: 'rgbd', dir: flat }, Infinity);
  assert.equal(one.length, 1);
  assert.equal(one[0]!.kind === 'files' && one[0]!.frames.length, 1);
});

test('a folder named like an image in an RGB-D source is refused naming it (not EISDIR)', () => {
  const dir = fresh('dirpng');
  mkdirSync(join(dir, 'rgb', '000.png'), { recursive: true });
  mkdirSync(join(dir, 'depth'));
  writeFileSync(join(dir, 'depth', '000.npy'), encodeNpy({ width: 8, height: 8, data: new Float32Array(64).fill(3) }));
  assert.throws(() => discoverSequences({ kind: 'rgbd', dir }, Infinity), (e: unknown) => e instanceof InputError && e.subject === join(dir, 'rgb', '000.png') && /is not a file/.test(e.message));
});

test('bad folders: missing, empty, count mismatch, unmatched stems, missing depth folder', () => {
  const isInput = (path: string, re: RegExp) => (e: unknown) => e instanceof InputError && e.subject === path && re.test(e.message);
  const missing = join(root, 'no-such-folder');
  assert.throws(() => discoverSequences({ kind: 'synthia', dir: missing }, Infinity), isInput(missing, /no such folder/));
  const empty = fresh('empty');
  assert.throws(() => discoverSequences({ kind: 'rgbd', dir: empty }, Infinity), isInput(empty, /no sequences found/));

  const mismatch = fresh('mismatch');
  synthiaFolder(mismatch, ['s1'], 2, 8, 8);
  rmSync(join(mismatch, 's1', 'DepthLeft', '000001.png'));
  const rgbDir = join(mismatch, 's1', 'RGBLeft');
  assert.throws(() => discoverSequences({ kind: 'synthia', dir: mismatch }, Infinity), isInput(rgbDir, /2 RGB frames but 1 depth frames.*no depth for 000001/));

  const stems = fresh('stems');
  mkdirSync(join(stems, 'rgb'));
  mkdirSync(join(stems, 'depth'));
  writeFileSync(join(stems, 'rgb', 'a.png'), rgbPng(8, 8, 0));
  writeFileSync(join(stems, 'depth', 'b.npy'), encodeNpy({ width: 8, height: 8, data: new Float32Array(64).fill(1) }));
  assert.throws(() => discoverSequences({ kind: 'rgbd', dir: stems }, Infinity), isInput(join(stems, 'rgb'), /no depth for a; no RGB for b/));

  const noDepth = fresh('nodepth');
  mkdirSync(join(noDepth, 's', 'RGBLeft'), { recursive: true });
  assert.throws(() => discoverSequences({ kind: 'synthia', dir: noDepth }, Infinity), isInput(join(noDepth, 's', 'DepthLeft'), /no matching DepthLeft/));
});

test('natural order puts frame 2 before frame 10', () => {
  assert.deepEqual(['f10', 'f2', 'f1', 'g', 'f02'].sort(naturalCompare), ['f1', 'f02', 'f2', 'f10', 'g']);
});

test('sizes from headers; a depth map of another size than its image is refused before anything is written', async () => {
  const dir = fresh('sizes');
  mkdirSync(join(dir, 'rgb'));
  mkdirSync(join(dir, 'depth'));
  writeFileSync(join(dir, 'rgb', '0.png'), rgbPng(12, 9, 0));
  writeFileSync(join(dir, 'rgb', '1.png'), rgbPng(12, 9, 1));
  writeFileSync(join(dir, 'depth', '0.pfm'), encodePfm({ width: 12, height: 9, data: new Float32Array(108).fill(2) }));
  writeFileSync(join(dir, 'depth', '1.npy'), encodeNpy({ width: 9, height: 12, data: new Float32Array(108).fill(2) }));
  assert.deepEqual(headerSize(join(dir, 'rgb', '0.png')), { width: 12, height: 9 });
  assert.deepEqual(headerSize(join(dir, 'depth', '0.pfm')), { width: 12, height: 9 });
  assert.deepEqual(headerSize(join(dir, 'depth', '1.npy')), { width: 9, height: 12 });
  const seq = discoverSequences({ kind: 'rgbd', dir }, Infinity)[0]!;
  if (seq.kind !== 'files') throw new Error('expected files');
  const depth1 = join(dir, 'depth', '1.npy');
  assert.throws(() => checkFrameSizes(seq.frames), (e: unknown) => e instanceof InputError && e.subject === depth1 && /9x12 px but its image .* 12x9 px/.test(e.message));
  const out = join(root, 'sizes-out');
  await assert.rejects(
    generateWith({ source: `rgbd:${dir}`, out, workers: 0 }, undefined, new URL('file:///never-loaded.mjs')),
    (e: unknown) => e instanceof InputError && e.subject === depth1,
  );
  assert.equal(existsSync(out), false, 'nothing written');
});

test('generateDataset on a missing folder or a count mismatch throws InputError naming the path and writes nothing', async () => {
  const never = new URL('file:///never-loaded.mjs');
  const missing = join(root, 'missing-source');
  const out1 = join(root, 'out-missing');
  await assert.rejects(generateWith({ source: `synthia:${missing}`, out: out1 }, undefined, never), (e: unknown) => e instanceof InputError && e.subject === missing);
  assert.equal(existsSync(out1), false);

  const dir = fresh('count');
  synthiaFolder(dir, ['s0', 's1'], 2, 8, 8);
  writeFileSync(join(dir, 's1', 'RGBLeft', '000002.png'), rgbPng(8, 8, 9));
  const out2 = join(root, 'out-count');
  await assert.rejects(
    generateWith({ source: `synthia:${dir}`, out: out2 }, undefined, never),
    (e: unknown) => e instanceof InputError && e.subject === join(dir, 's1', 'RGBLeft') && /3 RGB frames but 2 depth frames/.test(e.message),
  );
  assert.equal(existsSync(out2), false);
});
