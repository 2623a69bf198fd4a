import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageFrom, Rng, toLinear, toSrgb, type FloatMap, type Image } from '../../src/image/index.js';
import { PsfBank } from '../../src/psf/index.js';
import { renderDpViews } from '../../src/synth/index.js';
import {
  baselineMethod, estimateNoiseVariance, MultiWiener, psnr, relativeNoiseVariance, srgbToLinearSlope, wienerByDepth,
  type DpFrame, type Kernel,
} from '../../src/eval/index.js';
import { convolveDirect } from './direct-convolution.js';

/** The kernel, normalized to unit sum, applied directly (no FFT). */
function blur(img: Image, k: Kernel): Image {
  let sum = 0;
  for (const v of k.data) sum += v;
  return convolveDirect(img, k.data.map((v) => v / sum), k.size);
}

function withNoise(img: Image, sigma: number, seed: number): Image {
  const rng = new Rng(seed);
  return imageFrom(img.data.map((v) => v + sigma * rng.normal()), img.width, img.height, img.channels, img.space);
}

/** Random levels on 3×3 px cells per channel: detail at every frequency a small blur touches. */
function cells(w: number, h: number, seed: number, space: 'srgb' | 'linear' = 'linear'): Image {
  const rng = new Rng(seed);
  const levels = Array.from({ length: 3 * 101 }, () => rng.range(0.1, 0.9));
  const data = new Float32Array(w * h * 3);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) data[c * w * h + y * w + x] = levels[c * 101 + ((Math.floor(x / 3) * 11 + Math.floor(y / 3) * 5) % 101)]!;
    }
  }
  return imageFrom(data, w, h, 3, space);
}

/** Left and right halves of a disk of radius `r` px (a toy DP pair): mass left of centre, and its mirror. */
function halfDisks(r: number): [Kernel, Kernel] {
  const size = 2 * r + 1;
  const left = new Float32Array(size * size);
  const right = new Float32Array(size * size);
  for (let y = -r; y <= r; y++) {
    for (let x = -r; x <= r; x++) {
      if (x * x + y * y > r * r) continue;
      const w = x < 0 ? 1 : x === 0 ? 0.5 : 0;
      left[(y + r) * size + x + r] = w;
      right[(y + r) * size + (-x) + r] = w;
    }
  }
  return [{ size, data: left }, { size, data: right }];
}

test('a noiseless blur with the true PSF and a tiny regularization is undone to within 1e-4', () => {
  // A symmetric kernel whose transfer function stays ≥ 0.2: the inverse exists at every frequency.
  const k: Kernel = { size: 3, data: Float32Array.from([0.025, 0.05, 0.025, 0.05, 0.7, 0.05, 0.025, 0.05, 0.025]) };
  const sharp = cells(40, 36, 1);
  const blurred = blur(sharp, k);
  assert.ok(psnr(blurred, sharp) < 35, 'the blur is visible');
  for (const prior of [{ kind: 'flat', nsr: 1e-10 }, { kind: 'gradient', gradientVariance: 1e6 }] as const) {
    const solver = new MultiWiener([blurred.data], 40, 36, 3, 8);
    const out = solver.solve([{ kernel: k, noiseVariance: 1e-6 }], prior);
    let worst = 0;
    for (let i = 0; i < out.length; i++) worst = Math.max(worst, Math.abs(out[i]! - sharp.data[i]!));
    assert.ok(worst < 1e-4, `${prior.kind}: largest error ${worst}`);
  }
});

test('the gradient prior keeps a constant image exactly, however strong: its penalty vanishes at DC', () => {
  const img = imageFrom(new Float32Array(24 * 20 * 3).fill(0.37), 24, 20, 3, 'linear');
  const [l, r] = halfDisks(3);
  const out = new MultiWiener([img.data, img.data], 24, 20, 3, 8).solve(
    [{ kernel: l, noiseVariance: 1 }, { kernel: r, noiseVariance: 1 }], { kind: 'gradient', gradientVariance: 1e-6 });
  for (let i = 0; i < out.length; i++) assert.ok(Math.abs(out[i]! - 0.37) < 1e-6, `pixel ${i}: ${out[i]}`);
});

test('where the data say nothing, the anchored prior returns the observation and the plain one its mean', () => {
  const obs = cells(24, 20, 3);
  const [l] = halfDisks(2);
  const solver = new MultiWiener([obs.data], 24, 20, 3, 8);
  // Noise variance 1e6: the likelihood carries next to no weight except at DC, where no prior acts.
  const anchored = solver.solve([{ kernel: l, noiseVariance: 1e6 }], { kind: 'gradient', gradientVariance: 1e-3, anchor: 1 });
  const plain = solver.solve([{ kernel: l, noiseVariance: 1e6 }], { kind: 'gradient', gradientVariance: 1e-3 });
  const plane = 24 * 20;
  for (let c = 0; c < 3; c++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < plane; i++) {
      const k = c * plane + i;
      assert.ok(Math.abs(anchored[k]! - obs.data[k]!) < 1e-6, `anchored ${k}: ${anchored[k]} vs ${obs.data[k]}`);
      lo = Math.min(lo, plain[k]!);
      hi = Math.max(hi, plain[k]!);
    }
    // Only the mean (of the reflected extension the transform sees) survives: a flat image.
    assert.ok(hi - lo < 1e-3, `plain channel ${c} spans ${lo}…${hi}`);
  }
});

