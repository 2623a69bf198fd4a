// Sobel kernels and the loss of Eq. 13–16 against a direct float64 computation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/image/index.js';
import { Graph, gradients, InferenceRunner } from '../../src/nn/index.js';
import { DEFAULT_LOSS, deblurLoss, psnrLoss, PSNR_LOSS_EPS, sobelKernels } from '../../src/models/index.js';

test('size-3 Sobel is the classic [[-1,0,1],[-2,0,2],[-1,0,1]] normalized by its largest coefficient; S^y is its transpose', () => {
  const k = sobelKernels(3);
  assert.deepEqual([...k.x], [-1, 0, 1, -2, 0, 2, -1, 0, 1].map((v) => v / 2));
  assert.deepEqual([...k.y], [-1, -2, -1, 0, 0, 0, 1, 2, 1].map((v) => v / 2));
});

test('Sobel kernels 3, 5, 7, 11: antisymmetric along the derivative axis, zero sum, max 1, rows from binomials', () => {
  for (const m of [3, 5, 7, 11]) {
    const { x, y } = sobelKernels(m);
    let sum = 0;
    let max = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        const v = x[i * m + j] as number;
        sum += v;
        max = Math.max(max, Math.abs(v));
        assert.ok(v + (x[i * m + (m - 1 - j)] as number) === 0, `S^x_${m} antisymmetric at ${i},${j}`);
        assert.equal(v, x[(m - 1 - i) * m + j], `S^x_${m} symmetric along y at ${i},${j}`);
        assert.equal(y[j * m + i], v, `S^y_${m} = (S^x_${m})ᵀ`);
      }
    }
    assert.ok(Math.abs(sum) < 1e-12);
    assert.equal(max, 1);
  }
  // 7×7: smoothing C(6,k) = 1 6 15 20 15 6 1, derivative from C(5,k): 1 4 5 0 −5 −4 −1 (signs rising right).
  const k7 = sobelKernels(7).x;
  const row3 = Array.from({ length: 7 }, (_, j) => (k7[3 * 7 + j] as number) * 5);
  assert.deepEqual(row3.map((v) => Math.round(v * 1e9) / 1e9), [-1, -4, -5, 0, 5, 4, 1]);
});

/** Direct float64 reference: per channel 'valid' correlation with S, MSE, Eq. 15/16 weighting. */
function lossRef(pred: Float32Array, target: Float32Array, n: number, c: number, h: number, w: number, lx: number, ly: number, scales: number[]): { total: number; mse: number; ex: number; ey: number } {
  let mse = 0;
  for (let i = 0; i < pred.length; i++) mse += ((pred[i] as number) - (target[i] as number)) ** 2;
  mse /= pred.length;
  const grad = (img: Float32Array, k: Float64Array, m: number, b: number, ch: number, yy: number, xx: number): number => {
    let s = 0;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) s += (img[((b * c + ch) * h + yy + i) * w + xx + j] as number) * (k[i * m + j] as number);
    return s;
  };
  let ex = 0;
  let ey = 0;
  for (const m of scales) {
    const k = sobelKernels(m);
    const ho = h - m + 1;
    const wo = w - m + 1;
    let sx = 0;
    let sy = 0;
    for (let b = 0; b < n; b++)
      for (let ch = 0; ch < c; ch++)
        for (let yy = 0; yy < ho; yy++)
          for (let xx = 0; xx < wo; xx++) {
            sx += (grad(pred, k.x, m, b, ch, yy, xx) - grad(target, k.x, m, b, ch, yy, xx)) ** 2;
            sy += (grad(pred, k.y, m, b, ch, yy, xx) - grad(target, k.y, m, b, ch, yy, xx)) ** 2;
          }
    ex += sx / (n * c * ho * wo);
    ey += sy / (n * c * ho * wo);
  }
  ex /= scales.length;
  ey /= scales.length;
  return { total: mse + lx * ex + ly * ey, mse, ex, ey };
}

