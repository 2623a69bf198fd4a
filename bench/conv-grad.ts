// `npm run bench -- conv-grad [--batch 8] [--iters 5] [--threads T]`
// The weight gradient of a 3×3 (and 2×2) convolution in each emitted variant (src/nn/conv-grad.ts),
// on the layer shapes of the default RDPD at width 0.25 with 128² patches: which variant is fastest
// depends on the shape (thin full-resolution layers against wide coarse ones). Measured on the
// 2-core machine: 'onehot' (the default) is fastest or within 1.5 ms on all but the 8×8 and 16×16
// levels of 128 channels, where 'slices' saves 1.5–4.6 ms: about 3 % of a step, not worth a rule.
import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';
import { Rng } from '../src/image/index.js';
import { Graph, convWeightGrad, exportOnnx, sessionOptions, type ConvGradOptions } from '../src/nn/index.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const N = arg('batch', 8);
const ITERS = arg('iters', 5);
const THREADS = arg('threads', availableParallelism());
const MODES: ConvGradOptions['weight'][] = ['onehot', 'conv', 'slices'];
// [ci, co, side, k]
const SHAPES: [number, number, number, number][] = [
  [7, 8, 128, 3], [8, 8, 128, 3], [16, 8, 128, 3], [16, 8, 128, 2], [8, 16, 64, 3], [16, 16, 64, 3], [32, 16, 64, 3], [32, 16, 64, 2],
  [16, 32, 32, 3], [32, 32, 32, 3], [64, 32, 32, 3], [64, 64, 16, 3], [128, 64, 16, 3], [128, 128, 8, 3], [128, 512, 8, 3],
];
const rng = new Rng(1);
const rand = (n: number): Float32Array => Float32Array.from({ length: n }, () => rng.uniform() - 0.5);
console.log(`conv-grad bench: weight gradient, batch ${N}, ${THREADS} threads, best of ${ITERS} (ms)`);
console.log(`  ${'ci→co side k'.padEnd(18)}${MODES.map((m) => m.padStart(9)).join('')}`);
for (const [ci, co, side, k] of SHAPES) {
  const pads = k === 3 ? ([1, 1, 1, 1] as const) : ([0, 0, 1, 1] as const);
  const times: number[] = [];
  const feeds = { x: new ort.Tensor('float32', rand(N * ci * side * side), [N, ci, side, side]), dy: new ort.Tensor('float32', rand(N * co * side * side), [N, co, side, side]) };
  for (const mode of MODES) {
    const g = new Graph();
    const x = g.input('x', [N, ci, side, side]);
    const dy = g.input('dy', [N, co, side, side]);
    const w = g.input('w', [co, ci, k, k]);
    const dw = convWeightGrad(g, x, dy, w, pads, 1, mode);
    const session = await ort.InferenceSession.create(exportOnnx(g, { dw }, { params: 'inputs' }), sessionOptions({ threads: THREADS }));
    const f = { ...feeds, w: new ort.Tensor('float32', new Float32Array(co * ci * k * k), [co, ci, k, k]) };
    await session.run(f);
    let best = Infinity;
    for (let i = 0; i < ITERS; i++) {
      const t0 = performance.now();
      await session.run(f);
      best = Math.min(best, performance.now() - t0);
    }
    times.push(best);
    await session.release();
  }
  console.log(`  ${`${ci}→${co} ${side}² ${k}×${k}`.padEnd(18)}${times.map((t) => t.toFixed(1).padStart(9)).join('')}`);
}