test('joint two-view Wiener beats Wiener of the combined image on the same two noisy observations', () => {
  const sharp = cells(48, 48, 2);
  const [kl, kr] = halfDisks(3);
  const sigma = 0.01;
  const left = withNoise(blur(sharp, kl), sigma, 11);
  const right = withNoise(blur(sharp, kr), sigma, 12);
  const combined = imageFrom(left.data.map((v, i) => 0.5 * (v + right.data[i]!)), 48, 48, 3, 'linear');
  const kc: Kernel = { size: kl.size, data: kl.data.map((v, i) => v + kr.data[i]!) };
  const prior = { kind: 'gradient', gradientVariance: 0.05 } as const;
  const joint = new MultiWiener([left.data, right.data], 48, 48, 3, 8).solve(
    [{ kernel: kl, noiseVariance: sigma ** 2 }, { kernel: kr, noiseVariance: sigma ** 2 }], prior);
  const single = new MultiWiener([combined.data], 48, 48, 3, 8).solve([{ kernel: kc, noiseVariance: sigma ** 2 / 2 }], prior);
  const pj = psnr(imageFrom(joint, 48, 48, 3, 'linear'), sharp);
  const ps = psnr(imageFrom(single, 48, 48, 3, 'linear'), sharp);
  const p0 = psnr(combined, sharp);
  assert.ok(ps > p0, `combined-image Wiener ${ps.toFixed(2)} dB vs its input ${p0.toFixed(2)} dB`);
  assert.ok(pj > ps + 1, `joint ${pj.toFixed(2)} dB vs combined ${ps.toFixed(2)} dB`);
});

/** A frame as the evaluation runner would load it from the generator: views rendered by src/synth at a constant CoC. */
function renderedFrame(radius: number, orientation: 'reference' | 'mirrored'): { frame: DpFrame; target: Image } {
  const w = 48;
  const h = 40;
  const psf = { n: 6, alpha: 0.8, beta: 0.2, kappa: 0.14 };
  const sharp = cells(w, h, 5);
  const coc: FloatMap = { width: w, height: h, data: new Float32Array(w * h).fill(radius) };
  const bank = new PsfBank(psf, { orientation });
  const views = renderDpViews(sharp, coc, (r) => bank.get(r), { threads: 1, outputSpace: 'srgb' });
  const combined = imageFrom(views.left.data.map((v, i) => 0.5 * (v + views.right.data[i]!)), w, h, 3, 'srgb');
  return {
    frame: { left: views.left, right: views.right, combined, coc, psf, blurSpace: 'linear', psfModel: 'butterworth', psfOrientation: orientation, noiseSigma: 0.002 },
    target: toSrgb(sharp),
  };
}

test('wiener-dp uses each view\'s PSF the way the renderer applies it: told the wrong orientation, it scores far lower', async () => {
  for (const orientation of ['reference', 'mirrored'] as const) {
    for (const radius of [3, -3]) {
      const { frame, target } = renderedFrame(radius, orientation);
      // A uniform CoC has no layered-model error: let the PSFs alone decide.
      const method = baselineMethod('wiener-dp', { wienerModelError: 0 });
      const right = await method.start().next(frame);
      const flipped = await method.start().next({ ...frame, psfOrientation: orientation === 'reference' ? 'mirrored' : 'reference' });
      const pr = psnr(right, target);
      const pf = psnr(flipped, target);
      const p0 = psnr(frame.combined, target);
      assert.ok(pr > p0 + 3, `${orientation}, r ${radius}: ${pr.toFixed(2)} dB vs input ${p0.toFixed(2)} dB`);
      assert.ok(pr > pf + 3, `${orientation}, r ${radius}: right orientation ${pr.toFixed(2)} dB vs flipped ${pf.toFixed(2)} dB`);
    }
  }
});

