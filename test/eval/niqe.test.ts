import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageFrom, linearToSrgbValue, Rng, type Image } from '../../src/image/index.js';
import { fitNiqeModel, niqe, niqeLuminance, type NiqeModel } from '../../src/eval/index.js';
import { halveBicubic } from '../../src/eval/halve-bicubic.js';
import { mscn } from '../../src/eval/niqe-features.js';
import { mapImage, texture } from './test-images.js';

/** Box blur of radius r px with clamped borders. */
function boxBlur(img: Image, r: number): Image {
  const { width: w, height: h } = img;
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let dy = -r; dy <= r; dy++) {
        for (let dx = -r; dx <= r; dx++) s += img.data[Math.min(h - 1, Math.max(0, y + dy)) * w + Math.min(w - 1, Math.max(0, x + dx))]!;
      }
      out[y * w + x] = s / (2 * r + 1) ** 2;
    }
  }
  return imageFrom(out, w, h, 1, img.space);
}

function noisy(img: Image, sigma: number, seed: number): Image {
  const rng = new Rng(seed);
  return mapImage(img, (v) => Math.min(1, Math.max(0, v + sigma * rng.normal())));
}

// Fitted once: four 192×192 procedural textures (four 96×96 patches each).
const sharp = [11, 12, 13, 14].map((s) => texture(192, 192, s, 0.02));
const model = fitNiqeModel(sharp);

test('niqe of the fitting images is lower than that of blurred or noisy versions of them', () => {
  for (const [i, img] of sharp.entries()) {
    const own = niqe(img, model);
    const blurred = niqe(boxBlur(img, 1), model);
    const withNoise = niqe(noisy(img, 0.05, i), model);
    assert.ok(own < blurred, `image ${i}: ${own} vs blurred ${blurred}`);
    assert.ok(own < withNoise, `image ${i}: ${own} vs noisy ${withNoise}`);
  }
});

test('niqe of an unseen texture of the same kind is lower than that of its blurred version', () => {
  const other = texture(192, 192, 99, 0.02);
  assert.ok(niqe(other, model) < niqe(boxBlur(other, 2), model));
});

test('the niqe model is plain JSON and scores the same after a round trip', () => {
  const copy = JSON.parse(JSON.stringify(model)) as NiqeModel;
  assert.equal(copy.mean.length, 36);
  assert.equal(copy.covariance.length, 36);
  assert.equal(copy.patchSize, 96);
  assert.ok(copy.patches >= 2 && copy.patches <= 16);
  const img = texture(200, 100, 5, 0.02);
  assert.equal(niqe(img, copy), niqe(img, model));
});

test('niqe rejects images smaller than one 96x96 patch and flat images', () => {
  assert.throws(() => niqe(texture(95, 200, 1), model), /smaller than one 96x96 patch/);
  assert.throws(() => fitNiqeModel([imageFrom(new Float32Array(96 * 96).fill(0.5), 96, 96, 1, 'srgb')]), /usable sharp patches/);
});

test('niqeLuminance: [0,255] grey with MATLAB rgb2gray weights; linear images are sRGB-encoded first', () => {
  const w = 2;
  const rgb = imageFrom(new Float32Array([1, 0, 0, 0.5, 0, 1, 0, 0.5, 0, 0, 1, 0.5]), w, 2, 3, 'srgb');
  const grey = niqeLuminance(rgb);
  assert.ok(Math.abs(grey[0]! - 255 * 0.298936021293775) < 1e-9);
  assert.ok(Math.abs(grey[1]! - 255 * 0.587043074451121) < 1e-9);
  assert.ok(Math.abs(grey[2]! - 255 * 0.114020904255103) < 1e-9);
  assert.ok(Math.abs(grey[3]! - 127.5) < 1e-9);
  const lin = niqeLuminance(imageFrom(new Float32Array([0.25]), 1, 1, 1, 'linear'));
  assert.ok(Math.abs(lin[0]! - 255 * linearToSrgbValue(0.25)) < 1e-9);
  assert.throws(() => niqeLuminance(imageFrom(new Float32Array(2), 1, 1, 2, 'srgb')), /1- or 3-channel/);
});

test('mscn of a constant image is zero; of a ramp it is zero in the interior', () => {
  const w = 12;
  const h = 10;
  const flat = mscn(new Float64Array(w * h).fill(100), w, h);
  assert.ok(flat.coefficients.every((v) => Math.abs(v) < 1e-9) && flat.sigma.every((v) => Math.abs(v) < 1e-5));
  // On a linear ramp a symmetric window's mean equals the centre value, so Î = 0 away from the
  // replicated border.
  const ramp = Float64Array.from({ length: w * h }, (_, i) => 3 * (i % w) + 2 * Math.floor(i / w));
  const m = mscn(ramp, w, h);
  for (let y = 3; y < h - 3; y++) for (let x = 3; x < w - 3; x++) assert.ok(Math.abs(m.coefficients[y * w + x]!) < 1e-9);
});

test('halveBicubic keeps constants and samples a ramp at 2o + 0.5, with mirrored borders', () => {
  const w = 16;
  const h = 8;
  const c = halveBicubic(new Float64Array(w * h).fill(7), w, h);
  assert.ok(c.every((v) => Math.abs(v - 7) < 1e-12));
  const ramp = Float64Array.from({ length: w * h }, (_, i) => i % w);
  const out = halveBicubic(ramp, w, h);
  // Interior: the cubic kernel reproduces linear functions exactly.
  for (let o = 2; o < w / 2 - 2; o++) assert.ok(Math.abs(out[o]! - (2 * o + 0.5)) < 1e-12, `o=${o}`);
  // o = 0 by hand: taps −3…4 read columns 2,1,0,0,1,2,3,4 (half-sample mirror) with weights
  // k(d/2)/2, d = 3.5…−3.5, k Keys' cubic (a = −0.5): k(1.75) = −0.0234375, k(1.25) = −0.0703125,
  // k(0.75) = 0.2265625, k(0.25) = 0.8671875.
  const k = [-0.0234375, -0.0703125, 0.2265625, 0.8671875, 0.8671875, 0.2265625, -0.0703125, -0.0234375];
  const cols = [2, 1, 0, 0, 1, 2, 3, 4];
  const want = k.reduce((s, kv, t) => s + (kv / 2) * cols[t]!, 0);
  assert.ok(Math.abs(out[0]! - want) < 1e-12, `${out[0]} vs ${want}`);
});
