import { GraphError, checkAttrKeys, expectGraph } from './errors.js';
import type { Initializer } from './init.js';
import type { DType, OnnxAttr, OpAttrs, OpName } from './ops.js';
import { broadcast, fmt, normAxis, offsetDim, scaleDim, type Dim, type Shape } from './shape.js';

/** A node of the graph: one primitive op applied to earlier values. */
export type Node = { [K in OpName]: { readonly id: number; readonly op: K; readonly attrs: OpAttrs[K]; readonly inputs: readonly (Value | null)[]; outputs: Value[] } }[OpName];

/** A typed symbolic tensor: the output of a node. Shapes are checked as the graph is built. */
export class Value {
  constructor(
    readonly graph: Graph,
    readonly id: number,
    readonly shape: Shape,
    readonly dtype: DType,
    readonly node: Node,
  ) {}

  /** Tensor rank. */
  get rank(): number {
    return this.shape.length;
  }

  /** The name this value carries in ONNX: the input/param/constant name, else `v<id>`. */
  get name(): string {
    const n = this.node;
    if (n.op === 'input' || n.op === 'param' || n.op === 'const') return n.attrs.name;
    return n.outputs.length === 1 ? `v${this.id}` : `v${this.id}_${n.outputs.indexOf(this)}`;
  }
}

/** A number operand stands for a float32 scalar constant broadcast against the other operand. */
export type Operand = Value | number;

/** A parameter's declaration: its name (the weight-file key), static shape and initializer. */
export interface ParamSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly init: Initializer;
  readonly value: Value;
}

/** conv2d options: Keras-style 'same' (default; even kernels pad 0 before, 1 after) or 'valid'. */
export interface Conv2dOptions {
  padding?: 'same' | 'valid';
  groups?: number;
}

/**
 * The graph builder. Each method adds one node and returns its output; shapes are inferred
 * immediately and a mismatch throws a GraphError naming the op and the shapes. The graph is
 * append-only: gradient and optimizer code add nodes to the same graph, and the ONNX exporter
 * emits only what the requested outputs depend on.
 */
export class Graph {
  readonly nodes: Node[] = [];
  private readonly names = new Map<string, Value>();
  private readonly paramSpecs: ParamSpec[] = [];
  private readonly scalars = new Map<number, Value>();
  private valueCount = 0;

  private addNode<K extends OpName>(op: K, attrs: OpAttrs[K], inputs: readonly (Value | null)[], outs: readonly { shape: Shape; dtype: DType }[]): Value[] {
    for (const v of inputs) if (v !== null && v.graph !== this) throw new GraphError(op, 'input belongs to another graph');
    const id = this.nodes.length;
    const node = { id, op, attrs, inputs, outputs: [] as Value[] } as unknown as Node;
    for (let i = 0; i < outs.length; i++) {
      const o = outs[i] as { shape: Shape; dtype: DType };
      node.outputs.push(new Value(this, this.valueCount++, [...o.shape], o.dtype, node));
    }
    this.nodes.push(node);
    return node.outputs;
  }

  private one<K extends OpName>(op: K, attrs: OpAttrs[K], inputs: readonly Value[], shape: Shape, dtype: DType = 'float32'): Value {
    return this.addNode(op, attrs, inputs, [{ shape, dtype }])[0] as Value;
  }

  private claim(kind: string, name: string): void {
    expectGraph(name.length > 0, kind, 'name must not be empty');
    expectGraph(!this.names.has(name), kind, `name '${name}' is already used in this graph`);
  }

  // ---- leaves ---------------------------------------------------------------------------

  /** A float32 graph input fed at run time; dims may be symbols ('N', 'H', 'W'). */
  input(name: string, shape: Shape, dtype: DType = 'float32'): Value {
    this.claim('input', name);
    for (const d of shape) expectGraph(typeof d === 'string' || (Number.isInteger(d) && d >= 0), `input '${name}'`, `bad dimension ${d} in ${fmt(shape)}`);
    const v = this.one('input', { name }, [], shape, dtype);
    this.names.set(name, v);
    return v;
  }

  /** A trainable float32 parameter; `name` is its key in weight files ('enc1/conv1/kernel'). */
  param(name: string, shape: readonly number[], init: Initializer): Value {
    this.claim('param', name);
    for (const d of shape) expectGraph(Number.isInteger(d) && d > 0, `param '${name}'`, `shape must be static positive integers, got ${fmt(shape)}`);
    const v = this.one('param', { name, init }, [], shape);
    this.names.set(name, v);
    this.paramSpecs.push({ name, shape: [...shape], init, value: v });
    return v;
  }

