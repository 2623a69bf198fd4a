import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageFrom, Rng, type FloatMap, type Image } from '../../src/image/index.js';
import { deconvolveByDepth, psnr, richardsonLucy, wienerDeconvolve, type Kernel } from '../../src/eval/index.js';
import { convolveDirect } from './direct-convolution.js';
import { texture } from './test-images.js';

/** Normalized Gaussian PSF of σ = radius/2 px, support ±3σ; a delta for radius 0. */
function gaussianKernel(radius: number): Kernel {
  const sigma = radius / 2;
  const r = sigma > 0 ? Math.ceil(3 * sigma) : 0;
  const size = 2 * r + 1;
  const data = new Float32Array(size * size);
  let sum = 0;
  for (let y = -r; y <= r; y++) {
    for (let x = -r; x <= r; x++) {
      const v = sigma > 0 ? Math.exp(-(x * x + y * y) / (2 * sigma * sigma)) : 1;
      data[(y + r) * size + x + r] = v;
      sum += v;
    }
  }
  for (let i = 0; i < data.length; i++) data[i] = data[i]! / sum;
  return { size, data };
}

/** The kernel applied directly (no FFT). */
function blur(img: Image, k: Kernel): Image {
  return convolveDirect(img, k.data, k.size);
}

function addNoise(img: Image, sigma: number, seed: number): Image {
  const rng = new Rng(seed);
  return imageFrom(img.data.map((v) => v + sigma * rng.normal()), img.width, img.height, img.channels, img.space);
}

/** Sharp-edged RGB test image: random grey levels on 5×5 px cells, a different grid per channel offset. */
function rgbTexture(w: number, h: number, seed: number): Image {
  const rng = new Rng(seed);
  const levels = Array.from({ length: 3 * 64 }, () => rng.range(0.1, 0.9));
  const data = new Float32Array(w * h * 3);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) data[c * w * h + y * w + x] = levels[c * 64 + ((Math.floor((x + c) / 5) * 7 + Math.floor(y / 5) * 3) % 64)]!;
    }
  }
  return imageFrom(data, w, h, 3, 'srgb');
}

test('wiener and richardson-lucy bring a blurred image closer to the original (PSNR up)', () => {
  const sharp = rgbTexture(48, 40, 21);
  const k = gaussianKernel(3);
  const blurred = addNoise(blur(sharp, k), 0.001, 5);
  const before = psnr(blurred, sharp);
  const wiener = psnr(wienerDeconvolve(blurred, k, { nsr: 1e-3 }), sharp);
  const rl = psnr(richardsonLucy(blurred, k, { iterations: 30 }), sharp);
  assert.ok(wiener > before + 2, `wiener ${wiener.toFixed(2)} dB vs blurred ${before.toFixed(2)} dB`);
  assert.ok(rl > before + 2, `richardson-lucy ${rl.toFixed(2)} dB vs blurred ${before.toFixed(2)} dB`);
});

test('deconvolving with an off-centre delta undoes the shift: the kernel centre convention is (size−1)/2', () => {
  const sharp = texture(24, 20, 3, 0);
  const k: Kernel = { size: 3, data: new Float32Array([0, 0, 0, 0, 0, 1, 0, 0, 0]) }; // delta one px right of centre
  const shifted = blur(sharp, k);
  assert.equal(shifted.data[5 * 24 + 6], sharp.data[5 * 24 + 5]);
  const restored = wienerDeconvolve(shifted, k, { nsr: 0, clip: false });
  const rl = richardsonLucy(sharp, { size: 1, data: new Float32Array([2]) }, { iterations: 5, clip: false });
  for (let y = 0; y < 20; y++) {
    for (let x = 1; x < 23; x++) {
      const i = y * 24 + x;
      assert.ok(Math.abs(restored.data[i]! - sharp.data[i]!) < 1e-5, `(${x},${y})`);
      assert.ok(Math.abs(rl.data[i]! - sharp.data[i]!) < 1e-5, `rl identity (${x},${y})`);
    }
  }
});

test('deconvolveByDepth uses each layer\'s kernel and beats a single uniform kernel on a two-depth image', () => {
  const w = 56;
  const h = 40;
  const sharp = rgbTexture(w, h, 31);
  // left half CoC −1 px (in front of focus), right half +3 px: both sit exactly on layer centres
  const cocData = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) cocData[y * w + x] = x < w / 2 ? -1 : 3;
  const coc: FloatMap = { width: w, height: h, data: cocData };
  const near = blur(sharp, gaussianKernel(1));
  const far = blur(sharp, gaussianKernel(3));
  const blurredData = new Float32Array(sharp.data.length);
  for (let i = 0; i < blurredData.length; i++) blurredData[i] = (i % w < w / 2 ? near : far).data[i]!;
  const blurred = addNoise(imageFrom(blurredData, w, h, 3, 'srgb'), 0.001, 9);
  const radii: number[] = [];
  const kernelFor = (r: number): Kernel => {
    radii.push(r);
    return gaussianKernel(r);
  };
  const before = psnr(blurred, sharp);
  const layered = psnr(deconvolveByDepth(blurred, coc, kernelFor, { method: 'wiener', nsr: 1e-3 }), sharp);
  assert.deepEqual(radii.sort(), [1, 3]);
  const uniform = psnr(wienerDeconvolve(blurred, gaussianKernel(1), { nsr: 1e-3 }), sharp);
  const layeredRl = psnr(deconvolveByDepth(blurred, coc, gaussianKernel, { method: 'richardson-lucy', iterations: 20 }), sharp);
  assert.ok(layered > before + 2, `layered ${layered.toFixed(2)} dB vs blurred ${before.toFixed(2)} dB`);
  assert.ok(layered > uniform, `layered ${layered.toFixed(2)} dB vs uniform kernel ${uniform.toFixed(2)} dB`);
  assert.ok(layeredRl > before + 1, `layered RL ${layeredRl.toFixed(2)} dB vs blurred ${before.toFixed(2)} dB`);
});

test('deconvolveByDepth blends the two nearest layers with weights summing to 1', () => {
  // A constant image is a fixed point of every normalized deconvolution (nsr = 0), whatever the
  // layer mix; a wrong blend weight would show as a change of level.
  const w = 20;
  const h = 16;
  const img = imageFrom(new Float32Array(w * h).fill(0.4), w, h, 1, 'srgb');
  const cocData = new Float32Array(w * h);
  for (let i = 0; i < cocData.length; i++) cocData[i] = (i % w) * 0.17;
  const out = deconvolveByDepth(img, { width: w, height: h, data: cocData }, gaussianKernel, { method: 'wiener', nsr: 0 });
  for (let i = 0; i < out.data.length; i++) assert.ok(Math.abs(out.data[i]! - 0.4) < 1e-5, `pixel ${i}: ${out.data[i]}`);
});

test('deconvolution rejects even or malformed kernels and mismatched CoC maps', () => {
  const img = texture(16, 16, 1);
  assert.throws(() => wienerDeconvolve(img, { size: 2, data: new Float32Array(4).fill(0.25) }), /odd/);
  assert.throws(() => richardsonLucy(img, { size: 3, data: new Float32Array(8) }), /needs 9 values/);
  assert.throws(() => wienerDeconvolve(img, { size: 1, data: new Float32Array([0]) }), /positive finite sum/);
  const coc: FloatMap = { width: 15, height: 16, data: new Float32Array(15 * 16) };
  assert.throws(() => deconvolveByDepth(img, coc, gaussianKernel, { method: 'wiener' }), /CoC map is 15x16/);
});
