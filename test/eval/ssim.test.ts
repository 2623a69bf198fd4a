import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageFrom, type Image } from '../../src/image/index.js';
import { ssim } from '../../src/eval/index.js';
import { blend, hashImage, mapImage, randomImage } from './test-images.js';

/**
 * Straightforward float64 reference: for every window lying wholly inside the image, two-pass
 * weighted mean / (co)variance with an explicit 2-D weight table, Wang et al. 2004 Eq. 13,
 * mean over windows, then over channels. Shares no code with src/eval/ssim.ts.
 */
function referenceSsim(a: Image, b: Image, gaussian: boolean, sampleCov: boolean, range = 1): number {
  const k = gaussian ? 11 : 7;
  const r = (k - 1) / 2;
  const wt: number[][] = [];
  let wsum = 0;
  for (let s = -r; s <= r; s++) {
    const row: number[] = [];
    for (let t = -r; t <= r; t++) {
      const v = gaussian ? Math.exp(-(s * s + t * t) / (2 * 1.5 * 1.5)) : 1;
      row.push(v);
      wsum += v;
    }
    wt.push(row);
  }
  const n = k * k;
  const norm = sampleCov ? n / (n - 1) : 1;
  const c1 = (0.01 * range) ** 2;
  const c2 = (0.03 * range) ** 2;
  const { width: w, height: h } = a;
  let total = 0;
  for (let c = 0; c < a.channels; c++) {
    const px = (img: Image, x: number, y: number): number => img.data[c * w * h + y * w + x] as number;
    let sum = 0;
    let count = 0;
    for (let cy = r; cy < h - r; cy++) {
      for (let cx = r; cx < w - r; cx++) {
        let mx = 0;
        let my = 0;
        for (let s = -r; s <= r; s++) {
          for (let t = -r; t <= r; t++) {
            const q = wt[s + r]![t + r]! / wsum;
            mx += q * px(a, cx + t, cy + s);
            my += q * px(b, cx + t, cy + s);
          }
        }
        let vx = 0;
        let vy = 0;
        let cxy = 0;
        for (let s = -r; s <= r; s++) {
          for (let t = -r; t <= r; t++) {
            const q = wt[s + r]![t + r]! / wsum;
            const dx = px(a, cx + t, cy + s) - mx;
            const dy = px(b, cx + t, cy + s) - my;
            vx += q * dx * dx;
            vy += q * dy * dy;
            cxy += q * dx * dy;
          }
        }
        vx *= norm;
        vy *= norm;
        cxy *= norm;
        sum += ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
        count++;
      }
    }
    total += sum / count;
  }
  return total / a.channels;
}

// Printed by `python3 test/eval/fixtures/ssim_reference.py` with scikit-image 0.26.0,
// scipy 1.17.1, numpy 2.4.6: structural_similarity(x, y, data_range=1.0, channel_axis=0) on
// float64 copies of the images below; `gaussian` adds gaussian_weights=True, sigma=1.5,
// use_sample_covariance=False; `gaussianSampleCov` leaves use_sample_covariance at its default.
const SKIMAGE = [
  { w: 23, h: 19, c: 3, t: 0.25, uniform: 0.8786858227077307, gaussian: 0.8775737183502302, gaussianSampleCov: 0.8775663329164768 },
  { w: 16, h: 16, c: 1, t: 0.25, uniform: 0.8782624074954012, gaussian: 0.8782028003076828, gaussianSampleCov: 0.8781954876555292 },
  { w: 31, h: 12, c: 2, t: 0.25, uniform: 0.8791523976256524, gaussian: 0.8787615598378898, gaussianSampleCov: 0.8787541705034043 },
  { w: 23, h: 19, c: 3, t: 0.75, uniform: -0.09887853934099052, gaussian: -0.10322313647652093, gaussianSampleCov: -0.10328979442308976 },
];

function pair(w: number, h: number, c: number, t: number): [Image, Image] {
  const x = hashImage(w, h, c, 1);
  return [x, blend(x, hashImage(w, h, c, 2), t)];
}

