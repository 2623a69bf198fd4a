// The shared U-Net pieces of RDPD and DPDNet: parameter declaration from the layer table, one
// convolution with its activation, encoder and decoder levels, and the output head.
import { Graph, glorotUniform, heNormal, unitForgetBias, zeros, type Initializer, type Value } from '../nn/index.js';
import type { ModelConfig } from './config.js';
import { recurrentInit } from './convlstm.js';
import { layerParams, layerTable, type ConvLayer, type ConvLstmLayer, type Layer } from './layers.js';

/** A layer's declared parameter values, by Keras weight name. */
export interface LayerValues {
  readonly layer: Layer;
  readonly kernel: Value;
  readonly bias: Value;
  /** ConvLSTM only. */
  readonly recurrentKernel: Value | null;
}

/** Every layer's parameters in one graph, by layer name. */
export type NetWeights = ReadonlyMap<string, LayerValues>;

function initFor(layer: Layer, keras: 'kernel' | 'recurrent_kernel' | 'bias', cfg: ModelConfig): Initializer {
  if (layer.kind === 'convlstm') return keras === 'kernel' ? heNormal() : keras === 'recurrent_kernel' ? recurrentInit() : unitForgetBias();
  if (keras === 'bias') return zeros();
  // The reference gives every convolution he_normal except the last 1×1 layer (Keras' default, glorot_uniform).
  // With a residual head the output layer starts at zero: the untrained network returns its input.
  if (layer.name === 'conv10') return cfg.residual ? zeros() : glorotUniform();
  return heNormal();
}

/**
 * Declares all parameters of `cfg`'s network in `g`, in the Keras layer order (so g.params()
 * lists them as the reference .hdf5 file does). Call once per graph; frames share them.
 */
export function declareWeights(g: Graph, cfg: ModelConfig): NetWeights {
  const out = new Map<string, LayerValues>();
  for (const layer of layerTable(cfg)) {
    const values = new Map<string, Value>();
    for (const p of layerParams(layer)) values.set(p.keras, g.param(p.name, p.shape, initFor(layer, p.keras, cfg)));
    out.set(layer.name, { layer, kernel: values.get('kernel') as Value, bias: values.get('bias') as Value, recurrentKernel: values.get('recurrent_kernel') ?? null });
  }
  return out;
}

function get(w: NetWeights, name: string): LayerValues {
  const v = w.get(name);
  if (v === undefined) throw new Error(`models: layer '${name}' is not declared`);
  return v;
}

/** The ConvLSTM layer's weights. */
export function lstmWeights(w: NetWeights, name: string): { layer: ConvLstmLayer; kernel: Value; recurrentKernel: Value; bias: Value } {
  const v = get(w, name);
  if (v.layer.kind !== 'convlstm' || v.recurrentKernel === null) throw new Error(`models: layer '${name}' is not a ConvLSTM`);
  return { layer: v.layer, kernel: v.kernel, recurrentKernel: v.recurrentKernel, bias: v.bias };
}

/** One 'same' convolution (Keras: even kernels pad 0 before, 1 after) and its activation. */
export function convLayer(g: Graph, w: NetWeights, name: string, x: Value): Value {
  const v = get(w, name);
  const layer = v.layer as ConvLayer;
  const z = g.conv2d(x, v.kernel, v.bias);
  if (layer.activation === 'relu') return g.relu(z);
  if (layer.activation === 'sigmoid') return g.sigmoid(z);
  return g.clip(z, 0, 1);
}

/** Encoder level L (1–4): two 3×3 ReLU convolutions at full resolution of that level. */
export function encoderLevel(g: Graph, w: NetWeights, level: number, x: Value): Value {
  return convLayer(g, w, `conv${level}_2`, convLayer(g, w, `conv${level}_1`, x));
}

/**
 * Decoder level L (6–9): 2× nearest upsampling, 2×2 ReLU convolution (upL), concatenation
 * [skip, upsampled] on channels, two 3×3 ReLU convolutions.
 */
export function decoderLevel(g: Graph, w: NetWeights, level: number, below: Value, skip: Value): Value {
  const up = convLayer(g, w, `up${level}`, g.upsample2(below));
  const merged = g.concat([skip, up], 1);
  return convLayer(g, w, `conv${level}_2`, convLayer(g, w, `conv${level}_1`, merged));
}

/**
 * Output head: 3-channel 3×3 ReLU convolution, then the 1×1 output layer (clamped linear or
 * sigmoid); the wide head (ModelConfig.head) is conv10 alone, 3×3 over level 9's channels. Given `residualInput` (the network input: channels 0–2 left, 3–5 right), the linear
 * output is added to its combined image (I_l + I_r)/2 before the clamp (ModelConfig.residual).
 */
export function outputHead(g: Graph, w: NetWeights, x: Value, head: ModelConfig['head'], residualInput: Value | null): Value {
  // The wide head has no conv9_3: conv10 reads level 9 directly.
  const features = head === 'paper' ? convLayer(g, w, 'conv9_3', x) : x;
  if (residualInput === null) return convLayer(g, w, 'conv10', features);
  const input = residualInput;
  const out = get(w, 'conv10');
  const combined = g.mul(g.add(g.slice(input, [0], [3], [1]), g.slice(input, [3], [6], [1])), 0.5);
  return g.clip(g.add(g.conv2d(features, out.kernel, out.bias), combined), 0, 1);
}
