// Why the non-blind Wiener baseline lost to its own input, one hypothesis per row: scores the
// deconvolution variants below on the test split of a `dualpix dataset --source procedural:N`
// folder, on the files as written (`--render file`) or on the same scenes re-rendered without
// noise (`clean`) or without noise and distortion (`clean-undistorted`), so that model mismatch
// and noise can be told apart. Prints PSNR / SSIM per variant, and PSNR per |CoC| band. Case
// `model` is the layered model's own error (re-blurred target against the observed image).
// Findings and the commands behind them: src/eval/README.md.
//   node --import tsx scripts/wiener-study.ts --data DIR [--render file] [--cases a,b] [--limit N]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPfm, readPng, toLinear, toRgb, toSrgb, type FloatMap, type Image } from '../src/image/index.js';
import { cameraPreset } from '../src/optics/index.js';
import { PsfBank, combinedKernel, type ButterworthParams } from '../src/psf/index.js';
import { proceduralScene, synthesizeFrame } from '../src/synth/index.js';
import {
  baselineMethod, deconvolveByDepth, fft2d, nextPowerOfTwo, psnr, relativeNoiseVariance, ssim, wienerByDepth,
  type DpFrame, type WienerPrior,
} from '../src/eval/index.js';

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : fallback;
  if (v === undefined) {
    process.stderr.write(`wiener-study: --${name} is required\n`);
    process.exit(2);
  }
  return v;
}
const data = arg('data');
const render = arg('render', 'file');
const limit = Number(arg('limit', '1000'));
const EDGES = [0, 2, 8, 20, Infinity];

interface Frame { left: Image; right: Image; combined: Image; target: Image; coc: FloatMap; psf: ButterworthParams; sigma: number; blurSpace: 'linear' | 'srgb' }
interface Rec { split: string; camera: string; psf: ButterworthParams; noise: { sigma: number }; seed: number; distortion: { c1: number; c2: number } | null; source: { sceneSeed: number }; files: Record<string, string>; meta: { blurSpace: 'linear' | 'srgb'; width: number; height: number } }

function load(rec: Rec): Frame {
  if (render === 'file') {
    const rd = (k: string): Image => toRgb(readPng(join(data, rec.files[k]!)).image);
    const coc = readPfm(join(data, rec.files.coc!));
    return { left: rd('left'), right: rd('right'), combined: rd('combined'), target: rd('sharp'), coc: { width: coc.width, height: coc.height, data: coc.data }, psf: rec.psf, sigma: rec.noise.sigma, blurSpace: rec.meta.blurSpace };
  }
  const scene = proceduralScene(rec.source.sceneSeed, { width: rec.meta.width, height: rec.meta.height, frames: 1, frame: 0 });
  const f = synthesizeFrame(scene, { camera: cameraPreset(rec.camera), psf: rec.psf, noise: null, distortion: render === 'clean' ? rec.distortion : null }, rec.seed);
  return { left: f.left, right: f.right, combined: f.combined, target: f.sharp, coc: f.coc, psf: rec.psf, sigma: 0, blurSpace: f.meta.blurSpace };
}

type Case = (f: Frame) => Image | Promise<Image>;
const dpFrame = (f: Frame): DpFrame => ({
  left: f.left, right: f.right, combined: f.combined, coc: f.coc, psf: f.psf, blurSpace: f.blurSpace,
  psfModel: 'butterworth', psfOrientation: 'reference', noiseSigma: f.sigma,
});
const banks = new Map<string, PsfBank>();
function bank(p: ButterworthParams, orientation: 'reference' | 'mirrored' = 'reference'): PsfBank {
  const key = `${p.n},${p.alpha},${p.beta},${p.kappa},${orientation}`;
  if (!banks.has(key)) banks.set(key, new PsfBank(p, { orientation }));
  return banks.get(key)!;
}
const work = (f: Frame, img: Image, space: 'linear' | 'srgb'): Image => (space === 'linear' ? toLinear(img) : img);
// Noise variance per view in the working space; a floor keeps the gradient prior defined on noiseless renders.
const viewVar = (f: Frame, img: Image, space: 'linear' | 'srgb'): number => Math.max(relativeNoiseVariance(img, f.sigma, space), 1e-7);

