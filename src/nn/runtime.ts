import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';
import { InputError } from '../image/index.js';
import type { Graph, Value } from './graph.js';
import { exportOnnx } from './onnx-export.js';
import { dimDivisor, fmt, type Shape } from './shape.js';
import type { HostTensor, ParamStore } from './tensor.js';

/** Options for ONNX Runtime sessions. */
export interface RuntimeOptions {
  /** Intra-op threads; default: all cores (os.availableParallelism()). */
  threads?: number;
  /** ORT's memory pattern (default off, see sessionOptions); on only to measure what it costs. */
  memoryPattern?: boolean;
}

/** ONNX Runtime session options used everywhere: all graph optimizations, one op at a time, all cores inside each op. */
export function sessionOptions(options?: RuntimeOptions): ort.InferenceSession.SessionOptions {
  return {
    intraOpNumThreads: options?.threads ?? availableParallelism(),
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    // The memory pattern puts every intermediate of a run in one block that the arena hands out
    // afresh for each run: a training step then page-faults through its ~1 GB of activations
    // every time (0.2 s of system time per width-0.25 step, 8× slower first-touch convs).
    // Without it the arena reuses its chunks: 1.9× faster steps (bench/train-profile.ts).
    enableMemPattern: options?.memoryPattern ?? false,
  };
}

/** Wraps a HostTensor as an ORT tensor without copying. */
export function toOrt(t: HostTensor): ort.Tensor {
  return new ort.Tensor('float32', t.data, [...t.shape]);
}

/** Views an ORT float32 tensor as a HostTensor without copying. */
export function fromOrt(t: ort.Tensor): HostTensor {
  if (t.type !== 'float32') throw new TypeError(`expected a float32 tensor, got ${t.type}`);
  return { data: t.data as Float32Array, shape: [...t.dims] };
}

/** Checks fed tensors against the declared input shapes; one symbol must bind one size. */
export function checkFeeds(
  inputs: ReadonlyMap<string, Shape>,
  feeds: Readonly<Record<string, HostTensor>>,
  subject: string,
  divisors: ReadonlyMap<string, number> = new Map(),
): void {
  const bound = new Map<string, number>();
  for (const [name, shape] of inputs) {
    const t = feeds[name];
    if (t === undefined) throw new InputError(subject, `missing input '${name}' ${fmt(shape)}`);
    const ok = t.shape.length === shape.length && shape.every((d, i) => typeof d !== 'number' || d === t.shape[i]);
    if (!ok) throw new InputError(subject, `input '${name}' has shape ${fmt(t.shape)}, expected ${fmt(shape)}`);
    shape.forEach((d, i) => {
      if (typeof d !== 'string') return;
      const size = t.shape[i] as number;
      const prev = bound.get(d);
      if (prev !== undefined && prev !== size) throw new InputError(subject, `input '${name}' binds ${d}=${size}, another input bound ${d}=${prev}`);
      bound.set(d, size);
    });
    const n = t.shape.reduce((a, b) => a * b, 1);
    if (t.data.length !== n) throw new InputError(subject, `input '${name}' has ${t.data.length} values for shape ${fmt(t.shape)}`);
  }
  // 'H/2' then '*2' type-checks as 'H' only when H is a multiple of 2: say so before ONNX Runtime fails deep inside.
  for (const [sym, den] of divisors) {
    const size = bound.get(sym);
    if (size !== undefined && size % den !== 0) {
      throw new InputError(subject, `${sym}=${size} must be a multiple of ${den}: the graph divides ${sym} by ${den} (pooling)`);
    }
  }
}

/** For each symbol, the least common multiple of the divisors it carries anywhere in the graph of `outputs`. */
export function symbolDivisors(outputs: readonly Value[]): Map<string, number> {
  const seen = new Set<Value>();
  const stack = [...outputs];
  const out = new Map<string, number>();
  while (stack.length > 0) {
    const v = stack.pop() as Value;
    if (seen.has(v)) continue;
    seen.add(v);
    for (const d of v.shape) {
      const p = dimDivisor(d);
      if (p !== null && p.den > 1) out.set(p.sym, lcm(out.get(p.sym) ?? 1, p.den));
    }
    for (const i of v.node.inputs) if (i !== null) stack.push(i);
  }
  return out;
}

function lcm(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y) [x, y] = [y, x % y];
  return (a / x) * b;
}

/** Graph inputs (non-parameter leaves) that the given outputs depend on, by name. */
export function graphInputs(g: Graph, outputs: readonly Value[]): Map<string, Shape> {
  const seen = new Set<Value>();
  const stack = [...outputs];
  const found = new Map<string, Shape>();
  while (stack.length > 0) {
    const v = stack.pop() as Value;
    if (seen.has(v)) continue;
    seen.add(v);
    if (v.node.op === 'input') found.set(v.node.attrs.name, v.shape);
    for (const i of v.node.inputs) if (i !== null) stack.push(i);
  }
  return new Map([...found].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}

/** Runs a forward graph with its parameters embedded as initializers. */
export class InferenceRunner {
  private constructor(
    private readonly session: ort.InferenceSession,
    /** The serialized model (save it to get a standalone .onnx file). */
    readonly onnx: Uint8Array,
    /** Input names and declared shapes. */
    readonly inputs: ReadonlyMap<string, Shape>,
    /** Output names, as given to create(). */
    readonly outputNames: readonly string[],
    /** Each symbolic size's required multiple (from pooling), checked before a run. */
    private readonly divisors: ReadonlyMap<string, number>,
  ) {}

  /** Exports `outputs` of `g` with `params` embedded and opens an ONNX Runtime session on it. */
  static async create(g: Graph, outputs: Readonly<Record<string, Value>>, params: ParamStore, options?: RuntimeOptions): Promise<InferenceRunner> {
    const bytes = exportOnnx(g, outputs, { params: 'initializers', values: params });
    const session = await ort.InferenceSession.create(bytes, sessionOptions(options));
    const outs = Object.values(outputs);
    return new InferenceRunner(session, bytes, graphInputs(g, outs), Object.keys(outputs), symbolDivisors(outs));
  }

  /** Runs once; returns every output by name (fresh arrays owned by the caller). */
  async run(feeds: Readonly<Record<string, HostTensor>>): Promise<Record<string, HostTensor>> {
    checkFeeds(this.inputs, feeds, 'InferenceRunner.run', this.divisors);
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const name of this.inputs.keys()) ortFeeds[name] = toOrt(feeds[name] as HostTensor);
    const res = await this.session.run(ortFeeds);
    const out: Record<string, HostTensor> = {};
    for (const name of this.outputNames) out[name] = fromOrt(res[name] as ort.Tensor);
    return out;
  }

  /** Frees the native session. */
  async release(): Promise<void> {
    await this.session.release();
  }
}
