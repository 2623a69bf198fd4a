import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, readPfm, readPng, toLinear, toSrgb, type Image } from '../../src/image/index.js';
import { cameraPreset, cocRadiusPx, distortImage } from '../../src/optics/index.js';
import { encodeSample, synthesizeFrame, writeSample, renderContactSheet, type SynthScene } from '../../src/synth/index.js';
import { constMap, flat, meanRect, px, texture } from './helpers.js';

const camera = cameraPreset('canon-5d4'); // focused at 2 m, r(∞) ≈ 16.6 px

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'dualpix-synth-'));
}

test('a constant-depth scene at the focus distance returns the input', () => {
  const rgb = texture(40, 30, 2, 'srgb');
  const f = synthesizeFrame({ rgb, depth: constMap(40, 30, 2) }, { camera }, 1);
  for (const img of [f.left, f.right, f.combined, f.sharp]) {
    let worst = 0;
    for (let i = 0; i < rgb.data.length; i++) worst = Math.max(worst, Math.abs(img.data[i]! - rgb.data[i]!));
    assert.ok(worst < 2e-6, `worst ${worst}`);
  }
  assert.ok(f.coc.data.every((r) => r === 0));
});

test('views are at the combined exposure: combined = (left + right)/2 in file units, and in the files', () => {
  const dir = tmp();
  try {
    const rgb = texture(48, 32, 4, 'srgb');
    const f = synthesizeFrame({ rgb, depth: constMap(48, 32, 5) }, { camera, noise: { kind: 'gaussian', sigma: 0.05 } }, 3);
    for (let i = 0; i < f.combined.data.length; i++) assert.equal(f.combined.data[i], Math.fround(0.5 * (f.left.data[i]! + f.right.data[i]!)));
    // Each view alone is as bright as the scene (×2 of the half-aperture signal).
    const grey = synthesizeFrame({ rgb: flat(48, 32, [0.3, 0.5, 0.7], 'srgb'), depth: constMap(48, 32, 5) }, { camera }, 3);
    for (const view of [grey.left, grey.right]) assert.ok(Math.abs(px(view, 24, 16, 1) - 0.5) < 1e-4);
    writeSample(dir, f);
    assert.deepEqual(readdirSync(dir).sort(), ['coc.pfm', 'combined.png', 'left.png', 'meta.json', 'right.png', 'sharp.png']);
    const l = readPng(join(dir, 'left.png'));
    const r = readPng(join(dir, 'right.png'));
    const c = readPng(join(dir, 'combined.png'));
    assert.equal(c.bitDepth, 16);
    for (let i = 0; i < c.image.data.length; i++) {
      assert.ok(Math.abs(c.image.data[i]! - 0.5 * (l.image.data[i]! + r.image.data[i]!)) <= 1 / 65535 + 1e-9);
    }
    const coc = readPfm(join(dir, 'coc.pfm'));
    assert.ok(Math.abs(coc.data[0]! - cocRadiusPx(5, camera)) < 1e-4);
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(meta.seed, 3);
    assert.deepEqual(meta.noise, { kind: 'gaussian', sigma: 0.05 });
    assert.equal(meta.blurSpace, 'linear');
    assert.equal(meta.layerStep, 0.25);
    assert.deepEqual(meta.psf, { n: 3, alpha: 0.6, beta: 0.2, kappa: 0.14 });
    assert.equal((meta.camera as { name: string }).name, 'canon-5d4');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('same seed gives byte-identical files; another seed other noise', () => {
  const scene = { rgb: texture(40, 24, 6, 'srgb'), depth: constMap(40, 24, 0.9) };
  const settings = { camera, noise: { kind: 'gaussian', sigma: 0.1 } as const, distortion: { c1: 0.05, c2: 0 } };
  const a = encodeSample(synthesizeFrame(scene, settings, 42));
  const b = encodeSample(synthesizeFrame(scene, settings, 42));
  const c = encodeSample(synthesizeFrame(scene, settings, 43));
  for (const name of Object.keys(a) as (keyof typeof a)[]) assert.deepEqual(b[name], a[name], name);
  assert.notDeepEqual(c['left.png'], a['left.png']);
  assert.deepEqual(c['sharp.png'], a['sharp.png']);
});

test('noise is independent per view and comes last; distortion applies to views, target and CoC alike', () => {
  const rgb = flat(32, 32, [0.5, 0.5, 0.5], 'srgb');
  const f = synthesizeFrame({ rgb, depth: constMap(32, 32, 2) }, { camera, noise: { kind: 'gaussian', sigma: 0.1 } }, 9);
  let same = 0;
  for (let i = 0; i < f.left.data.length; i++) if (f.left.data[i] === f.right.data[i]) same++;
  assert.ok(same < 10);
  assert.deepEqual(f.sharp.data, rgb.data);
  const tex = texture(48, 36, 8, 'srgb');
  const depth = constMap(48, 36, 2);
  for (let y = 0; y < 36; y++) for (let x = 0; x < 12; x++) depth.data[y * 48 + x] = 1;
  const d = synthesizeFrame({ rgb: tex, depth }, { camera, distortion: { c1: 0.2, c2: 0 } }, 1);
  assert.deepEqual(d.sharp.data, distortImage(tex, 0.2, 0).data);
  const plain = synthesizeFrame({ rgb: tex, depth }, { camera }, 1);
  assert.deepEqual(d.left.data, distortImage(plain.left, 0.2, 0).data);
  assert.notDeepEqual(d.coc.data, plain.coc.data);
});

test('blur space: linear light brightens a blurred black/white edge relative to blurring sRGB values', () => {
  const w = 64;
  const h = 24;
  const rgb = flat(w, h, [0, 0, 0], 'srgb');
  for (let c = 0; c < 3; c++) for (let y = 0; y < h; y++) for (let x = 32; x < w; x++) rgb.data[c * w * h + y * w + x] = 1;
  const scene = { rgb, depth: constMap(w, h, 4) }; // r ≈ 8.3 px
  const lin = synthesizeFrame(scene, { camera }, 1);
  const srgb = synthesizeFrame(scene, { camera, blurSpace: 'srgb' }, 1);
  // At the edge the linear blur gives ≈ srgb(½) ≈ 0.74, the sRGB blur ≈ ½.
  assert.ok(px(lin.combined, 32, 12) > px(srgb.combined, 32, 12) + 0.15, `${px(lin.combined, 32, 12)} vs ${px(srgb.combined, 32, 12)}`);
  assert.ok(Math.abs(px(srgb.combined, 31, 12) + px(srgb.combined, 32, 12) - 1) < 0.05);
  // Each conserves its own quantity along a row: linear light, or sRGB code values.
  const row = (img: Image): Image => ({ ...img, height: 1, data: img.data.filter((_, i) => Math.floor(i / w) % h === 12) });
  assert.ok(Math.abs(meanRect(toLinear(row(lin.combined)), 0, w, 0, 1) - 0.5) < 0.01);
  assert.ok(Math.abs(meanRect(row(srgb.combined), 0, w, 0, 1) - 0.5) < 0.01);
  assert.equal(srgb.meta.blurSpace, 'srgb');
  assert.equal(toSrgb(lin.sharp), lin.sharp);
});

test('bad input: mismatched sizes, NaN / negative / zero depth, bad settings → InputError, nothing written', () => {
  const dir = tmp();
  try {
    const rgb = texture(16, 12, 1, 'srgb');
    const bad: [SynthScene, RegExp][] = [
      [{ rgb, depth: constMap(15, 12, 3), names: { depth: 'd.png' } }, /^d\.png: depth map is 15x12 but the image is 16x12/],
      [{ rgb, depth: { ...constMap(16, 12, 3), data: constMap(16, 12, 3).data.fill(NaN, 5, 6) } }, /^scene\.depth: .*NaN at pixel \(5, 0\)/],
      [{ rgb, depth: constMap(16, 12, -1), names: { depth: 'x.pfm' } }, /^x\.pfm: .*-1/],
      [{ rgb, depth: constMap(16, 12, 0) }, /^scene\.depth: /],
    ];
    for (const [scene, message] of bad) {
      assert.throws(
        () => writeSample(dir, synthesizeFrame(scene, { camera }, 1)),
        (e: unknown) => e instanceof InputError && message.test(e.message),
      );
    }
    const scene = { rgb, depth: constMap(16, 12, 3) };
    assert.throws(() => synthesizeFrame(scene, { camera, layerStep: 0 }, 1), InputError);
    assert.throws(() => synthesizeFrame(scene, { camera, psf: { n: 3, alpha: 0.6, beta: 2, kappa: 0.14 } }, 1), /^ParameterError: params: /);
    assert.throws(() => synthesizeFrame(scene, { camera, noise: { kind: 'gaussian', sigma: -1 } }, 1), /^ParameterError: model\.sigma: /);
    assert.throws(() => synthesizeFrame(scene, { camera, distortion: { c1: 5, c2: 0 } }, 1), /^ParameterError: distortion: /);
    const f = synthesizeFrame(scene, { camera }, 1);
    assert.throws(() => writeSample(dir, { ...f, coc: constMap(3, 3, 0) }), RangeError);
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('contact sheet: views, combined and target on top; CoC colours and view difference below', () => {
  const w = 40;
  const h = 20;
  const depth = constMap(w, h, 2);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) depth.data[y * w + x] = x < 10 ? 0.8 : x >= 30 ? 8 : 2;
  const f = synthesizeFrame({ rgb: texture(w, h, 12, 'srgb'), depth }, { camera }, 1);
  const sheet = renderContactSheet(f);
  assert.equal(sheet.width, 4 * w + 3 * 4);
  assert.equal(sheet.height, 2 * h + 4);
  assert.equal(px(sheet, 0, 0), px(f.left, 0, 0));
  const y = h + 4 + 10;
  const rgbAt = (x: number): number[] => [0, 1, 2].map((c) => px(sheet, x, y, c));
  const [fr, , fb] = rgbAt(2); // in front: blue
  assert.ok(fb > fr + 0.3);
  assert.deepEqual(rgbAt(20), [1, 1, 1]); // in focus: white
  const [br, , bb] = rgbAt(38); // behind: red
  assert.ok(br > bb + 0.2);
});
