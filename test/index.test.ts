// The package's public face: the README's "From TypeScript" examples, run on small inputs, and
// a check that the face stays curated (stage internals are not re-exported).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as dualpix from '../src/index.js';
import {
  Deblurrer, DEFAULT_PSF, buildInferenceNetwork, cameraPreset, compareImages, crop, dpKernel, loadModelWeights, proceduralScene,
  psnr, readPng, readWeights, synthesizeFrame, writePng, writeSample, writeWeights, type NetworkSpec,
} from '../src/index.js';
import { initParams } from '../src/nn/index.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'dualpix-api-'));

test('synthesis and file I/O: a procedural frame written as a sample reads back exactly', () => {
  const frame = synthesizeFrame(proceduralScene(3, { width: 48, height: 32 }), { camera: cameraPreset('paper-3') }, 42);
  const dir = tmp();
  writeSample(dir, frame);
  const back = readPng(join(dir, 'combined.png')).image;
  assert.equal(back.width, 48);
  // 16-bit PNG: within half a code of the float image.
  assert.ok(psnr(back, frame.combined) > 90);
  assert.equal(JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')).seed, 42);
});

test('PSFs: each view of a kernel holds half the light and the views mirror each other', () => {
  const k = dpKernel(6.5, DEFAULT_PSF);
  const sum = (a: Float32Array): number => a.reduce((s, v) => s + v, 0);
  assert.ok(Math.abs(sum(k.left) - 0.5) < 1e-5 && Math.abs(sum(k.right) - 0.5) < 1e-5);
  const n = k.size;
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) assert.ok(Math.abs(k.left[y * n + x]! - k.right[y * n + n - 1 - x]!) < 1e-7);
});

test('models, deblurring and metrics: a weight file round-trips and deblurs a pair at its own size', async () => {
  const spec: NetworkSpec = { model: 'rdpd', width: 0.125 };
  const path = join(tmp(), 'w.safetensors');
  writeWeights(path, initParams(buildInferenceNetwork(spec).graph, 28), spec);
  assert.deepEqual(readWeights(path).kind, spec);
  const frame = synthesizeFrame(proceduralScene(5, { width: 40, height: 24 }), { camera: cameraPreset('paper-3') }, 1);
  const model = await Deblurrer.create(await loadModelWeights(path), { threads: 1 });
  try {
    const sharp = await model.deblur(frame.left, frame.right);
    assert.deepEqual([sharp.width, sharp.height, sharp.channels], [40, 24, 3]);
    const scores = compareImages(sharp, frame.sharp);
    assert.ok(Number.isFinite(scores.psnr) && scores.ssim <= 1 && scores.mae >= 0);
  } finally {
    await model.release();
  }
  writePng(join(tmp(), 'c.png'), crop(frame.combined, 0, 0, 16, 16));
});

test('the public face is curated: no drawing helpers, no training internals', () => {
  for (const name of ['fillRect', 'drawText', 'BatchSampler', 'feedsFor', 'planTiles', 'Graph', 'GLYPH_WIDTH']) {
    assert.equal(name in dualpix, false, `${name} should not be re-exported by src/index.ts`);
  }
  assert.ok(Object.keys(dualpix).length < 120, `${Object.keys(dualpix).length} names exported`);
});