  /** A non-trainable float32 tensor embedded in the model (e.g. a Sobel kernel). */
  constant(name: string, shape: readonly number[], data: ArrayLike<number>): Value {
    this.claim('constant', name);
    const n = shape.reduce((a, b) => a * b, 1);
    expectGraph(data.length === n, `constant '${name}'`, `shape ${fmt(shape)} needs ${n} values, got ${data.length}`);
    const v = this.one('const', { name, data: Float32Array.from(data) }, [], shape);
    this.names.set(name, v);
    return v;
  }

  /** A float32 scalar constant (shape []); equal values share one constant. */
  scalar(x: number): Value {
    const key = Object.is(x, -0) ? 0 : x;
    let v = this.scalars.get(key);
    if (v === undefined) {
      v = this.one('const', { name: `#s${this.nodes.length}`, data: Float32Array.of(x) }, [], []);
      this.scalars.set(key, v);
    }
    return v;
  }

  /** An int64 vector constant, for shape and index arguments of raw ONNX ops. */
  int64s(values: readonly number[]): Value {
    return this.one('const', { name: `#i${this.nodes.length}`, data: BigInt64Array.from(values.map((x) => BigInt(x))) }, [], [values.length], 'int64');
  }

  /** Every parameter declared so far, in declaration order. */
  params(): readonly ParamSpec[] {
    return this.paramSpecs;
  }

  /** The graph input with this name, if any. */
  lookup(name: string): Value | undefined {
    return this.names.get(name);
  }

  private operand(x: Operand): Value {
    return typeof x === 'number' ? this.scalar(x) : x;
  }

  // ---- convolution, pooling, resampling -----------------------------------------------------

  /**
   * 2-D convolution, stride 1. x [N, Cin, H, W], w [Cout, Cin/groups, kh, kw] (kernels 1–11),
   * optional bias b [Cout]. 'same' pads (k−1)/2 with the odd pixel after, as Keras does.
   */
  conv2d(x: Value, w: Value, b?: Value | null, options?: Conv2dOptions): Value {
    const label = w.node.op === 'param' || w.node.op === 'const' ? `conv2d '${w.node.attrs.name}'` : 'conv2d';
    checkAttrKeys(label, options, ['padding', 'groups']);
    const padding = options?.padding ?? 'same';
    const groups = options?.groups ?? 1;
    expectGraph(padding === 'same' || padding === 'valid', label, `padding must be 'same' or 'valid', got '${String(padding)}'`);
    expectGraph(Number.isInteger(groups) && groups >= 1, label, `groups must be a positive integer, got ${groups}`);
    expectGraph(x.rank === 4, label, `input must be [N,C,H,W], got ${fmt(x.shape)}`);
    expectGraph(w.rank === 4, label, `kernel must be [Cout,Cin/groups,kh,kw], got ${fmt(w.shape)}`);
    const [cout, cg, kh, kw] = w.shape as [Dim, Dim, Dim, Dim];
    const cin = x.shape[1] as Dim;
    expectGraph(typeof cout === 'number' && typeof cg === 'number' && typeof kh === 'number' && typeof kw === 'number', label, `kernel shape must be static, got ${fmt(w.shape)}`);
    expectGraph(typeof cin === 'number', label, `input channels must be static, got ${fmt(x.shape)}`);
    expectGraph(kh >= 1 && kh <= 11 && kw >= 1 && kw <= 11, label, `kernel size ${kh}x${kw} outside 1..11`);
    expectGraph(cin % groups === 0 && cout % groups === 0, label, `channels ${cin} in / ${cout} out not divisible by groups=${groups}`);
    expectGraph(cin / groups === cg, label, `input has ${cin} channels, kernel expects ${cg * groups} (input ${fmt(x.shape)}, kernel ${fmt(w.shape)}, groups ${groups})`);
    if (b) expectGraph(b.rank === 1 && b.shape[0] === cout, label, `bias must be [${cout}], got ${fmt(b.shape)}`);
    let pads: [number, number, number, number] = [0, 0, 0, 0];
    if (padding === 'same') pads = [Math.floor((kh - 1) / 2), Math.floor((kw - 1) / 2), kh - 1 - Math.floor((kh - 1) / 2), kw - 1 - Math.floor((kw - 1) / 2)];
    const h = offsetDim(x.shape[2] as Dim, pads[0] + pads[2] - kh + 1);
    const wd = offsetDim(x.shape[3] as Dim, pads[1] + pads[3] - kw + 1);
    if (typeof h === 'number') expectGraph(h > 0, label, `input ${fmt(x.shape)} smaller than kernel ${kh}x${kw}`);
    if (typeof wd === 'number') expectGraph(wd > 0, label, `input ${fmt(x.shape)} smaller than kernel ${kh}x${kw}`);
    return this.one('conv2d', { pads, groups, label }, b ? [x, w, b] : [x, w], [x.shape[0] as Dim, cout, h, wd]);
  }

