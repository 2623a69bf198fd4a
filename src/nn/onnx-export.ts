import { endianness } from 'node:os';
import onnxProto from 'onnx-proto';
import type { onnx as P } from 'onnx-proto';
import { GraphError, expectGraph } from './errors.js';
import type { Graph, Node, Value } from './graph.js';
import type { DType, OnnxAttr } from './ops.js';
import { fmt, type Dim } from './shape.js';
import type { ParamStore } from './tensor.js';

const { onnx } = onnxProto;

/** The ONNX opset the exporter targets (onnxruntime-node 1.30 runs opsets up to 23). */
export const OPSET = 17;

const INT64_MAX = 9223372036854775807n;
const ELEM: Record<DType, number> = { float32: 1, int64: 7, bool: 9 };

if (endianness() !== 'LE') throw new Error('dualpix nn: ONNX raw tensor data is little-endian; big-endian hosts are not supported');

/** How parameters appear in the exported model. */
export interface ExportOptions {
  /** 'initializers' embeds `values` in the file (inference); 'inputs' makes each parameter a graph input (training). */
  params: 'initializers' | 'inputs';
  /** Parameter values, required for 'initializers'. */
  values?: ParamStore;
  /** Model name recorded in the file. */
  name?: string;
  /** Key/value strings stored as the model's metadata_props (how to feed it, what it was trained as). */
  metadata?: Readonly<Record<string, string>>;
  /** Free text stored as the model's doc_string. */
  docString?: string;
}

function bytesOf(data: Float32Array | BigInt64Array): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function tensorProto(name: string, dims: readonly number[], data: Float32Array | BigInt64Array): P.ITensorProto {
  return { name, dims: [...dims], dataType: data instanceof Float32Array ? ELEM.float32 : ELEM.int64, rawData: bytesOf(data) };
}

function attrProto(name: string, a: OnnxAttr): P.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if ('i' in a) return { name, type: T.INT, i: a.i };
  if ('f' in a) return { name, type: T.FLOAT, f: a.f };
  if ('s' in a) return { name, type: T.STRING, s: new TextEncoder().encode(a.s) };
  if ('ints' in a) return { name, type: T.INTS, ints: [...a.ints] };
  return { name, type: T.FLOATS, floats: [...a.floats] };
}

function dimProto(d: Dim): P.TensorShapeProto.IDimension {
  if (typeof d === 'number') return { dimValue: d };
  return /^[A-Za-z_]\w*$/.test(d) ? { dimParam: d } : {};
}

function valueInfo(name: string, dtype: DType, shape: readonly Dim[]): P.IValueInfoProto {
  return { name, type: { tensorType: { elemType: ELEM[dtype], shape: { dim: shape.map(dimProto) } } } };
}

function i64(values: readonly number[]): BigInt64Array {
  return BigInt64Array.from(values.map((v) => (v === Infinity ? INT64_MAX : v === -Infinity ? -INT64_MAX : BigInt(v))));
}

/** Values the outputs depend on, as nodes in creation (= topological) order. */
export function reachableNodes(g: Graph, roots: readonly Value[]): Node[] {
  const seen = new Set<number>();
  const stack = roots.map((v) => v.node);
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (seen.has(n.id)) continue;
    seen.add(n.id);
    for (const v of n.inputs) if (v !== null && !seen.has(v.node.id)) stack.push(v.node);
  }
  return g.nodes.filter((n) => seen.has(n.id));
}

/**
 * Serializes the part of `g` that `outputs` depend on as an ONNX model (opset 17), outputs
 * named by the record's keys. Returns the protobuf bytes.
 */
