// generateDataset with the real renderer on tiny scenes: sources are read correctly (SYNTHIA depth
// decoding, RGB-D depth units), the output is byte-identical on 1 and 2 worker threads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { encodeNpy, encodePngImage, imageFrom, readPfm, readPng } from '../../src/image/index.js';
import { cameraPreset, cocMap, distortImage, distortMap } from '../../src/optics/index.js';
import { generateDataset, readManifest, readPlan, PAPER_DISTORTION, PAPER_NOISE_SCALE } from '../../src/synth/dataset/index.js';

const root = mkdtempSync(join(tmpdir(), 'dpx-render-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
const W = 40;
const H = 24;

function rgbData(k: number): Float32Array {
  const data = new Float32Array(3 * W * H);
  for (let c = 0; c < 3; c++) for (let i = 0; i < W * H; i++) data[c * W * H + i] = ((i * (c + 2) + 29 * k) % 256) / 255;
  return data;
}

/** Depth (m) of pixel (x, y) of frame k: a ramp from 1 m to 21 m across the image. */
const depthAt = (x: number, _y: number, k: number): number => 1 + (20 * x) / (W - 1) + 0.25 * k;

/** SYNTHIA's 8-bit RGB depth encoding, and the depths (m) the codes stand for. */
function synthiaDepth(k: number): { png: Uint8Array; depth: Float32Array } {
  const n = W * H;
  const data = new Float32Array(3 * n);
  const depth = new Float32Array(n);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      const code = Math.round((depthAt(x, y, k) / 1000) * (256 ** 3 - 1));
      data[i] = (code % 256) / 255;
      data[n + i] = (Math.floor(code / 256) % 256) / 255;
      data[2 * n + i] = Math.floor(code / 65536) / 255;
      depth[i] = (1000 * code) / (256 ** 3 - 1);
    }
  }
  return { png: encodePngImage(imageFrom(data, W, H, 3, 'srgb'), 8), depth };
}

function hashTree(dir: string): Record<string, string> {
  const out: [string, string][] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push([relative(dir, p), createHash('sha256').update(readFileSync(p)).digest('hex')]);
    }
  };
  walk(dir);
  return Object.fromEntries(out.sort(([a], [b]) => (a < b ? -1 : 1)));
}

// Two SYNTHIA sequences of two frames; the depths each frame encodes, by "seq/frame".
const synthiaDir = join(root, 'synthia');
const synthiaDepths = new Map<string, Float32Array>();
for (const [s, seq] of ['SEQ-A', 'SEQ-B'].entries()) {
  mkdirSync(join(synthiaDir, seq, 'RGBLeft'), { recursive: true });
  mkdirSync(join(synthiaDir, seq, 'DepthLeft'), { recursive: true });
  for (let f = 0; f < 2; f++) {
    const k = 2 * s + f;
    writeFileSync(join(synthiaDir, seq, 'RGBLeft', `00000${f}.png`), encodePngImage(imageFrom(rgbData(k), W, H, 3, 'srgb'), 8));
    const d = synthiaDepth(k);
    writeFileSync(join(synthiaDir, seq, 'DepthLeft', `00000${f}.png`), d.png);
    synthiaDepths.set(`${seq}/${f}`, d.depth);
  }
}

test('SYNTHIA folder: byte-identical on 1 and 2 workers; target = distorted input RGB, CoC = distorted camera(decoded depth)', async () => {
  const outs = [join(root, 'w1'), join(root, 'w2')];
  const s1 = await generateDataset({ source: `synthia:${synthiaDir}`, out: outs[0]!, workers: 1, seed: 5, split: 'train=0.5,test=0.5' });
  const s2 = await generateDataset({ source: `synthia:${synthiaDir}`, out: outs[1]!, workers: 2, seed: 5, split: 'train=0.5,test=0.5' });
  assert.equal(s1.rendered, 4);
  assert.equal(s2.rendered, 4);
  assert.deepEqual(hashTree(outs[1]!), hashTree(outs[0]!));

  const out = outs[0]!;
  const plan = readPlan(out);
  assert.deepEqual(plan.sequences.map((s) => s.split).sort(), ['test', 'train']);
  const records = readManifest(join(out, 'manifest.jsonl')).records;
  assert.equal(records.length, 4);
  for (const r of records) {
    if (r.source.kind !== 'files') throw new Error('expected a file source');
    assert.equal(r.source.rgb, `${r.source.sequence}/RGBLeft/00000${r.frame}.png`);
    assert.equal(r.noise.sigma, Math.round(r.noise.paperSigma * PAPER_NOISE_SCALE * 1e6) / 1e6);
    assert.deepEqual(r.meta['noise'], { kind: 'gaussian', sigma: r.noise.sigma });
    const k = 2 * (r.source.sequence === 'SEQ-A' ? 0 : 1) + r.frame;
    // Each paper camera set carries its own radial distortion (Eq. 5), applied to target and maps.
    const dist = PAPER_DISTORTION[r.camera]!;
    assert.deepEqual(r.distortion, dist);
    assert.notEqual(dist.c1, 0);

    const sharp = readPng(join(out, r.files.sharp));
    assert.equal(sharp.bitDepth, 16);
    const input = distortImage(imageFrom(rgbData(k), W, H, 3, 'srgb'), dist.c1, dist.c2).data;
    let maxDiff = 0;
    for (let i = 0; i < input.length; i++) maxDiff = Math.max(maxDiff, Math.abs(sharp.image.data[i]! - input[i]!));
    assert.ok(maxDiff < 1e-5, `sharp target equals the distorted input image (max diff ${maxDiff})`);

    const coc = readPfm(join(out, r.files.coc));
    const undistorted = cocMap({ width: W, height: H, data: synthiaDepths.get(`${r.source.sequence}/${r.frame}`)! }, cameraPreset(r.camera));
    const expected = distortMap(undistorted, dist.c1, dist.c2);
    for (let i = 0; i < expected.data.length; i++) assert.ok(Math.abs(coc.data[i]! - expected.data[i]!) < 1e-4, `coc at ${i}`);
    const left = readPng(join(out, r.files.left)).image;
    const right = readPng(join(out, r.files.right)).image;
    assert.notDeepEqual(left.data, right.data, 'defocused views differ');
  }
});

