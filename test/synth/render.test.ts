import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FloatMap, Image } from '../../src/image/index.js';
import { buildLayers, MAX_LAYERS, renderDpViews } from '../../src/synth/index.js';
import { renderPoolStats } from '../../src/synth/render-pool.js';
import { centroidX, constMap, flat, kernels, meanRect, px, rowShift, texture } from './helpers.js';

function combinedOf(v: { left: Image; right: Image }): Image {
  const data = new Float32Array(v.left.data.length);
  for (let i = 0; i < data.length; i++) data[i] = 0.5 * (v.left.data[i]! + v.right.data[i]!);
  return { ...v.left, data };
}

/** CoC map with a square [x0, x1) × [y0, y1) at `inner` px on `outer` px. */
function squareMap(w: number, h: number, outer: number, inner: number, x0: number, x1: number, y0: number, y1: number): FloatMap {
  const m = constMap(w, h, outer);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m.data[y * w + x] = inner;
  return m;
}

/** Image `bg` with the square painted in `fg`. */
function squareImage(w: number, h: number, bg: Image, fg: readonly number[], x0: number, x1: number, y0: number, y1: number): Image {
  const data = bg.data.slice();
  const n = w * h;
  for (let c = 0; c < 3; c++) for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[c * n + y * w + x] = fg[c]!;
  return { ...bg, data };
}

test('layers: back to front, r = 0 its own layer, at most 500, pixel runs ascending', () => {
  const coc = new Float32Array([3, -2, 0.1, 0, 3.1, -2]);
  const L = buildLayers(coc, 3, 2, 0.25);
  assert.deepEqual(Array.from(L.radius), [3, 0, -2]);
  assert.deepEqual(Array.from(L.order), [0, 4, 2, 3, 1, 5]);
  assert.deepEqual(Array.from(L.start), [0, 2, 4, 6]);
  assert.deepEqual(Array.from(L.bbox.subarray(0, 4)), [0, 0, 1, 1]);
  const ramp = new Float32Array(2000).map((_, i) => -200 + (400 * i) / 1999);
  const big = buildLayers(ramp, 2000, 1, 0.25);
  assert.ok(big.radius.length <= MAX_LAYERS, `${big.radius.length} layers`);
  assert.ok(big.step > 0.25);
  assert.ok(big.radius.includes(0));
});

test('a fronto-parallel textured plane off focus: views shifted against each other with the sign of r', () => {
  const w = 96;
  const h = 40;
  const img = texture(w, h, 3);
  for (const r of [5, -5]) {
    const v = renderDpViews(img, constMap(w, h, r), kernels, { threads: 1 });
    const k = kernels(r);
    const expected = centroidX(k.right, k.size) - centroidX(k.left, k.size);
    const shift = rowShift(v.left, v.right, 16, 80, 4, 36);
    assert.equal(Math.sign(shift), Math.sign(r), `r=${r}: shift ${shift}`);
    assert.ok(Math.abs(shift - expected) < 0.35, `r=${r}: shift ${shift.toFixed(3)}, kernel centroids say ${expected.toFixed(3)}`);
    // Behind focus (r > 0) the left view's content sits left of the right view's (DESIGN.md).
    if (r > 0) assert.ok(shift > 1);
  }
});

test('a uniformly coloured slanted plane keeps its colour and brightness (normalized compositing)', () => {
  const w = 48;
  const h = 96;
  const colour = [0.2, 0.5, 0.8] as const;
  const coc = constMap(w, h, 0);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) coc.data[y * w + x] = -12 + (24 * y) / (h - 1);
  const v = renderDpViews(flat(w, h, colour), coc, kernels, { threads: 1 });
  assert.ok(v.layers > 80, `${v.layers} layers`);
  let worst = 0;
  for (const view of [v.left, v.right]) {
    for (let c = 0; c < 3; c++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) worst = Math.max(worst, Math.abs(px(view, x, y, c) - colour[c]!));
  }
  // Everywhere, borders included: reflection padding keeps them too.
  assert.ok(worst < 1e-4, `worst deviation ${worst}`);
});

test('total light is conserved away from borders (linear light)', () => {
  const w = 96;
  const h = 80;
  // A fine checker: every window of whole periods has the same mean, so what the blur carries
  // into the measured window equals what it carries out, and the means must agree.
  const img = flat(w, h, [0, 0, 0]);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) img.data[c * w * h + y * w + x] = ((x >> 1) + (y >> 1)) % 2 === 0 ? 0.1 + 0.2 * c : 0.9;
  }
  const ramp = constMap(w, h, 0);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) ramp.data[y * w + x] = -10 + (20 * x) / (w - 1);
  for (const coc of [constMap(w, h, 6), constMap(w, h, -14), ramp]) {
    const comb = combinedOf(renderDpViews(img, coc, kernels, { threads: 1 }));
    const inner = meanRect(img, 20, w - 20, 20, h - 20);
    const got = meanRect(comb, 20, w - 20, 20, h - 20);
    assert.ok(Math.abs(got / inner - 1) < 0.005, `mean ${got} vs sharp ${inner}`);
  }
});