  /** 2×2 max-pool, stride 2, floor for odd sizes (Keras MaxPooling2D). */
  maxPool2(x: Value): Value {
    expectGraph(x.rank === 4, 'maxpool2', `input must be [N,C,H,W], got ${fmt(x.shape)}`);
    const [n, c, h, w] = x.shape as [Dim, Dim, Dim, Dim];
    return this.one('maxpool2', {}, [x], [n, c, scaleDim(h, 1, 2), scaleDim(w, 1, 2)]);
  }

  /** 2× nearest-neighbour upsampling (Keras UpSampling2D). */
  upsample2(x: Value): Value {
    expectGraph(x.rank === 4, 'upsample2', `input must be [N,C,H,W], got ${fmt(x.shape)}`);
    const [n, c, h, w] = x.shape as [Dim, Dim, Dim, Dim];
    return this.one('upsample2', {}, [x], [n, c, scaleDim(h, 2, 1), scaleDim(w, 2, 1)]);
  }

  // ---- elementwise ------------------------------------------------------------------------

  private unary(op: 'relu' | 'sigmoid' | 'tanh' | 'exp' | 'log' | 'sqrt' | 'neg', x: Value): Value {
    expectGraph(x.dtype === 'float32', op, `needs float32, got ${x.dtype}`);
    return this.one(op, {}, [x], x.shape);
  }

  /** max(x, 0). */
  relu(x: Value): Value {
    return this.unary('relu', x);
  }
  /** Logistic sigmoid 1/(1+e^−x). */
  sigmoid(x: Value): Value {
    return this.unary('sigmoid', x);
  }
  /** Hyperbolic tangent. */
  tanh(x: Value): Value {
    return this.unary('tanh', x);
  }
  /** e^x. */
  exp(x: Value): Value {
    return this.unary('exp', x);
  }
  /** Natural logarithm. */
  log(x: Value): Value {
    return this.unary('log', x);
  }
  /** Square root. */
  sqrt(x: Value): Value {
    return this.unary('sqrt', x);
  }
  /** −x. */
  neg(x: Value): Value {
    return this.unary('neg', x);
  }

  private binary(op: 'add' | 'sub' | 'mul' | 'div', a: Operand, b: Operand): Value {
    const va = this.operand(a);
    const vb = this.operand(b);
    expectGraph(va.dtype === 'float32' && vb.dtype === 'float32', op, `needs float32 operands, got ${va.dtype} and ${vb.dtype}`);
    return this.one(op, {}, [va, vb], broadcast(op, va.shape, vb.shape));
  }

  /** a + b with numpy broadcasting. */
  add(a: Operand, b: Operand): Value {
    return this.binary('add', a, b);
  }
  /** a − b with numpy broadcasting. */
  sub(a: Operand, b: Operand): Value {
    return this.binary('sub', a, b);
  }
  /** a · b (elementwise) with numpy broadcasting. */
  mul(a: Operand, b: Operand): Value {
    return this.binary('mul', a, b);
  }
  /** a / b (elementwise) with numpy broadcasting. */
  div(a: Operand, b: Operand): Value {
    return this.binary('div', a, b);
  }

  /** Clamps to [min, max]; the gradient passes where min ≤ x ≤ max (as TensorFlow). */
  clip(x: Value, min: number, max: number): Value {
    expectGraph(min <= max, 'clip', `min ${min} > max ${max}`);
    return this.one('clip', { min, max }, [x], x.shape);
  }

  /** x². */
  square(x: Value): Value {
    return this.mul(x, x);
  }

  /** Keras 2's hard sigmoid: clip(0.2·x + 0.5, 0, 1). */
  hardSigmoid(x: Value): Value {
    return this.clip(this.add(this.mul(x, 0.2), 0.5), 0, 1);
  }

