// ONNX export: the exported file, opened in a fresh onnxruntime-node session and fed the way the
// file's metadata tells a user to (reflect-pad, radial channel, crop, clamp), reproduces the
// Deblurrer; a sequence file carries the recurrent state as inputs and outputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { imageFrom, InputError, type Image } from '../../src/image/index.js';
import { Deblurrer, exportInferenceOnnx, EXPORT_METADATA_PREFIX } from '../../src/deblur/index.js';
import { buildInferenceNetwork, type LoadedWeights, type NetworkSpec } from '../../src/models/index.js';
import { initParams } from '../../src/nn/index.js';
import onnxProto from 'onnx-proto';
import { dpSample } from '../train/loop-data.js';
import { userInput } from './onnx-user-input.js';

const { onnx } = onnxProto;

function weights(spec: NetworkSpec, seed = 28): LoadedWeights {
  return { kind: spec, params: initParams(buildInferenceNetwork(spec).graph, seed), metadata: {} };
}

function cropClamp(y: ort.Tensor, w: number, h: number): Image {
  const [, , ph, pw] = y.dims as number[];
  const src = y.data as Float32Array;
  const out = new Float32Array(3 * w * h);
  for (let c = 0; c < 3; c++) for (let r = 0; r < h; r++) for (let x = 0; x < w; x++) out[c * w * h + r * w + x] = Math.min(1, Math.max(0, src[(c * ph! + r) * pw! + x]!));
  return imageFrom(out, w, h, 3, 'srgb');
}

function maxDiff(a: Image, b: Image): number {
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(a.data[i]! - b.data[i]!));
  return m;
}

function spread(img: Image): number {
  return Math.max(...img.data) - Math.min(...img.data);
}

test('RDPD, one image: dynamic H and W, metadata, and the Deblurrer\'s output from a fresh session', async () => {
  const spec: NetworkSpec = { model: 'rdpd', width: 0.125, residual: true };
  const w = weights(spec);
  const file = exportInferenceOnnx(w, 'single');
  assert.deepEqual(file.inputs, ['x']);
  assert.deepEqual(file.outputs, ['y']);
  const model = onnx.ModelProto.decode(file.bytes);
  const meta = Object.fromEntries(model.metadataProps.map((p) => [p.key, p.value]));
  assert.equal(meta[`${EXPORT_METADATA_PREFIX}model`], 'rdpd');
  assert.equal(meta[`${EXPORT_METADATA_PREFIX}residual`], 'true');
  const xDims = model.graph!.input!.find((i) => i.name === 'x')!.type!.tensorType!.shape!.dim!;
  assert.deepEqual(xDims.map((d) => d.dimParam || Number(d.dimValue)), ['N', 7, 'H', 'W']);
  assert.equal(model.graph!.initializer!.length > 10, true, 'weights are embedded');

  const session = await ort.InferenceSession.create(file.bytes);
  const d = await Deblurrer.create(w, { threads: 2 });
  try {
    // Two sizes through one file: the graph is not fixed to one H, W.
    for (const [W, H] of [[37, 29], [64, 48]] as const) {
      const s = dpSample(W, H, W);
      const expected = await d.deblur(s.left, s.right);
      const out = await session.run({ x: userInput(s.left, s.right, 7) });
      const got = cropClamp(out['y']!, W, H);
      assert.ok(maxDiff(got, expected) < 1e-5, `${W}x${H}: max difference ${maxDiff(got, expected)}`);
      assert.ok(spread(got) > 0.05, 'a real image, not a flat one');
    }
  } finally {
    await d.release();
    await session.release();
  }
});

test('RDPD, sequence: h1, c1 fed back as h0, c0 reproduce a Deblurrer sequence frame by frame', async () => {
  const spec: NetworkSpec = { model: 'rdpd', width: 0.125 };
  const w = weights(spec);
  const file = exportInferenceOnnx(w, 'sequence');
  assert.deepEqual(file.inputs, ['x', 'h0', 'c0']);
  assert.deepEqual(file.outputs, ['y', 'h1', 'c1']);
  const session = await ort.InferenceSession.create(file.bytes);
  const d = await Deblurrer.create(w, { threads: 2 });
  const seq = d.sequence();
  const units = (buildInferenceNetwork(spec).graph.lookup('h0')!.shape[1]) as number;
  let h: ort.Tensor = new ort.Tensor('float32', new Float32Array(units * 2 * 2), [1, units, 2, 2]);
  let c = h;
  let last: Image | undefined;
  try {
    for (let t = 0; t < 3; t++) {
      const s = dpSample(32, 32, 50 + t);
      const expected = await seq.next(s.left, s.right);
      const out = await session.run({ x: userInput(s.left, s.right, 7), h0: h, c0: c });
      h = out['h1']!;
      c = out['c1']!;
      last = cropClamp(out['y']!, 32, 32);
      assert.ok(maxDiff(last, expected) < 1e-5, `frame ${t}: ${maxDiff(last, expected)}`);
    }
    // The carried state matters: the last frame alone differs.
    const s = dpSample(32, 32, 52);
    const alone = cropClamp((await session.run({ x: userInput(s.left, s.right, 7), h0: new ort.Tensor('float32', new Float32Array(units * 4), [1, units, 2, 2]), c0: new ort.Tensor('float32', new Float32Array(units * 4), [1, units, 2, 2]) }))['y']!, 32, 32);
    assert.ok(maxDiff(alone, last!) > 1e-4);
  } finally {
    await d.release();
    await session.release();
  }
});

test('DPDNet exports as a 6-channel single-image graph; a sequence export of it is refused naming frames', async () => {
  const spec: NetworkSpec = { model: 'dpdnet', width: 0.0625 };
  const w = weights(spec, 3);
  assert.throws(() => exportInferenceOnnx(w, 'sequence'), (e: unknown) => e instanceof InputError && e.subject === 'frames');
  const file = exportInferenceOnnx(w);
  const session = await ort.InferenceSession.create(file.bytes);
  const d = await Deblurrer.create(w, { threads: 2 });
  try {
    const s = dpSample(40, 24, 5);
    const got = cropClamp((await session.run({ x: userInput(s.left, s.right, 6) }))['y']!, 40, 24);
    assert.ok(maxDiff(got, await d.deblur(s.left, s.right)) < 1e-5);
  } finally {
    await d.release();
    await session.release();
  }
});
