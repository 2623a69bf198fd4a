import { DEFAULT_CONV_GRAD, convInputGrad, convWeightGrad, type ConvGradOptions } from './conv-grad.js';
import { GraphError, expectGraph } from './errors.js';
import type { Graph, Node, Value } from './graph.js';
import { reachableNodes } from './onnx-export.js';
import type { OpName } from './ops.js';
import { fmt, staticSize, type Dim, type Shape } from './shape.js';

type DiffOp = Exclude<OpName, 'input' | 'param' | 'const' | 'onnx'>;
type NodeOf<K extends OpName> = Extract<Node, { op: K }>;

/**
 * A gradient rule: given the node, the gradient of the loss with respect to its (single)
 * output, and which inputs need a gradient, returns one gradient per input (null where not
 * wanted). Rules build their result from graph ops, so the backward pass is itself a graph.
 */
type Rule<K extends DiffOp> = (g: Graph, node: NodeOf<K>, dy: Value, wants: readonly boolean[], opts: ConvGradOptions) => (Value | null)[];

const shapeOf = (g: Graph, x: Value): Value => g.onnx1('Shape', [x], {}, [x.rank], 'int64');

/** Sums a broadcast gradient back down to `shape` (numpy broadcasting in reverse). */
function sumTo(g: Graph, dy: Value, shape: Shape): Value {
  let v = dy;
  const lead = dy.rank - shape.length;
  if (lead > 0) v = g.sum(v, Array.from({ length: lead }, (_, i) => i), false);
  const axes: number[] = [];
  shape.forEach((d, i) => {
    if (d === 1 && v.shape[i] !== 1) axes.push(i);
  });
  return axes.length > 0 ? g.sum(v, axes, true) : v;
}

function where(g: Graph, cond: Value, dy: Value): Value {
  return g.onnx1('Where', [cond, dy, g.scalar(0)], {}, dy.shape);
}

/** Broadcasts a reduced gradient back over the reduced axes of x. */
function unreduce(g: Graph, node: NodeOf<'reduce_sum' | 'reduce_mean'>, dy: Value): Value {
  const x = node.inputs[0] as Value;
  const kept = node.attrs.keepdims ? dy : g.onnx1('Unsqueeze', [dy, g.int64s(node.attrs.axes)], {}, x.shape.map((d, i) => (node.attrs.axes.includes(i) ? 1 : d)));
  return g.onnx1('Expand', [kept, shapeOf(g, x)], {}, x.shape);
}

