// The networks the training loop runs, built by src/models from a training config, with the
// input and output names each step feeds and reads.
import { buildTrainGraph, modelConfigOf, type DropoutMaskSpec, type NetworkSpec } from '../models/index.js';
import type { Graph, Value } from '../nn/index.js';
import type { TrainConfig } from './config.js';

/** An unrolled training graph and the names its feeds go to. */
export interface TrainNetwork {
  readonly graph: Graph;
  readonly loss: Value;
  readonly frames: number;
  /** Graph input of frame t's network input and of its sharp target. */
  readonly inputNames: readonly string[];
  readonly targetNames: readonly string[];
  /** Dropout masks to draw fresh each step. */
  readonly masks: readonly DropoutMaskSpec[];
}

/** The network spec (kind, channel multiplier) of a training config. */
export function networkOf(config: TrainConfig): NetworkSpec {
  return {
    model: config.model,
    width: config.width,
    ...(config.residual ? { residual: true } : {}),
    ...(config.head === 'wide' ? { head: 'wide' as const } : {}),
    ...(config.costVolume > 0 ? { costVolume: config.costVolume } : {}),
  };
}

/** The training graph of `config` unrolled over `frames` frames, with the paper's Eq. 16 loss as configured. */
export function buildTrainNetwork(config: TrainConfig, frames: number): TrainNetwork {
  const tg = buildTrainGraph(modelConfigOf(networkOf(config), config.dropout), {
    frames,
    loss: { lambdaX: config.edgeLambdaX, lambdaY: config.edgeLambdaY, scales: config.edgeScales, pixel: config.pixelLoss },
  });
  return { graph: tg.graph, loss: tg.loss, frames, inputNames: tg.inputs.x, targetNames: tg.inputs.target, masks: tg.masks };
}
