// Keras .hdf5 import. A reference network is built independently with TensorFlow.js layers (the
// Keras layer semantics: TimeDistributed convolutions, ConvLSTM2D, UpSampling2D, Concatenate,
// NHWC, kernels [kh, kw, Cin, Cout]); its weights are written with h5wasm in Keras 2's file layout
// (model_weights/<layer>/<layer>/kernel:0, layer_names and weight_names attributes, weightless
// layers included); importKeras reads them back and the dualpix graph must reproduce tfjs' output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import h5wasm from 'h5wasm/node';
import { InputError, Rng } from '../../src/image/index.js';
import { InferenceRunner, type HostTensor } from '../../src/nn/index.js';
import { buildInferenceGraph, importKeras } from '../../src/models/index.js';

await tf.setBackend('cpu');
await h5wasm.ready;

const dir = mkdtempSync(join(tmpdir(), 'dualpix-keras-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

/** The reference U-Net in tfjs layers; `recurrent` adds time and the ConvLSTM (RDPD), else DPDNet. */
function referenceModel(enc: number[], bottleneck: number, inputChannels: number, recurrent: boolean, size: number, frames: number): tf.LayersModel {
  let seed = 1;
  const init = () => ({ kernelInitializer: tf.initializers.heNormal({ seed: seed++ }), biasInitializer: tf.initializers.randomNormal({ stddev: 0.05, seed: seed++ }) });
  const wrap = (layer: tf.layers.Layer): tf.layers.Layer => (recurrent ? tf.layers.timeDistributed({ layer }) : layer);
  const conv = (filters: number, k: number, activation: 'relu' | 'linear' | 'sigmoid' = 'relu'): tf.layers.Layer => wrap(tf.layers.conv2d({ filters, kernelSize: k, padding: 'same', activation, ...init() }));
  const input = tf.input({ shape: recurrent ? [frames, size, size, inputChannels] : [size, size, inputChannels] });
  let x: tf.SymbolicTensor = input;
  const skips: tf.SymbolicTensor[] = [];
  enc.forEach((c, i) => {
    if (i > 0) x = wrap(tf.layers.maxPooling2d({ poolSize: 2 })).apply(x) as tf.SymbolicTensor;
    x = conv(c, 3).apply(conv(c, 3).apply(x)) as tf.SymbolicTensor;
    skips.push(x);
  });
  x = wrap(tf.layers.maxPooling2d({ poolSize: 2 })).apply(x) as tf.SymbolicTensor;
  x = conv(bottleneck, 3).apply(x) as tf.SymbolicTensor;
  if (recurrent) {
    x = tf.layers.convLstm2d({ filters: bottleneck, kernelSize: 3, padding: 'same', returnSequences: true, recurrentActivation: 'hardSigmoid', ...init(), recurrentInitializer: tf.initializers.randomNormal({ stddev: 0.05, seed: seed++ }) }).apply(x) as tf.SymbolicTensor;
  } else {
    x = conv(bottleneck, 3).apply(x) as tf.SymbolicTensor;
  }
  for (let i = enc.length - 1; i >= 0; i--) {
    const c = enc[i] as number;
    const up = conv(c, 2).apply(wrap(tf.layers.upSampling2d({ size: [2, 2] })).apply(x)) as tf.SymbolicTensor;
    x = tf.layers.concatenate({ axis: -1 }).apply([skips[i] as tf.SymbolicTensor, up]) as tf.SymbolicTensor;
    x = conv(c, 3).apply(conv(c, 3).apply(x)) as tf.SymbolicTensor;
  }
  x = conv(3, 3).apply(x) as tf.SymbolicTensor;
  x = conv(3, 1, recurrent ? 'linear' : 'sigmoid').apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x });
}