export function exportOnnx(g: Graph, outputs: Readonly<Record<string, Value>>, options: ExportOptions): Uint8Array {
  const outNames = Object.keys(outputs);
  expectGraph(outNames.length > 0, 'export', 'no outputs requested');
  const nodes = reachableNodes(g, Object.values(outputs));
  const rename = new Map<Value, string>();
  const identities: [string, string][] = [];
  for (const name of outNames) {
    const v = outputs[name] as Value;
    expectGraph(g.lookup(name) === undefined || g.lookup(name) === v, 'export', `output name '${name}' is also an input or parameter name`);
    const leaf = v.node.op === 'input' || v.node.op === 'param' || v.node.op === 'const';
    if (!leaf && !rename.has(v)) rename.set(v, name);
    else identities.push([nameOf(v), name]);
  }
  function nameOf(v: Value | null): string {
    if (v === null) return '';
    return rename.get(v) ?? v.name;
  }

  const graphInputs: P.IValueInfoProto[] = [];
  const initializers: P.ITensorProto[] = [];
  const protoNodes: P.INodeProto[] = [];
  const emit = (opType: string, inputs: readonly string[], outs: readonly string[], attrs: Record<string, OnnxAttr> = {}): void => {
    protoNodes.push({
      opType,
      input: [...inputs],
      output: [...outs],
      name: `${opType}_${protoNodes.length}`,
      attribute: Object.entries(attrs).map(([k, a]) => attrProto(k, a)),
    });
  };
  const constName = (owner: string, slot: string, dims: readonly number[], data: Float32Array | BigInt64Array): string => {
    const name = `${owner}:${slot}`;
    initializers.push(tensorProto(name, dims, data));
    return name;
  };

  for (const node of nodes) {
    const out = node.outputs.map((v) => nameOf(v));
    const o = out[0] as string;
    const ins = node.inputs.map(nameOf);
    const x = ins[0] as string;
    switch (node.op) {
      case 'input': {
        const v = node.outputs[0] as Value;
        graphInputs.push(valueInfo(node.attrs.name, v.dtype, v.shape));
        break;
      }
      case 'param': {
        const v = node.outputs[0] as Value;
        const shape = v.shape as number[];
        if (options.params === 'inputs') {
          graphInputs.push(valueInfo(node.attrs.name, 'float32', shape));
        } else {
          const t = options.values?.get(node.attrs.name);
          if (t === undefined) throw new GraphError(`param '${node.attrs.name}'`, 'no value given for export (initialize or load the parameters first)');
          expectGraph(t.shape.length === shape.length && t.shape.every((d, i) => d === shape[i]), `param '${node.attrs.name}'`, `value has shape ${fmt(t.shape)}, graph declares ${fmt(shape)}`);
          initializers.push(tensorProto(node.attrs.name, shape, t.data));
        }
        break;
      }
      case 'const':
        initializers.push(tensorProto(node.attrs.name, (node.outputs[0] as Value).shape as number[], node.attrs.data));
        break;
      case 'conv2d': {
        const w = node.inputs[1] as Value;
        emit('Conv', ins, out, {
          kernel_shape: { ints: [w.shape[2] as number, w.shape[3] as number] },
          pads: { ints: node.attrs.pads },
          strides: { ints: [1, 1] },
          dilations: { ints: [1, 1] },
          group: { i: node.attrs.groups },
        });
        break;
      }
      case 'relu':
      case 'sigmoid':
      case 'tanh':
      case 'exp':
      case 'log':
      case 'sqrt':
      case 'neg':
        emit(node.op.charAt(0).toUpperCase() + node.op.slice(1), ins, out);
        break;
      case 'add':
      case 'sub':
      case 'mul':
      case 'div':
        emit(node.op.charAt(0).toUpperCase() + node.op.slice(1), ins, out);
        break;
      case 'clip':
        emit('Clip', [x, constName(o, 'min', [], Float32Array.of(node.attrs.min)), constName(o, 'max', [], Float32Array.of(node.attrs.max))], out);
        break;
      case 'maxpool2':
        emit('MaxPool', ins, out, { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } });
        break;
      case 'upsample2':
        emit('Resize', [x, '', constName(o, 'scales', [4], Float32Array.of(1, 1, 2, 2))], out, {
          mode: { s: 'nearest' },
          coordinate_transformation_mode: { s: 'asymmetric' },
          nearest_mode: { s: 'floor' },
        });
        break;
      case 'concat':
        emit('Concat', ins, out, { axis: { i: node.attrs.axis } });
        break;
      case 'slice': {
        const a = node.attrs;
        const n = a.axes.length;
        emit('Slice', [x, constName(o, 'starts', [n], i64(a.starts)), constName(o, 'ends', [n], i64(a.ends)), constName(o, 'axes', [n], i64(a.axes))], out);
        break;
      }
      case 'pad': {
        const a = node.attrs;
        const pads = [...a.before, ...a.after];
        emit('Pad', [x, constName(o, 'pads', [pads.length], i64(pads)), constName(o, 'value', [], Float32Array.of(a.value))], out, { mode: { s: 'constant' } });
        break;
      }
      case 'reshape': {
        const src = (node.inputs[0] as Value).shape;
        const target = node.attrs.shape;
        const moved = target.some((d, i) => typeof d === 'string' && src[i] !== d && src.includes(d));
        if (!moved) {
          const t = target.map((d, i) => (typeof d === 'number' ? d : src[i] === d ? 0 : -1));
          emit('Reshape', [x, constName(o, 'shape', [t.length], i64(t))], out);
          break;
        }
        // A symbol moved to another axis: assemble the target shape from the input's runtime shape.
        const shapeName = `${o}:inshape`;
        emit('Shape', [x], [shapeName]);
        const pieces = target.map((d, i) => {
          const j = typeof d === 'string' ? src.indexOf(d) : -1;
          if (j < 0) return constName(o, `d${i}`, [1], i64([typeof d === 'number' ? d : -1]));
          const piece = `${o}:d${i}`;
          emit('Slice', [shapeName, constName(o, `s${i}`, [1], i64([j])), constName(o, `e${i}`, [1], i64([j + 1]))], [piece]);
          return piece;
        });
        emit('Concat', pieces, [`${o}:shape`], { axis: { i: 0 } });
        emit('Reshape', [x, `${o}:shape`], out);
        break;
      }
      case 'transpose':
        emit('Transpose', ins, out, { perm: { ints: node.attrs.perm } });
        break;
      case 'matmul':
        emit('MatMul', ins, out);
        break;
      case 'reduce_sum':
        emit('ReduceSum', [x, constName(o, 'axes', [node.attrs.axes.length], i64(node.attrs.axes))], out, { keepdims: { i: node.attrs.keepdims ? 1 : 0 } });
        break;
      case 'reduce_mean':
        emit('ReduceMean', ins, out, { axes: { ints: node.attrs.axes }, keepdims: { i: node.attrs.keepdims ? 1 : 0 } });
        break;
      case 'onnx':
        emit(node.attrs.opType, ins, out, { ...node.attrs.attrs });
        break;
      default: {
        // A new op added to OpAttrs without an export rule fails to compile here.
        const missing: never = node;
        throw new GraphError('exportOnnx', `no ONNX rule for op '${(missing as Node).op}'`);
      }
    }
  }
  for (const [from, to] of identities) emit('Identity', [from], [to]);

  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'dualpix',
    opsetImport: [{ domain: '', version: OPSET }],
    metadataProps: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
    ...(options.docString === undefined ? {} : { docString: options.docString }),
    graph: {
      name: options.name ?? 'dualpix',
      node: protoNodes,
      initializer: initializers,
      input: graphInputs,
      output: outNames.map((name) => {
        const v = outputs[name] as Value;
        return valueInfo(name, v.dtype, v.shape);
      }),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
