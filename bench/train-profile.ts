// `npm run bench -- train-profile [--width 0.25] [--patch 128] [--batch 4] [--frames 4] [--steps 10] [--threads T] [--top 25]`
// Where the time of one training step goes inside ONNX Runtime: the step the default-model script
// runs (RDPD, residual, psnr loss, Adam), profiled by ORT itself, summed by op type and by node.
// Random inputs: only the graph's shape matters here, not the data.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { Rng } from '../src/image/index.js';
import { DEFAULT_CONV_GRAD, adam, buildTrainStep, type ConvGradOptions, initParams, sessionOptions, stateName, STEP_IO, type TrainStep } from '../src/nn/index.js';
import { buildTrainNetwork, resolveConfig } from '../src/train/index.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] as string) : fallback;
}
const STEPS = Number(arg('steps', '10'));
const THREADS = Number(arg('threads', String(availableParallelism())));
const TOP = Number(arg('top', '25'));
const FRAMES = Number(arg('frames', '1'));

const config = resolveConfig(undefined, {
  data: tmpdir(),
  out: join(tmpdir(), 'unused'),
  model: arg('model', 'rdpd'),
  width: arg('width', '0.25'),
  residual: 'true',
  head: arg('head', 'paper'),
  'pixel-loss': 'psnr',
  patch: arg('patch', '128'),
  'batch-images': arg('batch', '8'),
  'batch-sequences': arg('batch', '8'),
  'seq-length': String(FRAMES),
  threads: String(THREADS),
});
const net = buildTrainNetwork(config, FRAMES);
const weightGrad = arg('weight-grad', DEFAULT_CONV_GRAD.weight) as ConvGradOptions['weight'];
const inputGrad = arg('input-grad', DEFAULT_CONV_GRAD.input) as ConvGradOptions['input'];
const step: TrainStep = buildTrainStep(net.graph, net.loss, { optimizer: adam(), convGrad: { input: inputGrad, weight: weightGrad } });
const dir = mkdtempSync(join(tmpdir(), 'dualpix-profile-'));
const session = await ort.InferenceSession.create(step.onnx, { ...sessionOptions({ threads: THREADS }), enableProfiling: true, profileFilePrefix: join(dir, 'p') });

const rng = new Rng(1);
const batch = FRAMES === 1 ? config.batchImages : config.batchSequences;
const symbols: Record<string, number> = { N: batch, T: FRAMES, H: config.patch, W: config.patch };
const feeds: Record<string, ort.Tensor> = {};
for (const [name, shape] of step.inputs) {
  const dims = shape.map((d) => (typeof d === 'number' ? d : (symbols[d] ?? 1)));
  feeds[name] = new ort.Tensor('float32', Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, () => rng.uniform()), dims);
}
const init = initParams(net.graph, 1);
for (const p of step.params) {
  const v = init.get(p.name)!;
  feeds[p.name] = new ort.Tensor('float32', Float32Array.from(v.data), [...p.shape]);
  for (const s of step.slots) feeds[stateName(s, p.name)] = new ort.Tensor('float32', new Float32Array(v.data.length), [...p.shape]);
}
feeds[STEP_IO.lr] = new ort.Tensor('float32', Float32Array.of(1e-4), []);
feeds[STEP_IO.stepsDone] = new ort.Tensor('float32', Float32Array.of(0), []);
await session.run(feeds);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
for (let s = 0; s < STEPS; s++) await session.run(feeds);
const wall = (performance.now() - t0) / 1000 / STEPS;
const cpu = process.cpuUsage(cpu0);
session.endProfiling();
await session.release();

interface Ev { cat: string; name: string; dur: number; args?: { op_name?: string; input_type_shape?: Record<string, number[]>[]; output_type_shape?: Record<string, number[]>[] } }
// ORT writes the profile as PREFIX_<date>.json (the node binding's endProfiling returns nothing).
const file = readdirSync(dir).find((f) => f.endsWith('.json'));
if (file === undefined) throw new Error(`train-profile: ONNX Runtime wrote no profile in ${dir}`);
const events = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Ev[];
rmSync(dir, { recursive: true, force: true });
const byOp = new Map<string, number>();
const byNode = new Map<string, number>();
// A node's shapes name what it is (a full-resolution 16-channel conv, an im2col of the weight gradient).
const shapes = (xs: Record<string, number[]>[] | undefined): string => (xs ?? []).map((x) => `[${Object.values(x)[0]?.join(',')}]`).join(' ');
let total = 0;
for (const e of events) {
  if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
  const op = e.args?.op_name ?? '?';
  byOp.set(op, (byOp.get(op) ?? 0) + e.dur);
  const node = `${op} ${e.name.replace(/_kernel_time$/, '')} ${shapes(e.args?.input_type_shape)} -> ${shapes(e.args?.output_type_shape)}`;
  byNode.set(node, (byNode.get(node) ?? 0) + e.dur);
  total += e.dur;
}
const runs = STEPS + 1;
console.log(`train-profile: ${config.model} width ${config.width} head ${config.head}, ${batch}×${FRAMES} patches of ${config.patch}², ${THREADS} threads`);
console.log(`  CPU per step: user ${(cpu.user / 1e6 / STEPS).toFixed(3)} s, system ${(cpu.system / 1e6 / STEPS).toFixed(3)} s (page faults show as system time)`);
console.log(`  ${wall.toFixed(3)} s per step (wall), ORT kernels ${(total / 1e6 / runs).toFixed(3)} s per step, ${((batch * FRAMES) / wall).toFixed(1)} patches/s`);
const show = (m: Map<string, number>, n: number): void => {
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`  ${((100 * v) / total).toFixed(1).padStart(5)} %  ${(v / 1e3 / runs).toFixed(1).padStart(8)} ms  ${k}`);
};
console.log('by op type:');
show(byOp, 30);
console.log(`top ${TOP} nodes:`);
show(byNode, TOP);
