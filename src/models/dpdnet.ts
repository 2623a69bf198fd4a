// DPDNet (Abuolaim & Brown, ECCV 2020), the baseline: a plain U-Net on the two DP views,
// twice RDPD's widths, two 1024-filter bottleneck convolutions, sigmoid output.
import type { Graph, Value } from '../nn/index.js';
import { convLayer, decoderLevel, encoderLevel, outputHead, type NetWeights } from './unet-blocks.js';

/** Training dropout of DPDNet: 0/1 masks for the level-4 output [N, 512w, H/8, W/8] and the bottleneck output [N, 1024w, H/16, W/16]. */
export interface DpdnetDropout {
  readonly level4: Value;
  readonly bottleneck: Value;
  readonly rate: number;
}

/**
 * One image: x [N, 6, H, W] (left RGB, right RGB) → y [N, 3, H, W] in (0, 1). As in the
 * reference Keras model, dropout follows the last level-4 convolution (its output feeds both
 * the pooling and the skip connection) and the second bottleneck convolution; the network
 * ends with a 3-filter 3×3 ReLU convolution and a 1×1 sigmoid convolution.
 */
export function dpdnetFrame(g: Graph, w: NetWeights, x: Value, dropout: DpdnetDropout | null): Value {
  const s1 = encoderLevel(g, w, 1, x);
  const s2 = encoderLevel(g, w, 2, g.maxPool2(s1));
  const s3 = encoderLevel(g, w, 3, g.maxPool2(s2));
  let s4 = encoderLevel(g, w, 4, g.maxPool2(s3));
  if (dropout !== null) s4 = g.dropout(s4, dropout.level4, dropout.rate);
  let bottom = convLayer(g, w, 'conv5_2', convLayer(g, w, 'conv5_1', g.maxPool2(s4)));
  if (dropout !== null) bottom = g.dropout(bottom, dropout.bottleneck, dropout.rate);
  const d6 = decoderLevel(g, w, 6, bottom, s4);
  const d7 = decoderLevel(g, w, 7, d6, s3);
  const d8 = decoderLevel(g, w, 8, d7, s2);
  const d9 = decoderLevel(g, w, 9, d8, s1);
  return outputHead(g, w, d9, 'paper', null);
}
