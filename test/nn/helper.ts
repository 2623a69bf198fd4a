// The one op-test helper (tinygrad's helper_test_op habit): build op → Σ(y·R) with a random
// weight R, run forward and gradient through ONNX Runtime, and compare the gradient with
// central finite differences (forward graph in ORT, differences accumulated in float64) and,
// when given, the value and gradient with TensorFlow.js on its plain CPU backend.
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../src/image/index.js';
import { Graph, exportOnnx, gradients, zeros, type ConvGradOptions, type Value } from '../../src/nn/index.js';

await tf.setBackend('cpu');

export interface OpInput {
  shape: number[];
  /** Draws one element; default standard normal. Keep draws away from kinks by ≫ eps. */
  sample?: (rng: Rng) => number;
}

export interface OpCase {
  inputs: OpInput[];
  build: (g: Graph, xs: Value[]) => Value;
  /** The same op in TensorFlow.js, NCHW in and out. */
  tf?: (xs: tf.Tensor[]) => tf.Tensor;
  /** Finite-difference step (default 5e-3). */
  eps?: number;
  /** Inputs whose gradient is not checked (e.g. 0/1 masks). */
  constantInputs?: number[];
  seed?: number;
  /** Convolution-gradient formulation to test (default: the library default). */
  convGrad?: ConvGradOptions;
}

const sessionOpts: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' };

function norm(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) ** 2;
  return Math.sqrt(s);
}

/** ||a − b|| / max(||b||, floor): one number that a wrong rule pushes to O(1). */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-3): number {
  assert.equal(a.length, b.length);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += ((a[i] as number) - (b[i] as number)) ** 2;
  return Math.sqrt(s) / Math.max(norm(b), floor);
}

/** Runs the op case; throws (assert) on any mismatch. */
export async function helperTestOp(c: OpCase): Promise<void> {
  const rng = new Rng(c.seed ?? 1234);
  const g = new Graph();
  const xs = c.inputs.map((inp, i) => g.param(`x${i}`, inp.shape, zeros()));
  const y = c.build(g, xs);
  const yShape = y.shape as number[];
  assert.ok(yShape.every((d) => typeof d === 'number'), 'op tests use static shapes');
  const ySize = yShape.reduce((a, b) => a * b, 1);
  const rData = Float32Array.from({ length: ySize }, () => rng.normal());
  const loss = g.sum(g.mul(y, g.constant('R', yShape, rData)));
  const checked = xs.map((_, i) => !(c.constantInputs ?? []).includes(i));
  const grads = gradients(g, loss, xs.filter((_, i) => checked[i]), c.convGrad);
  const outputs: Record<string, Value> = { y, loss };
  let k = 0;
  xs.forEach((x, i) => {
    if (!checked[i]) return;
    const gv = grads[k++];
    assert.ok(gv, `no gradient path to input ${i}`);
    assert.deepEqual(gv.shape, x.shape, `gradient ${i} shape`);
    outputs[`g${i}`] = gv;
  });
  const full = await ort.InferenceSession.create(exportOnnx(g, outputs, { params: 'inputs' }), sessionOpts);
  const fwd = await ort.InferenceSession.create(exportOnnx(g, { y }, { params: 'inputs' }), sessionOpts);
  const values = c.inputs.map((inp) => Float32Array.from({ length: inp.shape.reduce((a, b) => a * b, 1) }, () => (inp.sample ?? ((r: Rng) => r.normal()))(rng)));
  const feeds = (): Record<string, ort.Tensor> => Object.fromEntries(values.map((v, i) => [`x${i}`, new ort.Tensor('float32', v, c.inputs[i]!.shape)]));
  const res = await full.run(feeds());
  const yOrt = res.y!.data as Float32Array;

  const eps = c.eps ?? 5e-3;
  const weighted = (a: Float32Array): number => {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += (a[i] as number) * (rData[i] as number);
    return s;
  };
  for (let i = 0; i < values.length; i++) {
    if (!checked[i]) continue;
    const v = values[i]!;
    const fd = new Float64Array(v.length);
    for (let j = 0; j < v.length; j++) {
      const keep = v[j] as number;
      v[j] = keep + eps;
      const plus = weighted((await fwd.run(feeds())).y!.data as Float32Array);
      v[j] = keep - eps;
      const minus = weighted((await fwd.run(feeds())).y!.data as Float32Array);
      v[j] = keep;
      fd[j] = (plus - minus) / (2 * Math.fround(eps));
    }
    const got = res[`g${i}`]!.data as Float32Array;
    const e = relErr(got, fd);
    assert.ok(e < 1e-2, `input ${i}: gradient vs finite differences relative error ${e.toExponential(2)}\n ours ${[...got.slice(0, 6)]}\n fd   ${[...fd.slice(0, 6)]}`);
  }

  if (c.tf) {
    const tfIn = values.map((v, i) => tf.tensor(v, c.inputs[i]!.shape));
    const tfY = c.tf(tfIn);
    assert.deepEqual(tfY.shape, yShape, 'tfjs output shape');
    const ye = relErr(yOrt, tfY.dataSync());
    assert.ok(ye < 1e-5, `value vs tfjs relative error ${ye.toExponential(2)}`);
    const r = tf.tensor(rData, yShape);
    const tfGrads = tf.grads((...a: tf.Tensor[]) => tf.sum(tf.mul(c.tf!(a), r)))(tfIn);
    for (let i = 0; i < values.length; i++) {
      if (!checked[i]) continue;
      const e = relErr(res[`g${i}`]!.data as Float32Array, tfGrads[i]!.dataSync());
      assert.ok(e < 1e-5, `input ${i}: gradient vs tfjs relative error ${e.toExponential(2)}`);
    }
    tf.dispose([...tfIn, tfY, r, ...tfGrads]);
  }
  await full.release();
  await fwd.release();
}

/** NCHW ↔ NHWC for TensorFlow.js ops that only take channels-last. */
export const nhwc = (x: tf.Tensor): tf.Tensor4D => tf.transpose(x, [0, 2, 3, 1]) as tf.Tensor4D;
export const nchw = (x: tf.Tensor): tf.Tensor4D => tf.transpose(x, [0, 3, 1, 2]) as tf.Tensor4D;
export { tf };
