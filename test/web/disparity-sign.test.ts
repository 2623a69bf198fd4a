// The disparity sign map of the browser app on pairs rendered by the DP renderer: a textured
// plane behind the focal plane reads +1, in front −1, at the focal plane 0, a flat one "too flat".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, type Image } from '../../src/image/index.js';
import { thinLensCamera } from '../../src/optics/index.js';
import { synthesizeFrame } from '../../src/synth/index.js';
import { disparitySign, signColours } from '../../web/src/disparity-sign.js';

const W = 96;
const H = 64;
// 50 mm f/1.8 at 2 m on the DPDD pixel pitch: |r| = 16.6·|1 − 2/d| px.
const camera = thinLensCamera({ focalMm: 50, fNumber: 1.8, focusM: 2, pixelUm: 21.43 });

/** Random 4×4-px blocks of grey levels: texture to match, with a seed. */
function blocks(seed: number, flat = false): Image {
  const rng = new Rng(seed);
  const data = new Float32Array(3 * W * H);
  const levels = Array.from({ length: (W / 4) * (H / 4) }, () => (flat ? 0.5 : 0.1 + 0.8 * rng.uniform()));
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < 3; c++) data[c * W * H + y * W + x] = levels[(y >> 2) * (W / 4) + (x >> 2)]!;
  return { width: W, height: H, channels: 3, space: 'srgb', data };
}

/** Share of each label among the pixels at least 12 px from the border. */
function shares(depthM: number, flat = false): { behind: number; front: number; focus: number; flat: number } {
  const frame = synthesizeFrame({ rgb: blocks(7, flat), depth: { width: W, height: H, data: new Float32Array(W * H).fill(depthM) } }, { camera, threads: 1 }, 1);
  const map = disparitySign(frame.left, frame.right);
  const counts = { behind: 0, front: 0, focus: 0, flat: 0 };
  let n = 0;
  for (let y = 12; y < H - 12; y++) {
    for (let x = 12; x < W - 12; x++) {
      const s = map.sign[y * W + x]!;
      if (Number.isNaN(s)) counts.flat++;
      else if (s > 0) counts.behind++;
      else if (s < 0) counts.front++;
      else counts.focus++;
      n++;
    }
  }
  return { behind: counts.behind / n, front: counts.front / n, focus: counts.focus / n, flat: counts.flat / n };
}

test('a textured plane behind the focal plane (r = +5 px) reads as behind', () => {
  const s = shares(2 / (1 - 5 / 16.6));
  assert.ok(s.behind > 0.8 && s.front < 0.05, JSON.stringify(s));
});

test('a textured plane in front of the focal plane (r = −5 px) reads as in front', () => {
  const s = shares(2 / (1 + 5 / 16.6));
  assert.ok(s.front > 0.8 && s.behind < 0.05, JSON.stringify(s));
});

test('a plane at the focal plane reads as in focus, a flat one as too flat to tell', () => {
  const focus = shares(2);
  assert.ok(focus.focus > 0.9, JSON.stringify(focus));
  const flat = shares(3, true);
  assert.ok(flat.flat > 0.99, JSON.stringify(flat));
});

test('the colours follow the preview: red behind, blue in front, white in focus, grey unknown', () => {
  const img = signColours({ width: 4, height: 1, sign: Float32Array.of(1, -1, 0, NaN) });
  const px = (i: number): number[] => [0, 1, 2].map((c) => img.data[c * 4 + i]!);
  assert.deepEqual(px(0).map((v) => v > 0.5), [true, false, false]);
  assert.deepEqual(px(1).map((v) => v > 0.5), [false, false, true]);
  assert.deepEqual(px(2), [1, 1, 1]);
  assert.ok(px(3).every((v) => v > 0.5 && v < 0.9));
});