test('wiener and wiener-dp gain over their input on a noisy two-depth render, wiener-dp the most', async () => {
  const w = 56;
  const h = 40;
  const psf = { n: 3, alpha: 0.6, beta: 0.2, kappa: 0.14 };
  const sharp = cells(w, h, 8);
  const cocData = new Float32Array(w * h);
  for (let i = 0; i < cocData.length; i++) cocData[i] = i % w < w / 2 ? -2 : 4;
  const coc: FloatMap = { width: w, height: h, data: cocData };
  const bank = new PsfBank(psf);
  const views = renderDpViews(sharp, coc, (r) => bank.get(r), { threads: 1, outputSpace: 'srgb' });
  const sigma = 0.005;
  const rng = new Rng(4);
  const noisy = (v: Image): Image => imageFrom(v.data.map((s) => Math.min(1, Math.max(0, s * (1 + sigma * rng.normal())))), w, h, 3, 'srgb');
  const left = noisy(views.left);
  const right = noisy(views.right);
  const combined = imageFrom(left.data.map((v, i) => 0.5 * (v + right.data[i]!)), w, h, 3, 'srgb');
  const frame: DpFrame = { left, right, combined, coc, psf, blurSpace: 'linear', psfModel: 'butterworth', psfOrientation: 'reference', noiseSigma: sigma };
  const target = toSrgb(sharp);
  const p0 = psnr(combined, target);
  const pc = psnr(await baselineMethod('wiener').start().next(frame), target);
  const pj = psnr(await baselineMethod('wiener-dp').start().next(frame), target);
  assert.ok(pc > p0 + 1, `wiener ${pc.toFixed(2)} dB vs input ${p0.toFixed(2)} dB`);
  assert.ok(pj > pc, `wiener-dp ${pj.toFixed(2)} dB vs wiener ${pc.toFixed(2)} dB`);
});

test('wienerByDepth blends the two nearest layers with weights summing to 1, signed or not', () => {
  // A constant image is a fixed point of every normalized deconvolution with the gradient prior,
  // whatever the layer mix; a wrong blend weight would show as a change of level.
  const w = 20;
  const h = 16;
  const img = imageFrom(new Float32Array(w * h).fill(0.4), w, h, 1, 'linear');
  const cocData = new Float32Array(w * h);
  for (let i = 0; i < cocData.length; i++) cocData[i] = ((i % w) - 9) * 0.37;
  const seen: number[] = [];
  for (const signed of [true, false]) {
    const out = wienerByDepth([img], { width: w, height: h, data: cocData }, (r) => {
      seen.push(r);
      return [halfDisks(Math.max(1, Math.round(Math.abs(r))))[r < 0 ? 1 : 0]];
    }, { prior: { kind: 'gradient', gradientVariance: 1e-3 }, noiseVariance: [1e-4], signed, layerStep: 0.5, modelError: 0.02 });
    for (let i = 0; i < out.data.length; i++) assert.ok(Math.abs(out.data[i]! - 0.4) < 1e-5, `signed ${signed}, pixel ${i}: ${out.data[i]}`);
  }
  assert.ok(seen.some((r) => r < 0), 'signed layers reach negative radii');
});

test('noise variance: relative sRGB noise through the transfer curve, and the robust estimate from an image', () => {
  const s = 0.5;
  const img = imageFrom(new Float32Array(100).fill(s), 10, 10, 1, 'srgb');
  assert.ok(Math.abs(relativeNoiseVariance(img, 0.02, 'srgb') - (0.02 * s) ** 2) < 1e-12);
  const slope = srgbToLinearSlope(s);
  // The slope matches a finite difference of the curve.
  const lin = (v: number): number => toLinear(imageFrom(Float32Array.of(v), 1, 1, 1, 'srgb')).data[0]!;
  assert.ok(Math.abs(slope - (lin(s + 1e-3) - lin(s - 1e-3)) / 2e-3) < 1e-3);
  assert.ok(Math.abs(relativeNoiseVariance(img, 0.02, 'linear') - (0.02 * s * slope) ** 2) < 1e-12);
  // A smooth ramp plus white noise of σ = 0.03: the estimate finds σ² within 10 %.
  const rng = new Rng(7);
  const ramp = new Float32Array(128 * 128);
  for (let i = 0; i < ramp.length; i++) ramp[i] = 0.2 + 0.5 * ((i % 128) / 128) + 0.03 * rng.normal();
  const est = estimateNoiseVariance(imageFrom(ramp, 128, 128, 1, 'linear'));
  assert.ok(Math.abs(est / 0.03 ** 2 - 1) < 0.1, `estimated σ² ${est}`);
});

test('the Wiener solvers refuse mismatched inputs, with the parameter named', () => {
  const img = cells(16, 16, 1);
  const [l] = halfDisks(2);
  assert.throws(() => new MultiWiener([img.data], 16, 15, 3, 4), /observation holds/);
  const solver = new MultiWiener([img.data], 16, 16, 3, 1);
  assert.throws(() => solver.solve([{ kernel: l, noiseVariance: 1e-4 }], { kind: 'flat', nsr: 0.01 }), /exceeds the margin/);
  const wide = new MultiWiener([img.data], 16, 16, 3, 4);
  assert.throws(() => wide.solve([{ kernel: l, noiseVariance: 0 }], { kind: 'gradient', gradientVariance: 1 }), /noise variance/);
  assert.throws(() => wide.solve([{ kernel: l, noiseVariance: 1 }, { kernel: l, noiseVariance: 1 }], { kind: 'flat', nsr: 0 }), /2 kernels for 1/);
  const coc: FloatMap = { width: 15, height: 16, data: new Float32Array(15 * 16) };
  assert.throws(() => wienerByDepth([img], coc, () => [l], { prior: { kind: 'flat', nsr: 0.01 }, noiseVariance: [1e-4], signed: false }), /CoC map is 15x16/);
});