test('RGB-D folder: 16-bit PNG depth read as millimetres, .npy as metres', async () => {
  const dir = join(root, 'rgbd');
  mkdirSync(join(dir, 'rgb'), { recursive: true });
  mkdirSync(join(dir, 'depth'), { recursive: true });
  const depth = new Float32Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) depth[y * W + x] = depthAt(x, y, 0);
  for (const stem of ['a', 'b']) writeFileSync(join(dir, 'rgb', `${stem}.png`), encodePngImage(imageFrom(rgbData(1), W, H, 3, 'srgb'), 8));
  const mm = new Float32Array(W * H).map((_, i) => Math.round(depth[i]! * 1000) / 65535);
  writeFileSync(join(dir, 'depth', 'a.png'), encodePngImage(imageFrom(mm, W, H, 1, 'linear'), 16));
  writeFileSync(join(dir, 'depth', 'b.npy'), encodeNpy({ width: W, height: H, data: depth }));
  const out = join(root, 'rgbd-out');
  await generateDataset({ source: `rgbd:${dir}`, out, workers: 0, camera: 'paper-2', layout: 'sequence' });
  const records = readManifest(join(out, 'manifest.jsonl')).records;
  assert.deepEqual(records.map((r) => r.files.coc), ['train_coc/seq_000/000000.pfm', 'train_coc/seq_000/000001.pfm']);
  const dist = PAPER_DISTORTION['paper-2']!;
  const expected = distortMap(cocMap({ width: W, height: H, data: depth }, cameraPreset('paper-2')), dist.c1, dist.c2);
  for (const r of records) {
    assert.equal(r.camera, 'paper-2');
    const coc = readPfm(join(out, r.files.coc));
    for (let i = 0; i < expected.data.length; i++) assert.ok(Math.abs(coc.data[i]! - expected.data[i]!) < 2e-3, `${r.files.coc} at ${i}`);
  }
});

test('procedural sequences: camera motion between frames, resumable to identical bytes on 2 workers', async () => {
  const opts = { source: 'procedural:2', frames: 2, width: 32, height: 32, seed: 11, layout: 'sequence', split: 'train=0.5,val=0.5' } as const;
  const ref = join(root, 'proc-ref');
  await generateDataset({ ...opts, out: ref, workers: 0 });
  const out = join(root, 'proc');
  const ac = new AbortController();
  const first = await generateDataset({ ...opts, out, workers: 2, signal: ac.signal }, (done) => {
    if (done === 1) ac.abort();
  });
  assert.equal(first.aborted, true);
  const second = await generateDataset({ ...opts, out, workers: 2 });
  assert.equal(second.resumed + second.rendered, 4);
  assert.ok(second.rendered >= 1);
  assert.deepEqual(hashTree(out), hashTree(ref));
  const records = readManifest(join(out, 'manifest.jsonl')).records;
  const [f0, f1] = records.filter((r) => r.sequence === 0);
  assert.deepEqual(f0!.source, f1!.source, 'one scene per sequence');
  const a = readPng(join(out, f0!.files.sharp)).image.data;
  const b = readPng(join(out, f1!.files.sharp)).image.data;
  assert.notDeepEqual(a, b, 'the camera moves between frames');
  assert.equal(readPng(join(out, f0!.files.left)).image.width, 32);
});

test('a NaN depth in a later frame is caught before anything is written', async () => {
  const dir = join(root, 'rgbd-nan');
  mkdirSync(join(dir, 'rgb'), { recursive: true });
  mkdirSync(join(dir, 'depth'), { recursive: true });
  const good = new Float32Array(W * H).fill(3);
  const bad = good.slice();
  bad[W * 5 + 7] = NaN;
  for (const stem of ['a', 'b']) writeFileSync(join(dir, 'rgb', `${stem}.png`), encodePngImage(imageFrom(rgbData(2), W, H, 3, 'srgb'), 8));
  writeFileSync(join(dir, 'depth', 'a.npy'), encodeNpy({ width: W, height: H, data: good }));
  writeFileSync(join(dir, 'depth', 'b.npy'), encodeNpy({ width: W, height: H, data: bad }));
  const out = join(root, 'rgbd-nan-out');
  await assert.rejects(generateDataset({ source: `rgbd:${dir}`, out, workers: 0 }), /b\.npy: .*pixel \(7, 5\)/);
  assert.throws(() => readdirSync(out), /ENOENT/);
});