  /**
   * Inverted dropout with an explicit 0/1 mask input (drawn by the caller per step, so runs
   * are reproducible): x · mask / (1 − rate). At inference feed a mask of ones and rate 0, or
   * leave dropout out of the inference graph.
   */
  dropout(x: Value, mask: Value, rate: number): Value {
    expectGraph(rate >= 0 && rate < 1, 'dropout', `rate must be in [0,1), got ${rate}`);
    return this.mul(this.mul(x, mask), 1 / (1 - rate));
  }

  // ---- structure ------------------------------------------------------------------------

  /** Concatenates along `axis` (default 1, the channel axis); other dims must agree. */
  concat(xs: readonly Value[], axis = 1): Value {
    expectGraph(xs.length >= 1, 'concat', 'needs at least one input');
    const first = xs[0] as Value;
    const ax = normAxis('concat', axis, first.rank);
    let total: Dim | null = null;
    for (const x of xs) {
      expectGraph(x.rank === first.rank, 'concat', `ranks differ: ${xs.map((v) => fmt(v.shape)).join(' ')}`);
      for (let i = 0; i < x.rank; i++) {
        if (i !== ax) expectGraph(x.shape[i] === first.shape[i], 'concat', `axis ${i} differs: ${xs.map((v) => fmt(v.shape)).join(' ')}`);
      }
      const d = x.shape[ax] as Dim;
      total = total === null ? d : typeof total === 'number' && typeof d === 'number' ? total + d : `${total}+${d}`;
    }
    const shape = [...first.shape];
    shape[ax] = total as Dim;
    return this.one('concat', { axis: ax }, xs, shape);
  }

  /**
   * Takes [start, end) on each listed axis. A negative end counts from the end of the axis,
   * Infinity means to the end; on symbolic axes only those two forms are allowed.
   */
  slice(x: Value, starts: readonly number[], ends: readonly number[], axes: readonly number[]): Value {
    expectGraph(starts.length === ends.length && ends.length === axes.length, 'slice', 'starts, ends and axes must have equal lengths');
    const shape = [...x.shape];
    const nAxes: number[] = [];
    for (let i = 0; i < axes.length; i++) {
      const ax = normAxis('slice', axes[i] as number, x.rank);
      const s = starts[i] as number;
      const e = ends[i] as number;
      const d = x.shape[ax] as Dim;
      expectGraph(Number.isInteger(s) && s >= 0, 'slice', `start ${s} must be a non-negative integer`);
      if (typeof d === 'number') {
        const end = e === Infinity ? d : e < 0 ? d + e : e;
        expectGraph(Number.isInteger(end) && end > s && end <= d, 'slice', `[${s}, ${e}) is empty or outside axis ${ax} of ${fmt(x.shape)}`);
        shape[ax] = end - s;
      } else {
        expectGraph(e === Infinity || (Number.isInteger(e) && e < 0), 'slice', `axis ${ax} of ${fmt(x.shape)} is symbolic: end must be negative or Infinity, got ${e}`);
        shape[ax] = offsetDim(d, -s + (e === Infinity ? 0 : e));
      }
      nAxes.push(ax);
    }
    return this.one('slice', { starts: [...starts], ends: [...ends], axes: nAxes }, [x], shape);
  }

  /** Constant padding: before[i] and after[i] elements on axis i (all axes listed). */
  pad(x: Value, before: readonly number[], after: readonly number[], value = 0): Value {
    expectGraph(before.length === x.rank && after.length === x.rank, 'pad', `needs ${x.rank} before and after counts for ${fmt(x.shape)}`);
    const shape = x.shape.map((d, i) => offsetDim(d, (before[i] as number) + (after[i] as number)));
    for (const p of [...before, ...after]) expectGraph(Number.isInteger(p) && p >= 0, 'pad', `pads must be non-negative integers, got ${p}`);
    return this.one('pad', { before: [...before], after: [...after], value }, [x], shape);
  }

