// `npm run bench -- train [--data DIR] [--width 0.25] [--patch 128] [--batch-images 4] [--batch-sequences 1]
//                        [--seq-length 4] [--steps 40] [--threads T] [--model rdpd] [--head wide] [--cost-volume 16]
//                        [--candidates 2] [--no-prefetch] [--mem-pattern] [--baseline]`
// The real training loop as scripts/train-default.sh runs it (same sampler, same sessions, same
// alternation of image and sequence batches), timed part by part: drawing a batch (decode,
// crops, candidate selection, tensor assembly), feeds, and the ONNX Runtime step, with patches/s
// and the GFLOP/s credited to the step (3× the forward conv FLOPs) against a raw ORT Conv 3×3
// 64→64 on 1×64×128×128 measured in the same run. Without --data it makes a small procedural
// dataset in a temporary folder first (not timed).
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { Rng } from '../src/image/index.js';
import { Graph, adam, buildTrainStep, exportOnnx, heNormal, initParams, zeros, type ParamStore } from '../src/nn/index.js';
import { generateDataset } from '../src/synth/dataset/index.js';
import { resolveShape } from '../src/models/index.js';
import { StepSet, buildTrainNetworks, framesAsImages, feedsFor, openTrainingData, resolveConfig, type TrainNetwork } from '../src/train/index.js';
import type { BatchKind } from '../src/train/tensors.js';
import { BatchPrefetcher } from '../src/train/prefetch.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] as string) : fallback;
}
const STEPS = Number(arg('steps', '40'));
const THREADS = Number(arg('threads', String(availableParallelism())));

let tmp: string | undefined;
let data = arg('data', '');
if (data === '') {
  tmp = mkdtempSync(join(tmpdir(), 'dualpix-bench-train-'));
  data = tmp;
  console.log('train bench: making a small procedural dataset (not timed) ...');
  await generateDataset({ source: 'procedural:24', frames: 4, layout: 'sequence', split: 'train=1,val=0,test=0', out: join(tmp, 'seq'), seed: 5 });
}

const config = resolveConfig(undefined, {
  data: tmp ? join(tmp, 'seq') : data,
  out: join(tmpdir(), 'unused'),
  model: arg('model', 'rdpd'),
  width: arg('width', '0.25'),
  residual: 'true',
  // The default model's network: wide head, ±16 px cost volume (scripts/train-default.sh, stage 2).
  head: arg('head', 'wide'),
  'cost-volume': arg('cost-volume', '16'),
  patch: arg('patch', '128'),
  'batch-images': arg('batch-images', '4'),
  'batch-sequences': arg('batch-sequences', '1'),
  'seq-length': arg('seq-length', '4'),
  'sharp-candidates': arg('candidates', '2'),
  lr: '5e-4',
  threads: String(THREADS),
});

/** Conv FLOPs of one forward pass of a training graph (all frames, batch n), from its conv nodes. */
function convFlops(net: TrainNetwork, n: number, side: number): number {
  const symbols = { N: n, H: side, W: side };
  let flops = 0;
  for (const node of net.graph.nodes) {
    if (node.op !== 'conv2d') continue;
    // The loss's 'valid' Sobel convolutions have sizes like 'H-2': not the network's, not credited.
    // Scaled sizes ('H/2', 'W/16') are the network's coarser levels and are.
    if (node.outputs[0]!.shape.some((d) => typeof d === 'string' && d.includes('-'))) continue;
    const out = resolveShape(node.outputs[0]!.shape, symbols, 'conv output');
    const k = node.inputs[1]!.shape as readonly number[];
    flops += 2 * out[0]! * out[1]! * out[2]! * out[3]! * k[1]! * k[2]! * k[3]!;
  }
  return flops;
}

const td = openTrainingData(config);
const sampler = td.train;
// The loop's own networks: DPDNet has no recurrence and trains on sequence frames as single images.
const nets = buildTrainNetworks(config, td);
const recurrent = config.model === 'rdpd';
// Forward FLOPs are counted on the graph before the gradient is appended to it.
// Forward conv FLOPs of one batch item (an image, or a sequence window of T frames), counted on
// the graph before the gradient is appended to it; a batch is credited N items.
const itemFlops = new Map<BatchKind, number>();
for (const [kind, net] of nets) itemFlops.set(kind, convFlops(net, 1, config.patch));
for (const [kind, f] of itemFlops) console.log(`  forward conv FLOPs of one ${kind === 'images' ? 'image' : 'sequence window'}: ${(f / 1e9).toFixed(3)} G`);
const steps = new Map<BatchKind, ReturnType<typeof buildTrainStep>>();
const params: ParamStore = new Map();
for (const [kind, net] of nets) {
  steps.set(kind, buildTrainStep(net.graph, net.loss, { optimizer: adam() }));
  for (const [name, t] of initParams(net.graph, config.seed)) params.set(name, t);
}

// The ceiling: one raw ORT Conv 3×3 64→64 on 1×64×128×128 with the same thread count.
const C = 64;
const S = 128;
const g = new Graph();
const x = g.input('x', ['N', C, 'H', 'W']);
const y = g.conv2d(x, g.param('w', [C, C, 3, 3], heNormal()), g.param('b', [C], zeros()));
const raw = await ort.InferenceSession.create(exportOnnx(g, { y }, { params: 'initializers', values: initParams(g, 0) }), {
  intraOpNumThreads: THREADS,
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
  executionMode: 'sequential',
});
const rng = new Rng(3);
const xt = new ort.Tensor('float32', Float32Array.from({ length: C * S * S }, () => rng.uniform()), [1, C, S, S]);
const rawFlops = 2 * S * S * C * C * 9;
async function ceiling(): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await raw.run({ x: xt });
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return rawFlops / best / 1e9;
}
await ceiling();
const ceil0 = await ceiling();

