// `npm run bench -- nn [--size 256] [--channels 64] [--layers 3] [--batch 1] [--iters 5] [--threads T]`
// A stack of 3×3 convolutions (+bias, ReLU) at C channels on S×S inputs: forward and full
// training-step (forward, MSE loss, backward, Adam) throughput of src/nn, against a raw ONNX
// Runtime Conv of the same layer measured in the same run as the ceiling. FLOPs of one conv:
// 2·H·W·Cin·Cout·k²; a training step is credited with 3× the forward FLOPs.
import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';
import { Rng } from '../src/image/index.js';
import { Graph, InferenceRunner, Trainer, adam, buildTrainStep, exportOnnx, heNormal, initParams, zeros, type ConvGradOptions, type HostTensor, type Value } from '../src/nn/index.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const S = arg('size', 256);
const C = arg('channels', 64);
const L = arg('layers', 3);
const N = arg('batch', 1);
const ITERS = arg('iters', 5);
const THREADS = arg('threads', availableParallelism());

const convFlops = 2 * S * S * C * C * 9 * N;

function randomTensor(shape: number[], seed: number): HostTensor {
  const rng = new Rng(seed);
  return { data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.uniform()), shape };
}

function stack(g: Graph): { x: Value; y: Value } {
  const x = g.input('x', ['N', C, 'H', 'W']);
  let h = x;
  for (let l = 0; l < L; l++) h = g.relu(g.conv2d(h, g.param(`conv${l}/kernel`, [C, C, 3, 3], heNormal()), g.param(`conv${l}/bias`, [C], zeros())));
  return { x, y: h };
}

interface Case {
  label: string;
  flops: number;
  run: () => Promise<unknown>;
  release: () => Promise<void>;
  best: number;
}

const x = randomTensor([N, C, S, S], 1);
const target = randomTensor([N, C, S, S], 2);
const xOrt = new ort.Tensor('float32', x.data, x.shape);
const opts = { intraOpNumThreads: THREADS, interOpNumThreads: 1, graphOptimizationLevel: 'all' as const, executionMode: 'sequential' as const };
console.log(`nn bench: ${L}×(conv3x3 ${C}->${C} + bias + relu) on ${N}×${C}×${S}×${S}, ${THREADS} threads, best of ${ITERS} interleaved rounds`);

// Ceiling: bare ONNX Conv nodes of the same layer, one alone and L chained (amortizes the per-run overhead).
async function rawConvs(count: number): Promise<Case> {
  const g = new Graph();
  let h = g.input('x', ['N', C, 'H', 'W']);
  for (let l = 0; l < count; l++) h = g.conv2d(h, g.param(`w${l}`, [C, C, 3, 3], heNormal()), g.param(`b${l}`, [C], zeros()));
  const session = await ort.InferenceSession.create(exportOnnx(g, { y: h }, { params: 'initializers', values: initParams(g, 0) }), opts);
  return { label: `ceiling  raw ORT Conv ×${count}`, flops: count * convFlops, run: () => session.run({ x: xOrt }), release: () => session.release(), best: Infinity };
}
const params = initParams(stack(new Graph()).y.graph, 0);
async function forward(): Promise<Case> {
  const g = new Graph();
  const runner = await InferenceRunner.create(g, { y: stack(g).y }, params, { threads: THREADS });
  return { label: `forward  ${L}-layer stack`, flops: L * convFlops, run: () => runner.run({ x }), release: () => runner.release(), best: Infinity };
}
async function train(v: ConvGradOptions): Promise<Case> {
  const g = new Graph();
  const net = stack(g);
  const t = g.input('t', ['N', C, 'H', 'W']);
  const loss = g.mean(g.square(g.sub(net.y, t)));
  const trainer = await Trainer.create(buildTrainStep(g, loss, { optimizer: adam(), clipNorm: 1, convGrad: v }), params, { threads: THREADS });
  return { label: `train    input=${v.input} weight=${v.weight}`, flops: 3 * L * convFlops, run: () => trainer.step({ x, t: target }, 1e-4), release: () => trainer.release(), best: Infinity };
}

const variants: ConvGradOptions[] = [
  { input: 'conv', weight: 'onehot' },
  { input: 'convtranspose', weight: 'onehot' },
  { input: 'conv', weight: 'slices' },
  { input: 'conv', weight: 'conv' },
];
const cases = [await rawConvs(1), await rawConvs(L), await forward(), ...(await Promise.all(variants.map(train)))];
for (const c of cases) await c.run();
// The machines are shared: interleave the cases and keep each one's best time, the least disturbed.
for (let r = 0; r < ITERS; r++) {
  for (const c of cases) {
    const t0 = process.hrtime.bigint();
    await c.run();
    c.best = Math.min(c.best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
}
for (const c of cases) {
  console.log(`${c.label.padEnd(44)} ${c.best.toFixed(4)} s   ${(c.flops / c.best / 1e9).toFixed(1)} GFLOP/s`);
  await c.release();
}
const gf = (c: Case): number => c.flops / c.best / 1e9;
const ceiling = Math.max(gf(cases[0] as Case), gf(cases[1] as Case));
const fwd = gf(cases[2] as Case);
const best = Math.max(...cases.slice(3).map(gf));
console.log(`bench nn: ceiling_gflops=${ceiling.toFixed(2)} fwd_gflops=${fwd.toFixed(2)} train_gflops=${best.toFixed(2)} ratio=${(best / ceiling).toFixed(3)}`);
