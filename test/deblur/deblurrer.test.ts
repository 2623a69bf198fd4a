// The deblurring runner: sequences carry the recurrent state, any frame size comes back at its
// own size, tiles agree with the whole frame away from their seams, and weight files load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { imageFrom, type Image } from '../../src/image/index.js';
import { InferenceRunner, initParams, type HostTensor, type ParamStore } from '../../src/nn/index.js';
import { Deblurrer, copyReflected, defaultModelPath, planTiles } from '../../src/deblur/index.js';
import { buildInferenceNetwork, radialChannel, readWeights, writeWeights, type NetworkSpec } from '../../src/models/index.js';
import { dpSample, tmpDir } from '../train/loop-data.js';

const SPEC: NetworkSpec = { model: 'rdpd', width: 0.125 };
// Seed 28 starts with every output channel of the clamped linear head above 0 on these scenes, so
// the comparisons below compare real images rather than two black frames.
const SEED = 28;

function randomWeights(): ParamStore {
  return initParams(buildInferenceNetwork(SPEC).graph, SEED);
}

async function deblurrer(options = {}): Promise<Deblurrer> {
  return Deblurrer.create({ kind: SPEC, params: randomWeights(), metadata: {} }, { threads: 2, ...options });
}

/** The network input [1, 7, h, w] of a frame, padded by reflection to pw×ph, as the runner must build it. */
function networkInput(left: Image, right: Image, pw: number, ph: number): HostTensor {
  const plane = pw * ph;
  const data = new Float32Array(7 * plane);
  copyReflected(left.data, left.width, left.height, 3, 0, 0, pw, ph, data, 0);
  copyReflected(right.data, left.width, left.height, 3, 0, 0, pw, ph, data, 3 * plane);
  data.set(radialChannel(left.width, left.height, 0, 0, pw, ph), 6 * plane);
  return { data, shape: [1, 7, ph, pw] };
}

function crop(y: HostTensor, pw: number, w: number, h: number): Image {
  const ph = y.shape[2] as number;
  const out = new Float32Array(3 * w * h);
  for (let c = 0; c < 3; c++) for (let r = 0; r < h; r++) for (let x = 0; x < w; x++) out[c * w * h + r * w + x] = Math.min(1, Math.max(0, y.data[c * pw * ph + r * pw + x]!));
  return imageFrom(out, w, h, 3, 'srgb');
}

function spread(img: Image): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of img.data) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return hi - lo;
}

test('a sequence equals frame-by-frame runs of the one-frame graph with h1/c1 fed back as h0/c0', async () => {
  const frames = [0, 1, 2].map((t) => dpSample(32, 32, 40 + t));
  const d = await deblurrer();
  const seq = d.sequence();
  const got: Image[] = [];
  for (const f of frames) got.push(await seq.next(f.left, f.right));

  const net = buildInferenceNetwork(SPEC);
  const runner = await InferenceRunner.create(net.graph, net.outputs, randomWeights(), { threads: 2 });
  const units = (runner.inputs.get('h0')!)[1] as number;
  let h: HostTensor = { data: new Float32Array(units * 4), shape: [1, units, 2, 2] };
  let c: HostTensor = h;
  for (let t = 0; t < frames.length; t++) {
    const out = await runner.run({ x: networkInput(frames[t]!.left, frames[t]!.right, 32, 32), h0: h, c0: c });
    h = out['h1']!;
    c = out['c1']!;
    assert.deepEqual(got[t]!.data, crop(out['y']!, 32, 32, 32).data, `frame ${t}`);
  }
  assert.ok(spread(got[2]!) > 0.05, 'the output is not a flat image');
  // The state matters: frame 2 alone (fresh state) differs from frame 2 after frames 0 and 1.
  const alone = await d.deblur(frames[2]!.left, frames[2]!.right);
  assert.notDeepEqual(alone.data, got[2]!.data);
  await d.release();
  await runner.release();
});

