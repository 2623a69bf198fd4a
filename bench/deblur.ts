// `npm run bench -- deblur [--width 1680] [--height 1120] [--iters 2] [--threads T]`
// Seconds per DP pair of the deblurring runner (padding, tiling, radial channel, blending
// included) for RDPD at widths 1 and 0.25 with random weights, and the GFLOP/s that achieves
// (conv FLOPs of every tile the runner runs: 2·H·W·Cin·Cout·k²/groups per convolution) against
// the raw ONNX Runtime Conv ceiling of a single 3×3 64→64 conv on 256×256 in the same run.
import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';
import { Rng, imageFrom, type Image } from '../src/image/index.js';
import { Graph, exportOnnx, heNormal, initParams, zeros } from '../src/nn/index.js';
import { Deblurrer } from '../src/deblur/index.js';
import { buildInferenceNetwork, resolveShape, type NetworkSpec } from '../src/models/index.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const W = arg('width', 1680);
const H = arg('height', 1120);
const ITERS = arg('iters', 2);
const THREADS = arg('threads', availableParallelism());

function noiseImage(seed: number): Image {
  const rng = new Rng(seed);
  return imageFrom(Float32Array.from({ length: 3 * W * H }, () => rng.uniform()), W, H, 3, 'srgb');
}

/** Conv FLOPs of one run of the inference graph on an h×w input (batch 1). */
function graphFlops(spec: NetworkSpec, w: number, h: number): number {
  const g = buildInferenceNetwork(spec).graph;
  const symbols = { N: 1, H: h, W: w };
  let flops = 0;
  for (const node of g.nodes) {
    if (node.op !== 'conv2d') continue;
    const out = resolveShape(node.outputs[0]!.shape, symbols, 'conv output');
    const k = node.inputs[1]!.shape as readonly number[];
    // k = [Cout, Cin/groups, kh, kw]: 2 FLOPs per multiply-add per output element.
    flops += 2 * out[1]! * out[2]! * out[3]! * k[1]! * k[2]! * k[3]!;
  }
  return flops;
}

async function ceiling(): Promise<number> {
  const g = new Graph();
  const x = g.input('x', [1, 64, 256, 256]);
  const y = g.conv2d(x, g.param('w', [64, 64, 3, 3], heNormal()), g.param('b', [64], zeros()));
  const session = await ort.InferenceSession.create(exportOnnx(g, { y }, { params: 'initializers', values: initParams(g, 0) }), {
    intraOpNumThreads: THREADS,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
  });
  const rng = new Rng(3);
  const feed = { x: new ort.Tensor('float32', Float32Array.from({ length: 64 * 256 * 256 }, () => rng.uniform()), [1, 64, 256, 256]) };
  await session.run(feed);
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await session.run(feed);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  await session.release();
  return (2 * 256 * 256 * 64 * 64 * 9) / best / 1e9;
}

async function timePair(spec: NetworkSpec, left: Image, right: Image): Promise<{ s: number; gflops: number; tiles: number }> {
  const params = initParams(buildInferenceNetwork(spec).graph, 0);
  const model = await Deblurrer.create({ kind: spec, params, metadata: {} }, { threads: THREADS });
  const lay = model.layout(W, H);
  // Useful work only: the padded frame's convolutions once. Tile overlap is recomputation, so it
  // is not credited (crediting it would inflate the achieved rate).
  const up16 = (v: number): number => Math.ceil(v / 16) * 16;
  const flops = graphFlops(spec, up16(W), up16(H));
  await model.deblur(left, right);
  let best = Infinity;
  for (let i = 0; i < ITERS; i++) {
    const t0 = performance.now();
    await model.deblur(left, right);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  await model.release();
  const tiles = lay.tiles.length;
  console.log(
    `rdpd width ${spec.width}: ${best.toFixed(3)} s per ${W}x${H} pair (${tiles} tile${tiles > 1 ? 's' : ''} of ${lay.tiles[0]!.width}x${lay.tiles[0]!.height}), ` +
      `${(flops / 1e9).toFixed(1)} GFLOP, ${(flops / best / 1e9).toFixed(1)} GFLOP/s`,
  );
  return { s: best, gflops: flops / best / 1e9, tiles };
}

console.log(`deblur bench: RDPD on a ${W}x${H} DP pair, random weights, ${THREADS} threads, best of ${ITERS} after one warm-up`);
const left = noiseImage(1);
const right = noiseImage(2);
const ceil = await ceiling();
console.log(`ceiling: raw ORT Conv 3x3 64->64 on 256x256: ${ceil.toFixed(1)} GFLOP/s`);
const w1 = await timePair({ model: 'rdpd', width: 1 }, left, right);
const w025 = await timePair({ model: 'rdpd', width: 0.25 }, left, right);
const rssMb = process.resourceUsage().maxRSS / 1024;
console.log(`achieved/ceiling: width 1 ${(w1.gflops / ceil).toFixed(2)}, width 0.25 ${(w025.gflops / ceil).toFixed(2)}; peak RSS ${rssMb.toFixed(0)} MB`);
console.log(`bench deblur: s_per_pair_w1=${w1.s.toFixed(3)} s_per_pair_w025=${w025.s.toFixed(3)} ratio=${(w1.gflops / ceil).toFixed(3)} peak_rss_mb=${rssMb.toFixed(0)}`);
