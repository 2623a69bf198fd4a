import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/image/index.js';
import { fft1d, fft2d } from '../../src/eval/fft.js';

/** Naive O(n²) DFT straight from the definition X_k = Σ_j x_j·e^{−2πi jk/n}. */
function naiveDft(re: number[], im: number[]): [number[], number[]] {
  const n = re.length;
  const outRe: number[] = [];
  const outIm: number[] = [];
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let j = 0; j < n; j++) {
      const a = (-2 * Math.PI * j * k) / n;
      sr += re[j]! * Math.cos(a) - im[j]! * Math.sin(a);
      si += re[j]! * Math.sin(a) + im[j]! * Math.cos(a);
    }
    outRe.push(sr);
    outIm.push(si);
  }
  return [outRe, outIm];
}

function randomVec(n: number, rng: Rng): number[] {
  return Array.from({ length: n }, () => rng.range(-1, 1));
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

test('fft1d matches the naive DFT for lengths 1 to 128 and inverts exactly', () => {
  const rng = new Rng(11);
  for (const n of [1, 2, 4, 8, 32, 128]) {
    const xr = randomVec(n, rng);
    const xi = randomVec(n, rng);
    const re = Float64Array.from(xr);
    const im = Float64Array.from(xi);
    fft1d(re, im);
    const [wr, wi] = naiveDft(xr, xi);
    assert.ok(maxDiff(re, wr) < 1e-10 && maxDiff(im, wi) < 1e-10, `n=${n}`);
    fft1d(re, im, true);
    assert.ok(maxDiff(re, xr) < 1e-13 && maxDiff(im, xi) < 1e-13, `n=${n} round trip`);
  }
});

test('fft2d matches the naive 2-D DFT on a 16x8 array', () => {
  const rng = new Rng(12);
  const w = 16;
  const h = 8;
  const xr = randomVec(w * h, rng);
  const xi = randomVec(w * h, rng);
  const re = Float64Array.from(xr);
  const im = Float64Array.from(xi);
  fft2d(re, im, w, h);
  for (let v = 0; v < h; v++) {
    for (let u = 0; u < w; u++) {
      let sr = 0;
      let si = 0;
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const a = -2 * Math.PI * (u * x / w + v * y / h);
          const r = xr[y * w + x]!;
          const i = xi[y * w + x]!;
          sr += r * Math.cos(a) - i * Math.sin(a);
          si += r * Math.sin(a) + i * Math.cos(a);
        }
      }
      assert.ok(Math.abs(re[v * w + u]! - sr) < 1e-10 && Math.abs(im[v * w + u]! - si) < 1e-10, `(${u},${v})`);
    }
  }
  fft2d(re, im, w, h, true);
  assert.ok(maxDiff(re, xr) < 1e-13 && maxDiff(im, xi) < 1e-13);
});

test('fft rejects lengths that are not powers of two', () => {
  assert.throws(() => fft1d(new Float64Array(6), new Float64Array(6)), /power of two/);
  assert.throws(() => fft2d(new Float64Array(12), new Float64Array(12), 4, 3), /power of two/);
});