  /**
   * Reshape. Numbers are taken as is; a symbol that is also an input dim is copied from the
   * input at run time (so [N,1,C,H,W] → [N,C,H,W] works); at most one other symbol is inferred
   * from the element count (ONNX −1).
   */
  reshape(x: Value, shape: Shape): Value {
    let inferred = 0;
    shape.forEach((d) => {
      if (typeof d === 'string' && !x.shape.includes(d)) inferred++;
      else if (typeof d === 'number') expectGraph(Number.isInteger(d) && d > 0, 'reshape', `bad dimension ${d} in ${fmt(shape)}`);
    });
    expectGraph(inferred <= 1, 'reshape', `target ${fmt(shape)} has ${inferred} symbols not copied from ${fmt(x.shape)}; at most one can be inferred`);
    const a = x.shape.every((d) => typeof d === 'number') ? x.shape.reduce<number>((p, d) => p * (d as number), 1) : null;
    const b = shape.every((d) => typeof d === 'number') ? shape.reduce<number>((p, d) => p * (d as number), 1) : null;
    if (a !== null && b !== null) expectGraph(a === b, 'reshape', `cannot reshape ${fmt(x.shape)} (${a} elements) to ${fmt(shape)} (${b})`);
    return this.one('reshape', { shape: [...shape] }, [x], shape);
  }

  /** Permutes axes: output axis i is input axis perm[i]. */
  transpose(x: Value, perm: readonly number[]): Value {
    const sorted = [...perm].sort((p, q) => p - q);
    expectGraph(perm.length === x.rank && sorted.every((p, i) => p === i), 'transpose', `perm [${perm.join(',')}] is not a permutation of ${x.rank} axes`);
    return this.one('transpose', { perm: [...perm] }, [x], perm.map((p) => x.shape[p] as Dim));
  }

  /** Matrix product over the last two axes: [..., m, k] · [..., k, n]; leading axes must match. */
  matmul(a: Value, b: Value): Value {
    expectGraph(a.rank >= 2 && a.rank === b.rank, 'matmul', `needs equal ranks ≥ 2, got ${fmt(a.shape)} and ${fmt(b.shape)}`);
    const r = a.rank;
    for (let i = 0; i < r - 2; i++) expectGraph(a.shape[i] === b.shape[i], 'matmul', `batch axis ${i} differs: ${fmt(a.shape)} vs ${fmt(b.shape)}`);
    expectGraph(a.shape[r - 1] === b.shape[r - 2], 'matmul', `inner dims differ: ${fmt(a.shape)} · ${fmt(b.shape)}`);
    return this.one('matmul', {}, [a, b], [...a.shape.slice(0, r - 1), b.shape[r - 1] as Dim]);
  }

  private reduce(op: 'reduce_sum' | 'reduce_mean', x: Value, axes: readonly number[] | undefined, keepdims: boolean): Value {
    if (x.rank === 0 && (axes === undefined || axes.length === 0)) return x;
    const ax = (axes ?? x.shape.map((_, i) => i)).map((a) => normAxis(op, a, x.rank));
    expectGraph(ax.length > 0 && new Set(ax).size === ax.length, op, `axes [${(axes ?? []).join(',')}] must be distinct and non-empty`);
    const shape: Dim[] = [];
    x.shape.forEach((d, i) => {
      if (!ax.includes(i)) shape.push(d);
      else if (keepdims) shape.push(1);
    });
    return this.one(op, { axes: [...ax].sort((p, q) => p - q), keepdims }, [x], shape);
  }

  /** Sum over `axes` (default all, giving a scalar). */
  sum(x: Value, axes?: readonly number[], keepdims = false): Value {
    return this.reduce('reduce_sum', x, axes, keepdims);
  }

  /** Mean over `axes` (default all, giving a scalar). */
  mean(x: Value, axes?: readonly number[], keepdims = false): Value {
    return this.reduce('reduce_mean', x, axes, keepdims);
  }

  // ---- raw ONNX ---------------------------------------------------------------------------

  /**
   * A raw ONNX node with declared output shapes and no gradient rule. Gradient and optimizer
   * code use it for ops that are never differentiated; models should not need it.
   */
  onnx(opType: string, inputs: readonly (Value | null)[], attrs: Readonly<Record<string, OnnxAttr>>, outs: readonly { shape: Shape; dtype?: DType }[]): Value[] {
    return this.addNode('onnx', { opType, attrs }, inputs, outs.map((o) => ({ shape: o.shape, dtype: o.dtype ?? 'float32' })));
  }

  /** Raw ONNX node with one output of the given shape. */
  onnx1(opType: string, inputs: readonly (Value | null)[], attrs: Readonly<Record<string, OnnxAttr>>, shape: Shape, dtype: DType = 'float32'): Value {
    return this.onnx(opType, inputs, attrs, [{ shape, dtype }])[0] as Value;
  }
}
