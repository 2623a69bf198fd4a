// The networks the loop and the deblurrer run, built by src/models from a training config or a
// weight file's spec, with the input and output names each caller feeds and reads.
import { buildInferenceGraph, buildTrainGraph, channelPlan, modelConfig, INFERENCE_IO, type DropoutMaskSpec, type ModelConfig } from '../models/index.js';
import type { Graph, Value } from '../nn/index.js';
import type { NetworkSpec } from './checkpoint.js';
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

/** A one-frame inference graph; `state` pairs each recurrent input with the output that feeds it next frame. */
export interface InferenceNetwork {
  readonly graph: Graph;
  readonly outputs: Readonly<Record<string, Value>>;
  readonly input: string;
  readonly output: string;
  readonly state: readonly { readonly input: string; readonly output: string }[];
}

/** The network spec (kind, channel multiplier) of a training config. */
export function networkOf(config: TrainConfig): NetworkSpec {
  return { model: config.model, width: config.width, ...(config.residual ? { residual: true } : {}), ...(config.head === 'wide' ? { head: 'wide' as const } : {}) };
}

/** Model configuration of a network spec, with the training config's dropout when given. */
export function modelConfigOf(spec: NetworkSpec, dropout?: number): ModelConfig {
  return modelConfig({
    model: spec.model,
    width: spec.width,
    ...(spec.recurrentActivation ? { recurrentActivation: spec.recurrentActivation } : {}),
    ...(spec.residual ? { residual: true } : {}),
    ...(spec.head ? { head: spec.head } : {}),
    ...(dropout === undefined ? {} : { dropout }),
  });
}

/** Filters of the first encoder block (32 for RDPD at width 1), for memory estimates. */
export function firstBlockFilters(spec: NetworkSpec): number {
  return channelPlan(modelConfigOf(spec)).levels[0];
}

/** The training graph of `config` unrolled over `frames` frames, with the paper's Eq. 16 loss as configured. */
export function buildTrainNetwork(config: TrainConfig, frames: number): TrainNetwork {
  const tg = buildTrainGraph(modelConfigOf(networkOf(config), config.dropout), {
    frames,
    loss: { lambdaX: config.edgeLambdaX, lambdaY: config.edgeLambdaY, scales: config.edgeScales, pixel: config.pixelLoss },
  });
  return { graph: tg.graph, loss: tg.loss, frames, inputNames: tg.inputs.x, targetNames: tg.inputs.target, masks: tg.masks };
}

/** The one-frame inference graph of a network spec. */
export function buildInferenceNetwork(spec: NetworkSpec): InferenceNetwork {
  const ig = buildInferenceGraph(modelConfigOf(spec));
  const state = spec.model === 'rdpd' ? [{ input: INFERENCE_IO.h0, output: INFERENCE_IO.h1 }, { input: INFERENCE_IO.c0, output: INFERENCE_IO.c1 }] : [];
  return { graph: ig.graph, outputs: ig.outputs, input: INFERENCE_IO.x, output: INFERENCE_IO.y, state };
}