function combinedCase(prior: (f: Frame, noiseVar: number) => WienerPrior, space: 'linear' | 'srgb' = 'linear', modelError = 0): Case {
  return (f) => {
    const b = bank(f.psf);
    const v = (viewVar(f, f.left, space) + viewVar(f, f.right, space)) / 4;
    const out = wienerByDepth([work(f, f.combined, space)], f.coc, (r) => [{ size: b.get(r).size, data: combinedKernel(b.get(r)) }], { prior: prior(f, v), noiseVariance: [v], signed: false, modelError });
    return toSrgb(out);
  };
}
function jointCase(prior: (f: Frame, noiseVar: number) => WienerPrior, orientation: 'reference' | 'mirrored' = 'reference', space: 'linear' | 'srgb' = 'linear', modelError = 0): Case {
  return (f) => {
    const b = bank(f.psf, orientation);
    const vl = viewVar(f, f.left, space);
    const vr = viewVar(f, f.right, space);
    const out = wienerByDepth([work(f, f.left, space), work(f, f.right, space)], f.coc, (r) => {
      const k = b.get(r);
      return [{ size: k.size, data: k.left }, { size: k.size, data: k.right }];
    }, { prior: prior(f, (vl + vr) / 2), noiseVariance: [vl, vr], signed: true, modelError });
    return toSrgb(out);
  };
}
const flat = (nsr: number) => (): WienerPrior => ({ kind: 'flat', nsr });
const grad = (c: number) => (): WienerPrior => ({ kind: 'gradient', gradientVariance: c });

// The image the layered model predicts from the sharp target: Σ_l w_l·(K_l ∗ x), in the blur's space.
// Scored against the observed combined image, not the target: it measures model mismatch.
function layeredModel(f: Frame): Image {
  const b = bank(f.psf);
  const x = toLinear(f.target);
  const w = x.width, h = x.height, n = w * h;
  const pw = nextPowerOfTwo(w + 256), ph = nextPowerOfTwo(h + 256), m = 128;
  const refl = (i: number, k: number): number => { const p = 2 * k; const q = ((i % p) + p) % p; return q < k ? q : p - 1 - q; };
  const out = new Float32Array(3 * n);
  const step = 0.5;
  let hi = 0;
  for (const v of f.coc.data) hi = Math.max(hi, Math.abs(v));
  for (let l = 0; l <= Math.ceil(hi / step); l++) {
    const k = b.get(l * step); const kd = combinedKernel(k); const r = (k.size - 1) / 2;
    const kr = new Float64Array(pw * ph), ki = new Float64Array(pw * ph);
    for (let y = 0; y < k.size; y++) for (let xx = 0; xx < k.size; xx++) kr[(((y - r) % ph) + ph) % ph * pw + (((xx - r) % pw) + pw) % pw] += kd[y * k.size + xx]!;
    fft2d(kr, ki, pw, ph);
    for (let c = 0; c < 3; c++) {
      const re = new Float64Array(pw * ph), im = new Float64Array(pw * ph);
      for (let y = 0; y < ph; y++) for (let xx = 0; xx < pw; xx++) re[y * pw + xx] = x.data[c * n + refl(y - m, h) * w + refl(xx - m, w)]!;
      fft2d(re, im, pw, ph);
      for (let i = 0; i < pw * ph; i++) { const a = re[i]!, bb = im[i]!; re[i] = a * kr[i]! - bb * ki[i]!; im[i] = a * ki[i]! + bb * kr[i]!; }
      fft2d(re, im, pw, ph, true);
      for (let i = 0; i < n; i++) {
        const wt = Math.max(0, 1 - Math.abs(Math.abs(f.coc.data[i]!) / step - l));
        if (wt > 0) { const xx = i % w, y = (i - xx) / w; out[c * n + i] += wt * re[(y + m) * pw + xx + m]!; }
      }
    }
  }
  return toSrgb({ ...x, data: out });
}