test('ssim uniform 7x7 matches scikit-image structural_similarity defaults', () => {
  for (const ref of SKIMAGE) {
    const [x, y] = pair(ref.w, ref.h, ref.c, ref.t);
    assert.ok(Math.abs(ssim(x, y) - ref.uniform) < 1e-12, `${ref.w}x${ref.h}x${ref.c}: ${ssim(x, y)} vs ${ref.uniform}`);
  }
});

test('ssim gaussian 11x11 sigma 1.5 matches scikit-image gaussian_weights=True (both covariance settings)', () => {
  for (const ref of SKIMAGE) {
    const [x, y] = pair(ref.w, ref.h, ref.c, ref.t);
    const g = ssim(x, y, { window: 'gaussian' });
    const gs = ssim(x, y, { window: 'gaussian', sampleCovariance: true });
    assert.ok(Math.abs(g - ref.gaussian) < 1e-12, `${g} vs ${ref.gaussian}`);
    assert.ok(Math.abs(gs - ref.gaussianSampleCov) < 1e-12, `${gs} vs ${ref.gaussianSampleCov}`);
  }
});

test('ssim matches a naive two-pass float64 window reference (uniform and gaussian, both covariance settings)', () => {
  const x = randomImage(20, 17, 2, 7);
  const y = mapImage(x, (v, i) => 0.8 * v + 0.1 + 0.05 * Math.sin(i * 0.7));
  for (const gaussian of [false, true]) {
    for (const sampleCov of [false, true]) {
      const got = ssim(x, y, { window: gaussian ? 'gaussian' : 'uniform', sampleCovariance: sampleCov });
      const want = referenceSsim(x, y, gaussian, sampleCov);
      assert.ok(Math.abs(got - want) < 1e-12, `gaussian=${gaussian} sampleCov=${sampleCov}: ${got} vs ${want}`);
    }
  }
  const got = ssim(x, y, { dataRange: 2 });
  assert.ok(Math.abs(got - referenceSsim(x, y, false, true, 2)) < 1e-12);
});

test('ssim of an image with itself is 1 and ssim is symmetric', () => {
  const x = randomImage(15, 13, 3, 1);
  const y = randomImage(15, 13, 3, 2);
  assert.ok(Math.abs(ssim(x, x) - 1) < 1e-12);
  assert.ok(Math.abs(ssim(x, x, { window: 'gaussian' }) - 1) < 1e-12);
  assert.equal(ssim(x, y), ssim(y, x));
});

test('ssim of x against x + c has the closed form (2m(m+c)+C1)/(m²+(m+c)²+C1) when every window mean is m', () => {
  // Period 7 in both directions: every 7x7 window holds each of the 49 values once, so every
  // window mean is the global mean m and x + c has the same (co)variances; only the luminance
  // term of Eq. 13 remains.
  const w = 25;
  const h = 18;
  // multiples of 1/256 plus c = 1/16 stay exact in float32, so y − x is exactly c
  const period = [26, 230, 77, 141, 51, 192, 102, 13, 154, 90, 205, 38, 128, 179];
  const data = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = (period[(x % 7) + 7 * ((y % 7) % 2)]! - 3 * (y % 7)) / 256;
  const x = imageFrom(data, w, h, 1, 'srgb');
  const c = 0.0625;
  const y = mapImage(x, (v) => v + c);
  let m = 0;
  for (let yy = 0; yy < 7; yy++) for (let xx = 0; xx < 7; xx++) m += data[yy * w + xx]!;
  m /= 49;
  const c1 = 0.01 ** 2;
  const want = (2 * m * (m + c) + c1) / (m * m + (m + c) * (m + c) + c1);
  assert.ok(Math.abs(ssim(x, y) - want) < 1e-12, `${ssim(x, y)} vs ${want}`);
});

test('ssim rejects mismatched sizes, colour spaces and images smaller than the window', () => {
  const x = randomImage(8, 8, 1, 1);
  assert.throws(() => ssim(x, randomImage(9, 8, 1, 1)), RangeError);
  assert.throws(() => ssim(x, { ...x, space: 'linear' }), RangeError);
  assert.throws(() => ssim(x, x, { window: 'gaussian' }), /smaller than the 11x11 window/);
  assert.throws(() => ssim(x, x, { dataRange: 0 }), RangeError);
});