/** The one gradient table: every differentiable primitive and its rule, nothing else. */
const RULES: { [K in DiffOp]: Rule<K> } = {
  conv2d: (g, n, dy, wants, opts) => {
    const [x, w] = n.inputs as [Value, Value];
    return [
      wants[0] ? convInputGrad(g, dy, w, n.attrs.pads, n.attrs.groups, x.shape, opts.input) : null,
      wants[1] ? convWeightGrad(g, x, dy, w, n.attrs.pads, n.attrs.groups, opts.weight) : null,
      wants[2] ? g.sum(dy, [0, 2, 3]) : null,
    ];
  },
  // y = relu(x) is 0 or positive, so sign(y) is the 0/1 mask; reading y rather than x lets
  // ONNX Runtime still fuse Conv+Relu, and Sign·Mul is faster than Greater+Where.
  relu: (g, n, dy) => [g.mul(dy, g.onnx1('Sign', [n.outputs[0] as Value], {}, dy.shape))],
  sigmoid: (g, n, dy) => {
    const y = n.outputs[0] as Value;
    return [g.mul(dy, g.mul(y, g.sub(1, y)))];
  },
  tanh: (g, n, dy) => [g.mul(dy, g.sub(1, g.square(n.outputs[0] as Value)))],
  exp: (g, n, dy) => [g.mul(dy, n.outputs[0] as Value)],
  log: (g, n, dy) => [g.div(dy, n.inputs[0] as Value)],
  sqrt: (g, n, dy) => [g.div(g.mul(dy, 0.5), n.outputs[0] as Value)],
  neg: (g, _n, dy) => [g.neg(dy)],
  add: (g, n, dy, wants) => {
    const [a, b] = n.inputs as [Value, Value];
    return [wants[0] ? sumTo(g, dy, a.shape) : null, wants[1] ? sumTo(g, dy, b.shape) : null];
  },
  sub: (g, n, dy, wants) => {
    const [a, b] = n.inputs as [Value, Value];
    return [wants[0] ? sumTo(g, dy, a.shape) : null, wants[1] ? sumTo(g, g.neg(dy), b.shape) : null];
  },
  mul: (g, n, dy, wants) => {
    const [a, b] = n.inputs as [Value, Value];
    return [wants[0] ? sumTo(g, g.mul(dy, b), a.shape) : null, wants[1] ? sumTo(g, g.mul(dy, a), b.shape) : null];
  },
  div: (g, n, dy, wants) => {
    const [a, b] = n.inputs as [Value, Value];
    const y = n.outputs[0] as Value;
    return [wants[0] ? sumTo(g, g.div(dy, b), a.shape) : null, wants[1] ? sumTo(g, g.neg(g.div(g.mul(dy, y), b)), b.shape) : null];
  },
  clip: (g, n, dy) => {
    const x = n.inputs[0] as Value;
    const lo = g.onnx1('GreaterOrEqual', [x, g.scalar(n.attrs.min)], {}, x.shape, 'bool');
    const hi = g.onnx1('LessOrEqual', [x, g.scalar(n.attrs.max)], {}, x.shape, 'bool');
    return [where(g, g.onnx1('And', [lo, hi], {}, x.shape, 'bool'), dy)];
  },
  maxpool2: (g, n, dy) => {
    // Route each pooled gradient to the element MaxPool picked (its flat index over the whole tensor).
    const x = n.inputs[0] as Value;
    const [, idx] = g.onnx('MaxPool', [x], { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } }, [{ shape: dy.shape }, { shape: dy.shape, dtype: 'int64' }]) as [Value, Value];
    const size = g.onnx1('Reshape', [g.onnx1('Size', [x], {}, [], 'int64'), g.int64s([1])], {}, [1], 'int64');
    const zeros = g.onnx1('ConstantOfShape', [size], {}, ['size']);
    const flat = (v: Value, dtype: 'float32' | 'int64'): Value => g.onnx1('Reshape', [v, g.int64s([-1])], {}, ['pooled'], dtype);
    const scattered = g.onnx1('ScatterElements', [zeros, flat(idx, 'int64'), flat(dy, 'float32')], { axis: { i: 0 } }, ['size']);
    return [g.onnx1('Reshape', [scattered, shapeOf(g, x)], {}, x.shape)];
  },
  upsample2: (g, n, dy) => {
    const x = n.inputs[0] as Value;
    const avg = g.onnx1('AveragePool', [dy], { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } }, x.shape);
    return [g.mul(avg, 4)];
  },
  concat: (g, n, dy) => {
    const ax = n.attrs.axis;
    let at = 0;
    return n.inputs.map((v) => {
      const d = (v as Value).shape[ax] as Dim;
      if (typeof d !== 'number') throw new GraphError('concat', `gradient needs static sizes on the concat axis, got ${fmt((v as Value).shape)}`);
      const part = g.slice(dy, [at], [at + d === dy.shape[ax] ? Infinity : at + d], [ax]);
      at += d;
      return part;
    });
  },
  slice: (g, n, dy) => {
    const x = n.inputs[0] as Value;
    const before = x.shape.map(() => 0);
    const after = x.shape.map(() => 0);
    n.attrs.axes.forEach((ax, i) => {
      const s = n.attrs.starts[i] as number;
      const e = n.attrs.ends[i] as number;
      before[ax] = s;
      after[ax] = e === Infinity ? 0 : e < 0 ? -e : (x.shape[ax] as number) - e;
    });
    return [g.pad(dy, before, after)];
  },
  pad: (g, n, dy) => {
    const x = n.inputs[0] as Value;
    const axes = x.shape.map((_, i) => i);
    return [g.slice(dy, n.attrs.before, n.attrs.after.map((a) => (a > 0 ? -a : Infinity)), axes)];
  },
  reshape: (g, n, dy) => {
    const x = n.inputs[0] as Value;
    return [g.onnx1('Reshape', [dy, shapeOf(g, x)], {}, x.shape)];
  },
  transpose: (g, n, dy) => {
    const inv = n.attrs.perm.map((_, i) => n.attrs.perm.indexOf(i));
    return [g.transpose(dy, inv)];
  },
  matmul: (g, n, dy, wants) => {
    const [a, b] = n.inputs as [Value, Value];
    const swap = (v: Value): Value => g.transpose(v, v.shape.map((_, i) => (i === v.rank - 2 ? v.rank - 1 : i === v.rank - 1 ? v.rank - 2 : i)));
    return [wants[0] ? g.matmul(dy, swap(b)) : null, wants[1] ? g.matmul(swap(a), dy) : null];
  },
  reduce_sum: (g, n, dy) => [unreduce(g, n, dy)],
  reduce_mean: (g, n, dy) => {
    const x = n.inputs[0] as Value;
    const spread = unreduce(g, n, dy);
    const nx = staticSize(x.shape);
    const ny = staticSize(dy.shape);
    if (nx !== null && ny !== null) return [g.mul(spread, ny / nx)];
    const count = (v: Value): Value => g.onnx1('Cast', [g.onnx1('Size', [v], {}, [], 'int64')], { to: { i: 1 } }, []);
    return [g.mul(spread, g.div(count(dy), count(x)))];
  },
};