const CASES: Record<string, Case> = {
  input: (f) => f.combined,
  model: layeredModel,
  old: (f) => {
    const b = bank(f.psf);
    const src = f.blurSpace === 'linear' ? toLinear(f.combined) : f.combined;
    return toSrgb(deconvolveByDepth(src, f.coc, (r) => ({ size: b.get(r).size, data: combinedKernel(b.get(r)) }), { method: 'wiener', nsr: 0.01, maxLayers: 64 }));
  },
  'c-flat-0.01': combinedCase(flat(0.01)),
  'c-flat-0.001': combinedCase(flat(0.001)),
  'c-flat-0.03': combinedCase(flat(0.03)),
  'c-flat-0.1': combinedCase(flat(0.1)),
  'c-flat-0.01-srgb': combinedCase(flat(0.01), 'srgb'),
  // The baselines exactly as `dualpix eval` runs them.
  'wiener-no-anchor': (f) => baselineMethod('wiener', { wienerAnchorRamp: [1e3, 2e3] }).start().next(dpFrame(f)),
  'wiener-dp-no-anchor': (f) => baselineMethod('wiener-dp', { wienerAnchorRamp: [1e3, 2e3] }).start().next(dpFrame(f)),
  'wiener-anchored': (f) => baselineMethod('wiener', { wienerAnchorRamp: [0, 1e-3] }).start().next(dpFrame(f)),
  'wiener-dp-anchored': (f) => baselineMethod('wiener-dp', { wienerAnchorRamp: [0, 1e-3] }).start().next(dpFrame(f)),
  wiener: (f) => baselineMethod('wiener').start().next(dpFrame(f)),
  'wiener-dp': (f) => baselineMethod('wiener-dp').start().next(dpFrame(f)),
  'c-grad-1e-2': combinedCase(grad(1e-2)),
  'c-grad-3e-3': combinedCase(grad(3e-3)),
  'c-grad-1e-3': combinedCase(grad(1e-3)),
  'c-grad-3e-4': combinedCase(grad(3e-4)),
  'j-flat-0.01': jointCase(flat(0.01)),
  'j-flat-0.03': jointCase(flat(0.03)),
  'j-grad-1e-2': jointCase(grad(1e-2)),
  'j-grad-3e-3': jointCase(grad(3e-3)),
  'j-grad-1e-3': jointCase(grad(1e-3)),
  'j-grad-3e-4': jointCase(grad(3e-4)),
  'j-grad-3e-3-mirrored': jointCase(grad(3e-3), 'mirrored'),
  ...Object.fromEntries([0, 0.005, 0.01, 0.02, 0.03, 0.04, 0.05, 0.08].flatMap((e) => [
    [`c-grad-5e-3-me${e}`, combinedCase(grad(5e-3), 'linear', e)],
    [`j-grad-5e-3-me${e}`, jointCase(grad(5e-3), 'reference', 'linear', e)],
    [`j-grad-5e-3-me${e}-mirrored`, jointCase(grad(5e-3), 'mirrored', 'linear', e)],
  ])),
};
const names = arg('cases', 'input,c-flat-0.01,c-grad-3e-3,j-grad-3e-3').split(',');
for (const n of names) if (!CASES[n]) { process.stderr.write(`wiener-study: unknown case ${n} (${Object.keys(CASES).join(',')})\n`); process.exit(2); }

const recs = readFileSync(join(data, 'manifest.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Rec).filter((r) => r.split === 'test').slice(0, limit);
const sums = new Map<string, { psnr: number; ssim: number; se: Float64Array; n: Float64Array; border: number; time: number }>();
for (const rec of recs) {
  const f = load(rec);
  const line: string[] = [];
  for (const name of names) {
    const t0 = performance.now();
    const out = await CASES[name]!(f);
    // The layered model is scored against what it models, the observed combined image.
    const ref = name === 'model' ? f.combined : f.target;
    const dt = (performance.now() - t0) / 1000;
    const s = sums.get(name) ?? { psnr: 0, ssim: 0, se: new Float64Array(EDGES.length - 1), n: new Float64Array(EDGES.length - 1), border: 0, time: 0 };
    const p = psnr(out, ref);
    s.psnr += p;
    s.ssim += ssim(out, ref);
    s.time += dt;
    const w = f.target.width, h = f.target.height, n = w * h;
    let bse = 0, bn = 0;
    for (let i = 0; i < n; i++) {
      const r = Math.abs(f.coc.data[i]!);
      let b = 0;
      while (r >= EDGES[b + 1]!) b++;
      const x = i % w, y = (i - x) / w;
      const edge = x < 16 || y < 16 || x >= w - 16 || y >= h - 16;
      for (let c = 0; c < 3; c++) {
        const d = out.data[c * n + i]! - ref.data[c * n + i]!;
        s.se[b]! += d * d;
        s.n[b]! += 1;
        if (edge) { bse += d * d; bn++; }
      }
    }
    s.border += 10 * Math.log10(bn / Math.max(bse, 1e-12));
    sums.set(name, s);
    line.push(`${name} ${p.toFixed(2)}`);
  }
  console.log(`${rec.files.left}: ${line.join('  ')}`);
}
const k = recs.length;
console.log(`\n${k} frames, render=${render}; PSNR averaged in dB; bands pool pixels; border = 16 px frame edge`);
console.log(`case                    PSNR    SSIM  border | ${EDGES.slice(0, -1).map((e, i) => `${e}-${Number.isFinite(EDGES[i + 1]) ? EDGES[i + 1] : '∞'}px`.padStart(8)).join(' ')} | s/frame`);
for (const [name, s] of sums) {
  const bands = Array.from(s.se, (se, b) => (s.n[b]! > 0 ? (10 * Math.log10(s.n[b]! / Math.max(se, 1e-12))).toFixed(2) : '—').padStart(8)).join(' ');
  console.log(`${name.padEnd(22)} ${(s.psnr / k).toFixed(2).padStart(6)}  ${(s.ssim / k).toFixed(3)}  ${(s.border / k).toFixed(2).padStart(6)} | ${bands} | ${(s.time / k).toFixed(1)}`);
}