/** Writes the model's weights as Keras 2 does, with Keras 2's auto-names for the layers. */
function writeKerasFile(path: string, model: tf.LayersModel, recurrent: boolean, options: { drop?: number } = {}): void {
  const f = new h5wasm.File(path, 'w');
  f.create_attribute('keras_version', '2.2.4');
  f.create_attribute('backend', 'tensorflow');
  f.create_attribute('model_config', JSON.stringify({ class_name: 'Model', config: { layers: [{ class_name: 'ConvLSTM2D', config: { recurrent_activation: 'hard_sigmoid' } }] } }));
  const mw = f.create_group('model_weights');
  const counts = new Map<string, number>();
  const names: string[] = [];
  let withWeights = 0;
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    const base = cls === 'TimeDistributed' ? 'time_distributed' : cls === 'ConvLSTM2D' ? 'conv_lst_m2d' : cls === 'InputLayer' ? 'input' : cls === 'Conv2D' ? 'conv2d' : cls.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
    const n = (counts.get(base) ?? 0) + 1;
    counts.set(base, n);
    const name = `${base}_${n}`;
    const weights = layer.getWeights();
    if (weights.length > 0 && withWeights++ === options.drop) continue;
    names.push(name);
    const g = mw.create_group(name);
    const keys = weights.length === 3 ? ['kernel', 'recurrent_kernel', 'bias'] : ['kernel', 'bias'];
    g.create_attribute('weight_names', weights.map((_, i) => `${name}/${keys[i]}:0`));
    if (weights.length === 0) continue;
    const inner = g.create_group(name);
    weights.forEach((w, i) => inner.create_dataset({ name: `${keys[i]}:0`, data: w.dataSync() as Float32Array, shape: w.shape }));
  }
  mw.create_attribute('layer_names', names);
  f.close();
  assert.ok(recurrent === counts.has('conv_lst_m2d'));
}

const NHWC_TO_NCHW = (x: Float32Array, h: number, w: number, c: number): Float32Array => {
  const out = new Float32Array(x.length);
  for (let y = 0; y < h; y++) for (let xx = 0; xx < w; xx++) for (let k = 0; k < c; k++) out[(k * h + y) * w + xx] = x[(y * w + xx) * c + k] as number;
  return out;
};

test('RDPD: importKeras reads a Keras-layout file (TimeDistributed + ConvLSTM2D, hard sigmoid) and reproduces the Keras network over 2 frames', async () => {
  const [size, frames] = [16, 2];
  const model = referenceModel([4, 8, 16, 32], 64, 7, true, size, frames);
  const path = join(dir, 'rdpd.hdf5');
  writeKerasFile(path, model, true);
  const imp = await importKeras(path, { model: 'rdpd' });
  assert.equal(imp.config.width, 0.125);
  assert.equal(imp.config.recurrentActivation, 'hard_sigmoid', 'read from model_config');
  assert.equal(imp.matched[9]!.keras, 'conv_lst_m2d_1');
  assert.equal(imp.matched[9]!.layer, 'convlstm');

  const rng = new Rng(5);
  const input = Float32Array.from({ length: frames * size * size * 7 }, () => rng.uniform());
  const ref = model.predict(tf.tensor(input, [1, frames, size, size, 7])) as tf.Tensor;
  const refData = ref.dataSync() as Float32Array;

  const inf = buildInferenceGraph(imp.config);
  const runner = await InferenceRunner.create(inf.graph, inf.outputs, imp.params, { threads: 1 });
  let h: HostTensor = { data: new Float32Array(64), shape: [1, 64, 1, 1] };
  let c: HostTensor = h;
  const plane = size * size * 3;
  for (let t = 0; t < frames; t++) {
    const x = NHWC_TO_NCHW(input.subarray(t * size * size * 7, (t + 1) * size * size * 7), size, size, 7);
    const out = await runner.run({ x: { data: x, shape: [1, 7, size, size] }, h0: h, c0: c });
    h = out['h1']!;
    c = out['c1']!;
    const want = NHWC_TO_NCHW(refData.subarray(t * plane, (t + 1) * plane), size, size, 3).map((v) => Math.min(1, Math.max(0, v)));
    let maxErr = 0;
    let inside = 0;
    out['y']!.data.forEach((v, i) => {
      maxErr = Math.max(maxErr, Math.abs(v - (want[i] as number)));
      if ((want[i] as number) > 0 && (want[i] as number) < 1) inside++;
    });
    assert.ok(maxErr < 1e-4, `frame ${t}: max |Δ| = ${maxErr}`);
    assert.ok(inside > plane / 10, 'most outputs must be away from the clamp for the comparison to mean something');
  }
  await runner.release();
});

