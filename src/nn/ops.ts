import type { Dim } from './shape.js';
import type { Initializer } from './init.js';

/**
 * The closed set of primitive ops. Every differentiable one has exactly one rule in
 * gradients.ts; everything else (hard_sigmoid, square, dropout, losses, ConvLSTM cells) is
 * composed from these. `onnx` is a raw ONNX node without a gradient, used by gradient and
 * optimizer code for ops that are never differentiated (ConvTranspose, Gemm, Where, Shape...).
 */
export interface OpAttrs {
  input: { name: string };
  param: { name: string; init: Initializer };
  const: { name: string; data: Float32Array | BigInt64Array };
  /** pads are [top, left, bottom, right] in pixels; weights [Cout, Cin/groups, kh, kw]. */
  conv2d: { pads: readonly [number, number, number, number]; groups: number; label: string };
  relu: Record<string, never>;
  sigmoid: Record<string, never>;
  tanh: Record<string, never>;
  exp: Record<string, never>;
  log: Record<string, never>;
  sqrt: Record<string, never>;
  neg: Record<string, never>;
  add: Record<string, never>;
  sub: Record<string, never>;
  mul: Record<string, never>;
  div: Record<string, never>;
  clip: { min: number; max: number };
  maxpool2: Record<string, never>;
  upsample2: Record<string, never>;
  concat: { axis: number };
  /** ends[i] < 0 counts from the end; ends[i] = Infinity means "to the end". */
  slice: { starts: readonly number[]; ends: readonly number[]; axes: readonly number[] };
  pad: { before: readonly number[]; after: readonly number[]; value: number };
  reshape: { shape: readonly Dim[] };
  transpose: { perm: readonly number[] };
  matmul: Record<string, never>;
  reduce_sum: { axes: readonly number[]; keepdims: boolean };
  reduce_mean: { axes: readonly number[]; keepdims: boolean };
  onnx: { opType: string; attrs: Readonly<Record<string, OnnxAttr>> };
}

/** A primitive op's name. */
export type OpName = keyof OpAttrs;

/** An ONNX attribute value, tagged with its ONNX type. */
export type OnnxAttr =
  | { i: number }
  | { f: number }
  | { s: string }
  | { ints: readonly number[] }
  | { floats: readonly number[] };

/** Element types a value may have; models use float32 only, int64/bool appear in gradient code. */
export type DType = 'float32' | 'int64' | 'bool';