interface LoopTimes {
  sample: number;
  feeds: number;
  step: number;
  patches: number;
  flops: number;
  switches: number;
  wall: number;
  cpu: number;
}

/**
 * The training loop timed part by part. `prefetch`: the next batch is drawn on a worker thread
 * during each step, as the loop does (false: on this thread, as before); `memoryPattern`: ORT's
 * memory pattern on, as sessions were before it was turned off.
 */
async function timeLoop(prefetch: boolean, memoryPattern: boolean): Promise<LoopTimes> {
  const set = await StepSet.create(steps, params, { threads: THREADS, memoryPattern });
  const worker = prefetch ? BatchPrefetcher.start(config) : null;
  const time = { sample: 0, feeds: 0, step: 0, patches: 0, flops: 0, switches: 0, wall: 0, cpu: 0 };
  let last: BatchKind | null = null;
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  try {
    for (let s = 0; s < STEPS + 2; s++) {
      const warm = s < 2; // the first step of each session pays ORT's allocations
      const { epoch, index } = sampler.locate(s);
      let t0 = performance.now();
      const drawn = worker ? await worker.take(epoch, index) : sampler.batch(epoch, index);
      const batch = recurrent ? drawn : framesAsImages(drawn);
      if (worker) {
        const next = sampler.locate(s + 1);
        worker.request(next.epoch, next.index);
      }
      const tSample = performance.now() - t0;
      const net = nets.get(batch.kind) as TrainNetwork;
      t0 = performance.now();
      const feeds = feedsFor(net, batch, Rng.derive(config.seed, s, 0x64726f70));
      const tFeeds = performance.now() - t0;
      t0 = performance.now();
      await set.step(batch.kind, feeds, 5e-4);
      const tStep = performance.now() - t0;
      if (warm) continue;
      time.sample += tSample / 1000;
      time.feeds += tFeeds / 1000;
      time.step += tStep / 1000;
      const items = batch.kind === 'sequences' ? (batch.inputShape[1] as number) : (batch.inputShape[0] as number);
      time.patches += items * (batch.kind === 'sequences' ? (batch.inputShape[0] as number) : 1);
      time.flops += 3 * items * (itemFlops.get(batch.kind) as number);
      if (last !== null && last !== batch.kind) time.switches++;
      last = batch.kind;
    }
  } finally {
    await worker?.close();
    await set.release();
  }
  const cpu = process.cpuUsage(cpu0);
  return { ...time, wall: (performance.now() - wall0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

// --baseline: first the loop as it ran before (batches on this thread, memory pattern on), then as it runs now.
const baseline = process.argv.includes('--baseline') ? await timeLoop(false, true) : null;
const time = await timeLoop(!process.argv.includes('--no-prefetch'), process.argv.includes('--mem-pattern'));
const PREFETCH = !process.argv.includes('--no-prefetch');
const wall = time.wall;
const cpu = time.cpu;
const ceil1 = await ceiling();
const ceil = Math.max(ceil0, ceil1);
await raw.release();
if (tmp) rmSync(tmp, { recursive: true, force: true });

const total = time.sample + time.feeds + time.step;
const pct = (v: number): string => `${((100 * v) / total).toFixed(1)} %`;
console.log(`model ${config.model} width ${config.width}, patch ${config.patch}, ${config.batchImages} images / ${config.batchSequences}×${config.seqLength} frames per batch, ${THREADS} threads, ${STEPS} steps timed`);
console.log(`  ${PREFETCH ? 'waiting for the next batch (drawn on a worker)' : `sampling (decode, crops, ${config.sharpCandidates} candidates, tensors)`} ${time.sample.toFixed(2)} s  ${pct(time.sample)}`);
console.log(`  feeds (dropout masks, views)                    ${time.feeds.toFixed(2)} s  ${pct(time.feeds)}`);
console.log(`  ONNX Runtime steps (incl. ${time.switches} session switches)     ${time.step.toFixed(2)} s  ${pct(time.step)}`);
const gfStep = time.flops / time.step / 1e9;
const gfLoop = time.flops / total / 1e9;
console.log(`  ${(time.patches / total).toFixed(1)} patches/s; credited ${gfLoop.toFixed(1)} GFLOP/s over the loop, ${gfStep.toFixed(1)} GFLOP/s inside the steps; raw ORT conv ${ceil.toFixed(1)} GFLOP/s`);
console.log(`  process CPU ${cpu.toFixed(1)} s over ${wall.toFixed(1)} s wall`);
const baseRate = baseline ? baseline.patches / (baseline.sample + baseline.feeds + baseline.step) : NaN;
if (baseline) console.log(`  baseline (batches drawn on this thread, ORT memory pattern on, as before): ${baseRate.toFixed(1)} patches/s; now ${(time.patches / total / baseRate).toFixed(2)}× that`);
console.log(
  `bench train: patches_s=${(time.patches / total).toFixed(2)} loop_gflops=${gfLoop.toFixed(2)} step_gflops=${gfStep.toFixed(2)} ceiling_gflops=${ceil.toFixed(2)} sample_frac=${(time.sample / total).toFixed(3)} ratio=${(gfLoop / ceil).toFixed(3)}` +
    (baseline ? ` baseline_patches_s=${baseRate.toFixed(2)} speedup=${(time.patches / total / baseRate).toFixed(2)}` : ''),
);
