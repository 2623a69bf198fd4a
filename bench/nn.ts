// `npm run bench -- nn [--size 256] [--channels 64] [--layers 3] [--batch 1] [--iters 3] [--threads T]`
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
const ITERS = arg('iters', 3);
const THREADS = arg('threads', availableParallelism());

const convFlops = 2 * S * S * C * C * 9 * N;

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < ITERS; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

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

const x = randomTensor([N, C, S, S], 1);
const target = randomTensor([N, C, S, S], 2);
const opts = { intraOpNumThreads: THREADS, interOpNumThreads: 1, graphOptimizationLevel: 'all' as const, executionMode: 'sequential' as const };
console.log(`bench nn: ${L}×(conv3x3 ${C}->${C} + bias + relu) on ${N}×${C}×${S}×${S}, ${THREADS} threads, median of ${ITERS}`);

// Ceiling: one bare ONNX Conv node of the same layer.
const cg = new Graph();
const cx = cg.input('x', ['N', C, 'H', 'W']);
const cy = cg.conv2d(cx, cg.param('w', [C, C, 3, 3], heNormal()), cg.param('b', [C], zeros()));
const ceilingSession = await ort.InferenceSession.create(exportOnnx(cg, { y: cy }, { params: 'initializers', values: initParams(cg, 0) }), opts);
const xOrt = new ort.Tensor('float32', x.data, x.shape);
const ceilS = await timeIt(() => ceilingSession.run({ x: xOrt }));
const ceiling = convFlops / ceilS / 1e9;
console.log(`ceiling   raw ORT Conv, one layer     ${ceilS.toFixed(4)} s   ${ceiling.toFixed(1)} GFLOP/s`);
await ceilingSession.release();

const fg = new Graph();
const fwdNet = stack(fg);
const params = initParams(fg, 0);
const runner = await InferenceRunner.create(fg, { y: fwdNet.y }, params, { threads: THREADS });
const fwdS = await timeIt(() => runner.run({ x }));
const fwd = (L * convFlops) / fwdS / 1e9;
console.log(`forward   ${L}-layer stack             ${fwdS.toFixed(4)} s   ${fwd.toFixed(1)} GFLOP/s`);
await runner.release();

const variants: ConvGradOptions[] = [
  { input: 'conv', weight: 'onehot' },
  { input: 'convtranspose', weight: 'onehot' },
  { input: 'conv', weight: 'slices' },
  { input: 'conv', weight: 'conv' },
];
let best = 0;
for (const v of variants) {
  const g = new Graph();
  const net = stack(g);
  const t = g.input('t', ['N', C, 'H', 'W']);
  const loss = g.mean(g.square(g.sub(net.y, t)));
  const step = buildTrainStep(g, loss, { optimizer: adam(), clipNorm: 1, convGrad: v });
  const trainer = await Trainer.create(step, params, { threads: THREADS });
  const s = await timeIt(() => trainer.step({ x, t: target }, 1e-4));
  const gflops = (3 * L * convFlops) / s / 1e9;
  best = Math.max(best, gflops);
  console.log(`train     input=${v.input.padEnd(13)} weight=${v.weight.padEnd(6)} ${s.toFixed(4)} s   ${gflops.toFixed(1)} GFLOP/s`);
  await trainer.release();
}
console.log(`bench nn: ceiling_gflops=${ceiling.toFixed(2)} fwd_gflops=${fwd.toFixed(2)} train_gflops=${best.toFixed(2)} ratio=${(best / ceiling).toFixed(3)}`);