test('deblurLoss equals MSE + λx·mean_m MSE(G^x) + λy·mean_m MSE(G^y) computed directly (float64)', async () => {
  const [n, c, h, w] = [2, 3, 16, 20];
  const rng = new Rng(21);
  const size = n * c * h * w;
  const pred = Float32Array.from({ length: size }, () => rng.uniform());
  // A target with a strong vertical edge and a weak horizontal one, so x and y terms differ.
  const target = Float32Array.from({ length: size }, (_, i) => ((i % w) < w / 2 ? 0.1 : 0.9) + 0.05 * (Math.floor(i / w) % h < h / 2 ? 1 : 0));
  for (const cfg of [DEFAULT_LOSS, { lambdaX: 0.5, lambdaY: 0.1, scales: [5] }]) {
    const g = new Graph();
    const p = g.input('pred', ['N', 3, 'H', 'W']);
    const t = g.input('target', ['N', 3, 'H', 'W']);
    const l = deblurLoss(g, p, t, cfg);
    const runner = await InferenceRunner.create(g, { total: l.total, mse: l.mse, ex: l.edgeX, ey: l.edgeY }, new Map(), { threads: 1 });
    const out = await runner.run({ pred: { data: pred, shape: [n, c, h, w] }, target: { data: target, shape: [n, c, h, w] } });
    const ref = lossRef(pred, target, n, c, h, w, cfg.lambdaX, cfg.lambdaY, [...cfg.scales]);
    const close = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) <= 1e-5 * Math.abs(b), `${what}: ${a} vs ${b}`);
    close(out['mse']!.data[0]!, ref.mse, 'mse');
    close(out['ex']!.data[0]!, ref.ex, 'edge x');
    close(out['ey']!.data[0]!, ref.ey, 'edge y');
    close(out['total']!.data[0]!, ref.total, 'total');
    assert.ok(Math.abs(ref.ex - ref.ey) > 0.1 * ref.ey, 'the test image must separate the x and y terms');
    await runner.release();
  }
});

test('PSNR loss: mean over images of 10·log10(1 + MSE_n/ε), and its gradient weights each image by 1/(ε + MSE_n)', async () => {
  const [n, c, h, w] = [3, 3, 8, 6];
  const rng = new Rng(77);
  const len = n * c * h * w;
  const target = Float32Array.from({ length: len }, () => rng.uniform());
  // Image 0 nearly clean, image 1 mildly wrong, image 2 far off: their MSEs span three decades.
  const scale = [1e-2, 5e-2, 3e-1];
  const pred = Float32Array.from(target, (v, i) => v + scale[Math.floor(i / (c * h * w))]! * (rng.uniform() - 0.5));
  const g = new Graph();
  const p = g.input('pred', [n, c, h, w]);
  const t = g.input('target', [n, c, h, w]);
  const loss = psnrLoss(g, p, t);
  const [dp] = gradients(g, loss, [p]);
  const runner = await InferenceRunner.create(g, { loss, dp: dp! }, new Map(), { threads: 1 });
  const out = await runner.run({ pred: { data: pred, shape: [n, c, h, w] }, target: { data: target, shape: [n, c, h, w] } });
  await runner.release();
  const per = c * h * w;
  let expected = 0;
  const mses: number[] = [];
  for (let k = 0; k < n; k++) {
    let se = 0;
    for (let i = 0; i < per; i++) se += (pred[k * per + i]! - target[k * per + i]!) ** 2;
    mses.push(se / per);
    expected += (10 * Math.log10(1 + se / per / PSNR_LOSS_EPS)) / n;
  }
  assert.ok(Math.abs(out['loss']!.data[0]! - expected) < 1e-4 * expected, `loss ${out['loss']!.data[0]} vs ${expected}`);
  // For MSE ≫ ε the loss is 80 dB minus the mean PSNR.
  const meanPsnr = mses.reduce((a, m) => a + 10 * Math.log10(1 / m), 0) / n;
  assert.ok(Math.abs(expected - (80 - meanPsnr)) < 1e-2);
  for (let k = 0; k < n; k++) {
    for (const i of [0, 7, per - 1]) {
      const j = k * per + i;
      const want = ((10 / Math.LN10) * (2 * (pred[j]! - target[j]!)) / per / (PSNR_LOSS_EPS + mses[k]!)) / n;
      assert.ok(Math.abs(out['dp']!.data[j]! - want) < 1e-3 * Math.abs(want) + 1e-6, `image ${k} pixel ${i}: ${out['dp']!.data[j]} vs ${want}`);
    }
  }
});
