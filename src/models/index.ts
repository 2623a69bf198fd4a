/**
 * Public face of src/models: RDPD (paper, Sec. 4) and DPDNet (ECCV 2020) as nn graphs, their
 * losses (Eq. 13–16), and import of the reference Keras .hdf5 weights.
 *
 * ```ts
 * const cfg = modelConfig({ model: 'rdpd', width: 1 });
 * // Inference, one frame per run; state carried by the caller:
 * const inf = buildInferenceGraph(cfg);                          // x [N,7,H,W], h0/c0 [N,512,H/16,W/16]
 * const runner = await InferenceRunner.create(inf.graph, inf.outputs, params);
 * let h = zeros, c = zeros;                                       // [N, U, H/16, W/16]
 * for (const x of frames) ({ y, h1: h, c1: c } = await runner.run({ x, h0: h, c0: c }));
 * // Training, T frames unrolled:
 * const tg = buildTrainGraph(cfg, { frames: 4 });                // inputs x_0..x_3, target_0..target_3, masks
 * const step = buildTrainStep(tg.graph, tg.loss, { optimizer: adam() });
 * feeds[spec.name] = drawDropoutMask(spec, N, H, W, rng) for spec of tg.masks, fresh every step
 * // Reference Keras weights (width and gate activation read from the file):
 * const { config, params } = await importKeras('rdpd.hdf5', { model: 'rdpd' });
 * ```
 *
 * Inputs per frame: [N, C, H, W] float32 sRGB in [0,1], channels left R,G,B, right R,G,B and
 * (RDPD) the relative radial distance; H and W multiples of 16. Output y [N, 3, H, W]: RDPD
 * clamps a linear layer to [0,1], DPDNet applies a sigmoid.
 *
 * Parameter names are `<layer>/<weight>` with the reference code's layer names: conv1_1..conv4_2
 * (encoder, two per level), conv5_1 (bottleneck), convlstm (RDPD: kernel, recurrent_kernel,
 * bias; gates i, f, c, o stacked on the output axis) or conv5_2 (DPDNet), upL and convL_1,
 * convL_2 for decoder levels L = 6..9, conv9_3 (3 filters) and conv10 (1×1). Weights are
 * `kernel` [Cout, Cin, kh, kw] (ONNX layout; Keras stores [kh, kw, Cin, Cout]) and `bias`.
 *
 * Choices where the paper is silent, following the reference Keras code: every convolution
 * uses ReLU (including the 512 bottleneck convolution and the 2×2 convolution after each
 * upsampling) except the ConvLSTM and the last 1×1 layer; skips are concatenated as
 * [encoder, decoder]; the ConvLSTM has no peepholes (Keras ConvLSTM2D, unlike Eq. 7–9);
 * dropout on the ConvLSTM input uses four gate masks shared by all frames (Keras' RNN dropout);
 * the edge loss uses 'valid' Sobel convolutions and λ as plain weights (Eq. 16); DPDNet drops
 * out after its last level-4 convolution and after the bottleneck, as its reference code does.
 * Initial weights: he_normal kernels, zero biases, glorot_uniform for conv10 (Keras' default),
 * unit forget bias for the ConvLSTM, and N(0, 1/(9U)) for its recurrent kernel (the entry
 * variance of Keras' orthogonal initializer, without the factorization).
 */
export { costVolume, costVolumeChannels, COST_WINDOW } from './cost-volume.js';
export { modelConfig, channelPlan, scaled, DEFAULT_DROPOUT, MAX_COST_VOLUME_SHIFT, SIZE_MULTIPLE, type ModelConfig, type ModelKind, type RecurrentActivation, type ChannelPlan } from './config.js';
export { layerTable, layerParams, parameterCount, type Layer, type ConvLayer, type ConvLstmLayer, type ConvActivation, type LayerParam } from './layers.js';
export { buildInferenceGraph, buildTrainGraph, frameInputName, INFERENCE_IO, type InferenceGraph, type InferenceGraphOptions, type TrainGraph, type TrainGraphOptions, type DropoutMaskSpec } from './graphs.js';
export { dropoutMaskShape, drawDropoutMask } from './dropout-mask.js';
export { mseLoss, charbonnierLoss, psnrLoss, edgeLoss, deblurLoss, DEFAULT_LOSS, CHARBONNIER_EPS, PSNR_LOSS_EPS, type LossConfig, type LossParts, type PixelLoss } from './losses.js';
export { sobelKernels, sobelSmoothing, sobelDerivative, binomialRow, type SobelPair } from './sobel.js';
export { convLstmStep, recurrentInit, type LstmState, type ConvLstmParams, type LstmDropout } from './convlstm.js';
export { importKeras, type KerasImport, type KerasImportOptions } from './keras-import.js';
// Networks as files and as runnable graphs: weight files, the one-frame inference graph with its
// I/O names, the radial input channel, zero recurrent state.
export { writeWeights, readWeights, CHECKPOINT_FORMAT, type NetworkSpec, type LoadedWeights } from './weight-file.js';
export { buildInferenceNetwork, modelConfigOf, firstBlockFilters, inputChannels, type InferenceNetwork } from './network.js';
export { writeRadial, radialChannel } from './radial.js';
export { resolveShape, zeroState } from './feed-shapes.js';
