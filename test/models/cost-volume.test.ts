// The DP cost volume: equal to a direct computation of Σ_box |g_l(x) − g_r(x + s)|, zero at the
// true shift of a shifted pair, and the first layer of a network that reads it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/image/index.js';
import { Graph, InferenceRunner, initParams, type HostTensor } from '../../src/nn/index.js';
import { COST_WINDOW, buildInferenceGraph, costVolume, costVolumeChannels, layerTable, modelConfig } from '../../src/models/index.js';

/** Direct computation, written from the definition: zero outside the image, box sum over the 7×7 window / 49. */
function directCost(x: Float32Array, h: number, w: number, D: number): Float32Array {
  const plane = h * w;
  const grey = (base: number, y: number, xx: number): number => {
    if (y < 0 || y >= h || xx < 0 || xx >= w) return 0;
    return (x[base * plane + y * w + xx]! + x[(base + 1) * plane + y * w + xx]! + x[(base + 2) * plane + y * w + xx]!) / 3;
  };
  const out = new Float32Array((2 * D + 1) * plane);
  const r = (COST_WINDOW - 1) / 2;
  for (let s = -D; s <= D; s++) {
    for (let y = 0; y < h; y++) {
      for (let xx = 0; xx < w; xx++) {
        let sum = 0;
        for (let dy = -r; dy <= r; dy++) {
          for (let dx = -r; dx <= r; dx++) {
            const yy = y + dy;
            const xc = xx + dx;
            // Outside the image the |difference| map itself is zero (the box filter's zero padding).
            if (yy < 0 || yy >= h || xc < 0 || xc >= w) continue;
            sum += Math.abs(grey(0, yy, xc) - grey(3, yy, xc + s));
          }
        }
        out[(s + D) * plane + y * w + xx] = sum / (COST_WINDOW * COST_WINDOW);
      }
    }
  }
  return out;
}

async function runCost(x: HostTensor, D: number): Promise<Float32Array> {
  const g = new Graph();
  const xin = g.input('x', ['N', 7, 'H', 'W']);
  const runner = await InferenceRunner.create(g, { cost: costVolume(g, xin, D) }, new Map(), { threads: 1 });
  try {
    return (await runner.run({ x }))['cost']!.data;
  } finally {
    await runner.release();
  }
}

test('costVolume equals the direct computation of box-averaged |g_l(x) − g_r(x + s)| for s = −D…D', async () => {
  const rng = new Rng(3);
  const [h, w, D] = [12, 20, 4];
  const x = Float32Array.from({ length: 7 * h * w }, () => rng.uniform());
  const got = await runCost({ data: x, shape: [1, 7, h, w] }, D);
  const want = directCost(x, h, w, D);
  assert.equal(got.length, costVolumeChannels(D) * h * w);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
  assert.ok(worst < 1e-5, `max difference ${worst}`);
});

test('for a right view shifted by δ px the cost vanishes at s = δ and nowhere else (away from the borders)', async () => {
  const rng = new Rng(11);
  const [h, w, D, delta] = [16, 48, 5, 3];
  // A texture that no shift other than δ can match: random values per column and row.
  const tex = Float32Array.from({ length: h * (w + 2 * D) }, () => rng.uniform());
  const x = new Float32Array(7 * h * w);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < h; y++) {
      for (let xx = 0; xx < w; xx++) {
        x[c * h * w + y * w + xx] = tex[y * (w + 2 * D) + xx + D]!;
        // g_r(x) = g_l(x − δ): the right view's content sits δ px right of the left view's.
        x[(c + 3) * h * w + y * w + xx] = tex[y * (w + 2 * D) + xx + D - delta]!;
      }
    }
  }
  const cost = await runCost({ data: x, shape: [1, 7, h, w] }, D);
  const margin = D + (COST_WINDOW - 1) / 2;
  for (let y = 3; y < h - 3; y++) {
    for (let xx = margin; xx < w - margin; xx++) {
      const at = (s: number): number => cost[(s + D) * h * w + y * w + xx]!;
      assert.ok(at(delta) < 1e-6, `cost at the true shift, pixel (${y}, ${xx}): ${at(delta)}`);
      for (let s = -D; s <= D; s++) if (s !== delta) assert.ok(at(s) > 0.05, `shift ${s} at (${y}, ${xx}) costs only ${at(s)}`);
    }
  }
});

test('an RDPD with a cost volume: conv1_1 reads 7 + 2D + 1 channels, the graph runs and the config checks D', async () => {
  const cfg = modelConfig({ model: 'rdpd', width: 0.125, residual: true, head: 'wide', costVolume: 6 });
  const first = layerTable(cfg)[0]!;
  assert.equal(first.kind === 'conv' && first.cin, 7 + 13);
  const inf = buildInferenceGraph(cfg, { recurrent: false });
  const runner = await InferenceRunner.create(inf.graph, inf.outputs, initParams(inf.graph, 1), { threads: 1 });
  const rng = new Rng(2);
  const x: HostTensor = { data: Float32Array.from({ length: 7 * 32 * 32 }, () => rng.uniform()), shape: [1, 7, 32, 32] };
  const y = (await runner.run({ x }))['y']!;
  assert.deepEqual(y.shape, [1, 3, 32, 32]);
  await runner.release();
  assert.throws(() => modelConfig({ costVolume: 1.5 }), /costVolume: must be an integer shift/);
  assert.throws(() => modelConfig({ model: 'dpdnet', costVolume: 4 }), /costVolume: is an RDPD option/);
});