function combine(g: Graph, parts: readonly Value[]): Value {
  if (parts.length === 1) return parts[0] as Value;
  if (parts.length === 2) return g.add(parts[0] as Value, parts[1] as Value);
  // Shared parameters (a ConvLSTM's kernels over T steps) sum all their contributions in one op.
  return g.onnx1('Sum', parts, {}, (parts[0] as Value).shape);
}

/**
 * Reverse-mode autodiff: appends to `g` the ops computing d(loss)/d(v) for each v in `wrt`
 * (null where the loss does not depend on v). `loss` must be a float32 scalar.
 */
export function gradients(g: Graph, loss: Value, wrt: readonly Value[], opts: ConvGradOptions = DEFAULT_CONV_GRAD): (Value | null)[] {
  expectGraph(loss.rank === 0 && loss.dtype === 'float32', 'gradients', `loss must be a float32 scalar, got ${fmt(loss.shape)} ${loss.dtype}`);
  const nodes = reachableNodes(g, [loss]);
  const targets = new Set(wrt);
  const needs = new Set<Value>();
  for (const n of nodes) {
    const dependent = n.inputs.some((v) => v !== null && needs.has(v));
    for (const v of n.outputs) if (dependent || targets.has(v)) needs.add(v);
  }
  const contribs = new Map<Value, Value[]>([[loss, [g.scalar(1)]]]);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i] as Node;
    if (n.op === 'input' || n.op === 'param' || n.op === 'const') continue;
    const parts = contribs.get(n.outputs[0] as Value);
    if (parts === undefined) continue;
    const wants = n.inputs.map((v) => v !== null && needs.has(v));
    if (!wants.some(Boolean)) continue;
    if (n.op === 'onnx') throw new GraphError('gradients', `raw ONNX op ${n.attrs.opType} has no gradient rule; build the forward pass from primitives`);
    const rule = RULES[n.op] as Rule<DiffOp>;
    const dy = combine(g, parts);
    const grads = rule(g, n as NodeOf<DiffOp>, dy, wants, opts);
    n.inputs.forEach((v, k) => {
      const gv = grads[k];
      if (v === null || !wants[k] || gv === null || gv === undefined) return;
      const list = contribs.get(v);
      if (list) list.push(gv);
      else contribs.set(v, [gv]);
    });
  }
  return wrt.map((v) => {
    const parts = contribs.get(v);
    return parts === undefined ? null : combine(g, parts);
  });
}
