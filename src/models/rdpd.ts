// RDPD (paper, Sec. 4, Fig. 6): the U-Net of DPDNet at half width with a ConvLSTM at the
// bottleneck. One call builds one frame; weights are declared once and shared by all frames.
import type { Graph, Value } from '../nn/index.js';
import type { ModelConfig } from './config.js';
import { costVolume } from './cost-volume.js';
import { convLstmStep, type LstmDropout, type LstmState } from './convlstm.js';
import { convLayer, decoderLevel, encoderLevel, lstmWeights, outputHead, type NetWeights } from './unet-blocks.js';

/** One frame of RDPD: deblurred image [N, 3, H, W] in [0, 1] and the new LSTM state. */
export interface RdpdFrame {
  readonly y: Value;
  readonly state: LstmState;
}

/**
 * X(t) = CNN-Encoder(I_l, I_r, radial) → ConvLSTM (Eq. 7–11, Keras form) → I_d(t) =
 * CNN-Decoder(H_t) (Eq. 12). `x` is [N, 7, H, W]; `prev` null means zero initial state. With
 * cfg.costVolume > 0 the first layer also reads the DP cost volume of x (not in the paper).
 * The 512-filter bottleneck convolution before the LSTM uses ReLU like every other
 * convolution (the paper does not say; the reference code does).
 */
export function rdpdFrame(g: Graph, w: NetWeights, cfg: ModelConfig, x: Value, prev: LstmState | null, dropout: LstmDropout | null): RdpdFrame {
  const s1 = encoderLevel(g, w, 1, cfg.costVolume > 0 ? g.concat([x, costVolume(g, x, cfg.costVolume)], 1) : x);
  const s2 = encoderLevel(g, w, 2, g.maxPool2(s1));
  const s3 = encoderLevel(g, w, 3, g.maxPool2(s2));
  const s4 = encoderLevel(g, w, 4, g.maxPool2(s3));
  const bottom = convLayer(g, w, 'conv5_1', g.maxPool2(s4));
  const lstm = lstmWeights(w, 'convlstm');
  const state = convLstmStep(g, lstm, cfg.recurrentActivation, bottom, prev, dropout);
  // The decoder reads the hidden state H_t (Keras' return_sequences output; the paper's "o_t" in Eq. 12).
  const d6 = decoderLevel(g, w, 6, state.h, s4);
  const d7 = decoderLevel(g, w, 7, d6, s3);
  const d8 = decoderLevel(g, w, 8, d7, s2);
  const d9 = decoderLevel(g, w, 9, d8, s1);
  return { y: outputHead(g, w, d9, cfg.head, cfg.residual ? x : null), state };
}