test('DPDNet: importKeras reads plain Conv2D layers and reproduces the Keras network', async () => {
  const size = 16;
  const model = referenceModel([4, 8, 16, 32], 64, 6, false, size, 1);
  const path = join(dir, 'dpdnet.h5');
  writeKerasFile(path, model, false);
  const imp = await importKeras(path, { model: 'dpdnet' });
  assert.equal(imp.config.width, 1 / 16);
  assert.deepEqual(imp.matched.slice(0, 2), [{ keras: 'conv2d_1', layer: 'conv1_1' }, { keras: 'conv2d_2', layer: 'conv1_2' }]);
  const rng = new Rng(6);
  const input = Float32Array.from({ length: size * size * 6 }, () => rng.uniform());
  const ref = (model.predict(tf.tensor(input, [1, size, size, 6])) as tf.Tensor).dataSync() as Float32Array;
  const inf = buildInferenceGraph(imp.config);
  const runner = await InferenceRunner.create(inf.graph, inf.outputs, imp.params, { threads: 1 });
  const out = await runner.run({ x: { data: NHWC_TO_NCHW(input, size, size, 6), shape: [1, 6, size, size] } });
  const want = NHWC_TO_NCHW(ref, size, size, 3);
  const maxErr = out['y']!.data.reduce((m, v, i) => Math.max(m, Math.abs(v - (want[i] as number))), 0);
  assert.ok(maxErr < 1e-5, `max |Δ| = ${maxErr}`);
  await runner.release();
});

test('importKeras: wrong architecture or a missing layer gives one clear error naming the layer and shapes', async () => {
  const model = referenceModel([4, 8, 16, 32], 64, 6, false, 16, 1);
  const path = join(dir, 'dpdnet-as-rdpd.h5');
  writeKerasFile(path, model, false);
  // A DPDNet file read as RDPD: the first kernel has 6 input channels where RDPD needs 7.
  await assert.rejects(importKeras(path, { model: 'rdpd' }), (err: unknown) => {
    assert.ok(err instanceof InputError);
    assert.match(err.message, /dpdnet-as-rdpd\.h5: layer 1 'conv2d_1' \(dualpix 'conv1_1', 3x3 conv 7→4\): kernel is \[3,3,6,4\], expected \[3,3,7,4\]/);
    return true;
  });
  const short = join(dir, 'short.h5');
  writeKerasFile(short, model, false, { drop: 5 });
  await assert.rejects(importKeras(short, { model: 'dpdnet' }), /short\.h5: has 23 layers with weights, DPDNet \(width 0\.0625\) has 24/);
  const notKeras = join(dir, 'plain.h5');
  const f = new h5wasm.File(notKeras, 'w');
  f.create_dataset({ name: 'data', data: new Float32Array(4) });
  f.close();
  await assert.rejects(importKeras(notKeras, { model: 'rdpd' }), /plain\.h5: no 'layer_names' attribute/);
  await assert.rejects(importKeras(join(dir, 'missing.h5'), { model: 'rdpd' }), /missing\.h5: cannot open \(ENOENT\)/);
  const text = join(dir, 'weights.txt');
  writeFileSync(text, 'not hdf5 at all');
  await assert.rejects(importKeras(text, { model: 'rdpd' }), /weights\.txt: not an HDF5 file/);
});
