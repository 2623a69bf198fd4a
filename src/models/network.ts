// A network as deblurring runs it: the one-frame inference graph of a weight file's spec, with
// the input, output and recurrent-state names a caller feeds and reads, and the channels of
// the per-frame input tensor.
import { channelPlan, modelConfig, type ModelConfig } from './config.js';
import { buildInferenceGraph, INFERENCE_IO, type InferenceGraphOptions } from './graphs.js';
import type { Graph, Value } from '../nn/index.js';
import type { NetworkSpec } from './weight-file.js';

/** A one-frame inference graph; `state` pairs each recurrent input with the output that feeds it next frame. */
export interface InferenceNetwork {
  readonly graph: Graph;
  readonly outputs: Readonly<Record<string, Value>>;
  readonly input: string;
  readonly output: string;
  readonly state: readonly { readonly input: string; readonly output: string }[];
}

/** Input channels per frame: 7 for RDPD (L RGB, R RGB, radial distance), 6 for DPDNet (no radial channel). */
export function inputChannels(radial: boolean): number {
  return radial ? 7 : 6;
}

/** Model configuration of a network spec, with the training config's dropout when given. */
export function modelConfigOf(spec: NetworkSpec, dropout?: number): ModelConfig {
  return modelConfig({
    model: spec.model,
    width: spec.width,
    ...(spec.recurrentActivation ? { recurrentActivation: spec.recurrentActivation } : {}),
    ...(spec.residual ? { residual: true } : {}),
    ...(spec.head ? { head: spec.head } : {}),
    ...(spec.costVolume ? { costVolume: spec.costVolume } : {}),
    ...(dropout === undefined ? {} : { dropout }),
  });
}

/** Filters of the first encoder block (32 for RDPD at width 1), for memory estimates. */
export function firstBlockFilters(spec: NetworkSpec): number {
  return channelPlan(modelConfigOf(spec)).levels[0];
}

/** The one-frame inference graph of a network spec; `recurrent: false` drops RDPD's state inputs and outputs (zero state). */
export function buildInferenceNetwork(spec: NetworkSpec, options: InferenceGraphOptions = {}): InferenceNetwork {
  const ig = buildInferenceGraph(modelConfigOf(spec), options);
  const state = spec.model === 'rdpd' && options.recurrent !== false ? [{ input: INFERENCE_IO.h0, output: INFERENCE_IO.h1 }, { input: INFERENCE_IO.c0, output: INFERENCE_IO.c1 }] : [];
  return { graph: ig.graph, outputs: ig.outputs, input: INFERENCE_IO.x, output: INFERENCE_IO.y, state };
}