test('occlusion: a blurred near object spreads over the focused background, a blurred far one never over a focused near one', () => {
  const w = 64;
  const h = 64;
  const bg = [0.2, 0.2, 0.2];
  const fg = [0.9, 0.9, 0.9];
  const img = squareImage(w, h, flat(w, h, bg as [number, number, number]), fg, 24, 40, 24, 40);
  // Near square in front of focus (r < 0) over an in-focus background.
  const front = renderDpViews(img, squareMap(w, h, 0, -6, 24, 40, 24, 40), kernels, { threads: 1 });
  for (const view of [front.left, front.right]) {
    assert.ok(px(view, 21, 32) > bg[0]! + 0.05, `near blur over background: ${px(view, 21, 32)}`);
    assert.ok(Math.abs(px(view, 8, 32) - bg[0]!) < 1e-5);
    assert.ok(px(view, 32, 32) > 0.85);
  }
  // In-focus square over a background behind focus (r > 0).
  const back = renderDpViews(img, squareMap(w, h, 6, 0, 24, 40, 24, 40), kernels, { threads: 1 });
  for (const view of [back.left, back.right]) {
    for (let y = 24; y < 40; y++) {
      assert.ok(Math.abs(px(view, 24, y) - fg[0]!) < 1e-5, 'square edge stays sharp and unbled');
      assert.ok(Math.abs(px(view, 39, y) - fg[0]!) < 1e-5);
    }
    assert.ok(Math.abs(px(view, 22, 32) - bg[0]!) < 1e-4, `background next to the square: ${px(view, 22, 32)}`);
  }
});

test('coarse-grid layers (|r| > detailRadius) agree with full-resolution blurring', () => {
  const w = 64;
  const h = 48;
  const img = squareImage(w, h, texture(w, h, 9), [0.95, 0.9, 0.1], 20, 44, 12, 36);
  const coc = squareMap(w, h, 12, -18, 20, 44, 12, 36);
  const fast = renderDpViews(img, coc, kernels, { threads: 1 });
  const exact = renderDpViews(img, coc, kernels, { threads: 1, detailRadius: Infinity });
  let sq = 0;
  let worst = 0;
  for (let i = 0; i < fast.left.data.length; i++) {
    for (const [a, b] of [
      [fast.left, exact.left],
      [fast.right, exact.right],
    ] as const) {
      const d = a.data[i]! - b.data[i]!;
      sq += d * d;
      worst = Math.max(worst, Math.abs(d));
    }
  }
  const rms = Math.sqrt(sq / (2 * fast.left.data.length));
  assert.ok(rms < 0.006 && worst < 0.04, `rms ${rms}, worst ${worst}`);
});

test('threads do not change a single bit', () => {
  const w = 80;
  const h = 70;
  const img = texture(w, h, 11);
  const coc = squareMap(w, h, 14, -9, 10, 50, 20, 60);
  for (let x = 0; x < w; x++) coc.data[x] = 3;
  const one = renderDpViews(img, coc, kernels, { threads: 1 });
  const two = renderDpViews(img, coc, kernels, { threads: 2 });
  assert.deepEqual(two.left.data, one.left.data);
  assert.deepEqual(two.right.data, one.right.data);
  // Taller than one thread's band (128 rows): one thread renders three bands, two threads 32-row ones.
  const tall = texture(60, 300, 12);
  const tallCoc = squareMap(60, 300, 16, -11, 10, 50, 100, 200);
  const tallOne = renderDpViews(tall, tallCoc, kernels, { threads: 1 });
  const tallTwo = renderDpViews(tall, tallCoc, kernels, { threads: 2 });
  assert.deepEqual(tallTwo.left.data, tallOne.left.data);
  assert.deepEqual(tallTwo.right.data, tallOne.right.data);
  // The worker really takes bands (no silent fallback to one thread): once started, it gets some.
  const big = texture(160, 480, 13);
  const bigCoc = constMap(160, 480, 12);
  for (let i = 0; i < 20 && renderPoolStats().lastWorkerBands === 0; i++) renderDpViews(big, bigCoc, kernels, { threads: 2 });
  assert.ok(renderPoolStats().lastWorkerBands > 0, JSON.stringify(renderPoolStats()));
});