test('a 37x29 pair comes back 37x29: reflect-padded to 48x32, run, cropped back exactly', async () => {
  const s = dpSample(37, 29, 7);
  const d = await deblurrer();
  const y = await d.deblur(s.left, s.right);
  assert.equal(y.width, 37);
  assert.equal(y.height, 29);
  const net = buildInferenceNetwork(SPEC);
  const runner = await InferenceRunner.create(net.graph, net.outputs, randomWeights(), { threads: 2 });
  const units = (runner.inputs.get('h0')!)[1] as number;
  const zero: HostTensor = { data: new Float32Array(units * 3 * 2), shape: [1, units, 2, 3] };
  const out = await runner.run({ x: networkInput(s.left, s.right, 48, 32), h0: zero, c0: zero });
  assert.deepEqual(y.data, crop(out['y']!, 48, 37, 29).data);
  assert.ok(spread(y) > 0.05);
  await d.release();
  await runner.release();
});

test('tiles on the 16-px grid with linear blending match the whole frame away from the seams', async () => {
  // The network's receptive field is some 200 px across, so seams are felt far inside a tile;
  // 256-px tiles leave an interior 64 px from every seam to compare.
  const W = 512;
  const H = 384;
  const s = dpSample(W, H, 9);
  const whole = await (await deblurrer()).deblur(s.left, s.right);
  const tiledModel = await deblurrer({ tile: 256, overlap: 64 });
  const lay = tiledModel.layout(W, H);
  assert.ok(lay.tiles.length >= 4, `expected a tiled layout, got ${lay.tiles.length} tile(s)`);
  for (const t of lay.tiles) assert.ok(t.x0 % 16 === 0 && t.y0 % 16 === 0);
  const tiled = await tiledModel.deblur(s.left, s.right);
  // Inside some tile, at least 64 px from each of its edges that is not a frame edge.
  const m = 64;
  const far = (x: number, y: number): boolean =>
    lay.tiles.some((t) => {
      const inX = x >= (t.x0 === 0 ? 0 : t.x0 + m) && x < (t.x0 + t.width >= lay.paddedWidth ? W : t.x0 + t.width - m);
      const inY = y >= (t.y0 === 0 ? 0 : t.y0 + m) && y < (t.y0 + t.height >= lay.paddedHeight ? H : t.y0 + t.height - m);
      return inX && inY;
    });
  let worst = 0;
  let sumAll = 0;
  let counted = 0;
  const n = W * H;
  for (let i = 0; i < 3 * n; i++) {
    const p = i % n;
    const d = Math.abs(whole.data[i]! - tiled.data[i]!);
    sumAll += d;
    if (far(p % W, Math.floor(p / W))) {
      worst = Math.max(worst, d);
      counted++;
    }
  }
  assert.ok(counted > n, 'the comparison covers much of the frame');
  assert.ok(worst < 0.03, `max difference away from seams ${worst}`);
  assert.ok(sumAll / (3 * n) < 0.005, `mean difference over the whole frame ${sumAll / (3 * n)}`);
  assert.ok(spread(whole) > 0.05);
});

test('planTiles covers the padded frame with blending weights that are positive everywhere', () => {
  const lay = planTiles(1680, 1120, 512, 64);
  assert.equal(lay.paddedWidth, 1680);
  assert.equal(lay.paddedHeight, 1120);
  const cover = new Float32Array(1680 * 1120);
  lay.tiles.forEach((t, k) => {
    for (let y = 0; y < t.height; y++) for (let x = 0; x < t.width; x++) cover[(t.y0 + y) * 1680 + t.x0 + x] += lay.weights[k]![y * t.width + x]!;
  });
  for (const v of cover) assert.ok(v > 0);
  assert.deepEqual(planTiles(37, 29, 512, 64).tiles, [{ x0: 0, y0: 0, width: 48, height: 32 }]);
});

test('weight files round-trip with their kind; the default model path sits in the package models/ folder', async () => {
  const dir = tmpDir();
  const path = join(dir, 'w.safetensors');
  writeWeights(path, randomWeights(), SPEC, { steps: '12' });
  const w = readWeights(path);
  assert.deepEqual(w.kind, SPEC);
  assert.equal(w.metadata['steps'], '12');
  assert.match(defaultModelPath(), /models[\\/]rdpd-default\.safetensors$/);
  assert.throws(() => readWeights(join(dir, 'nope.safetensors')), /nope\.safetensors/);
});
