// The layer table: every weight-bearing layer of RDPD / DPDNet in the order the reference Keras
// models create them (= the order of weight-bearing layers in their .hdf5 files). Builders,
// parameter count and the Keras importer all read this one list.
import { channelPlan, type ModelConfig } from './config.js';
import { costVolumeChannels } from './cost-volume.js';

/** Activation applied after a convolution. */
export type ConvActivation = 'relu' | 'linear_clip' | 'sigmoid';

/** A convolution layer: kernel [cout, cin, k, k] and bias [cout] (ONNX layout). */
export interface ConvLayer {
  readonly kind: 'conv';
  /** Layer name, also the prefix of its parameter names ('conv1_1' → 'conv1_1/kernel'). */
  readonly name: string;
  /** Square kernel side, px. */
  readonly k: number;
  readonly cin: number;
  readonly cout: number;
  readonly activation: ConvActivation;
}

/** A ConvLSTM layer: kernel [4u, cin, k, k], recurrent_kernel [4u, u, k, k], bias [4u]; gates i, f, c, o. */
export interface ConvLstmLayer {
  readonly kind: 'convlstm';
  readonly name: string;
  readonly k: number;
  readonly cin: number;
  /** Units (state channels). */
  readonly units: number;
}

/** One weight-bearing layer. */
export type Layer = ConvLayer | ConvLstmLayer;

/** One parameter of a layer: its graph name, ONNX shape and the Keras weight name it comes from. */
export interface LayerParam {
  readonly name: string;
  readonly shape: readonly number[];
  /** 'kernel' | 'recurrent_kernel' | 'bias', in Keras' storage order within the layer. */
  readonly keras: 'kernel' | 'recurrent_kernel' | 'bias';
}

const conv = (name: string, k: number, cin: number, cout: number, activation: ConvActivation = 'relu'): ConvLayer => ({ kind: 'conv', name, k, cin, cout, activation });

/**
 * The layers of `cfg`'s network. Names follow the reference code's variables: convL_j is the
 * j-th convolution of level L (1–4 encoder, 5 bottleneck, 6–9 decoder), upL the 2×2 convolution
 * after upsampling into level L, conv10 the last 1×1 layer.
 */
export function layerTable(cfg: ModelConfig): Layer[] {
  const { levels: [e1, e2, e3, e4], bottleneck: b, input } = channelPlan(cfg);
  // The cost volume's channels follow the input's in conv1_1 (rdpd.ts).
  const out: Layer[] = [conv('conv1_1', 3, input + costVolumeChannels(cfg.costVolume), e1), conv('conv1_2', 3, e1, e1), conv('conv2_1', 3, e1, e2), conv('conv2_2', 3, e2, e2), conv('conv3_1', 3, e2, e3), conv('conv3_2', 3, e3, e3), conv('conv4_1', 3, e3, e4), conv('conv4_2', 3, e4, e4), conv('conv5_1', 3, e4, b)];
  // RDPD replaces DPDNet's second bottleneck convolution by the ConvLSTM (paper, Sec. 4, change 1).
  if (cfg.model === 'rdpd') out.push({ kind: 'convlstm', name: 'convlstm', k: 3, cin: b, units: b });
  else out.push(conv('conv5_2', 3, b, b));
  const dec: [number, number, number][] = [[6, b, e4], [7, e4, e3], [8, e3, e2], [9, e2, e1]];
  for (const [lv, below, c] of dec) {
    // Skip first, upsampled second: the reference concatenates [encoder, decoder] channels.
    out.push(conv(`up${lv}`, 2, below, c), conv(`conv${lv}_1`, 3, 2 * c, c), conv(`conv${lv}_2`, 3, c, c));
  }
  if (cfg.head === 'wide') {
    // One linear 3×3 layer over all of level 9 (ModelConfig.head); the residual head adds the input before the clamp.
    out.push(conv('conv10', 3, e1, 3, 'linear_clip'));
    return out;
  }
  out.push(conv('conv9_3', 3, e1, 3));
  // RDPD: linear layer clamped to [0,1] (Sec. 4, change 5); DPDNet: sigmoid.
  out.push(conv('conv10', 1, 3, 3, cfg.model === 'rdpd' ? 'linear_clip' : 'sigmoid'));
  return out;
}

/** The parameters of one layer in Keras' weight order. */
export function layerParams(layer: Layer): LayerParam[] {
  const { name, k, cin } = layer;
  if (layer.kind === 'conv') {
    return [
      { name: `${name}/kernel`, shape: [layer.cout, cin, k, k], keras: 'kernel' },
      { name: `${name}/bias`, shape: [layer.cout], keras: 'bias' },
    ];
  }
  const u = layer.units;
  return [
    { name: `${name}/kernel`, shape: [4 * u, cin, k, k], keras: 'kernel' },
    { name: `${name}/recurrent_kernel`, shape: [4 * u, u, k, k], keras: 'recurrent_kernel' },
    { name: `${name}/bias`, shape: [4 * u], keras: 'bias' },
  ];
}

/** Number of trainable weights of `cfg`'s network (identical for every frame count: weights are shared over time). */
export function parameterCount(cfg: ModelConfig): number {
  let n = 0;
  for (const layer of layerTable(cfg)) for (const p of layerParams(layer)) n += p.shape.reduce((a, d) => a * d, 1);
  return n;
}
