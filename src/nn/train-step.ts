import { DEFAULT_CONV_GRAD, type ConvGradOptions } from './conv-grad.js';
import { expectGraph } from './errors.js';
import type { Graph, Value } from './graph.js';
import { gradients } from './gradients.js';
import { exportOnnx } from './onnx-export.js';
import type { Optimizer } from './optimizers.js';
import { graphInputs } from './runtime.js';
import type { Shape } from './shape.js';

/** Options of buildTrainStep. */
export interface TrainStepOptions {
  optimizer: Optimizer;
  /** Rescale all gradients so that their global L2 norm is at most this (default: no clipping). */
  clipNorm?: number;
  /** Extra forward values to return from each step (e.g. predictions), by output name. */
  outputs?: Readonly<Record<string, Value>>;
  /** Which ONNX formulation of the convolution gradients to emit (default: the fastest measured). */
  convGrad?: ConvGradOptions;
}

/** A serialized training step and the names of everything it reads and writes. */
export interface TrainStep {
  /** ONNX model: (batch, params, optimizer state, lr, steps done) → (loss, grad norm, new params, new state). */
  readonly onnx: Uint8Array;
  /** Batch inputs fed each step, with declared shapes. */
  readonly inputs: ReadonlyMap<string, Shape>;
  /** Trained parameters (those the loss depends on), with static shapes. */
  readonly params: readonly { readonly name: string; readonly shape: readonly number[] }[];
  readonly optimizer: string;
  /** Optimizer state slots per parameter; the state tensor of slot s for p is named stateName(s, p). */
  readonly slots: readonly string[];
  /** Names of the extra outputs requested in TrainStepOptions.outputs. */
  readonly extraOutputs: readonly string[];
}

/** Graph names used by the step model. */
export const STEP_IO = {
  lr: 'train.lr',
  stepsDone: 'train.steps_done',
  loss: 'loss',
  gradNorm: 'grad_norm',
} as const;

/** Name of an optimizer state tensor: slot `m` of 'enc1/conv1/kernel' is 'opt.m/enc1/conv1/kernel'. */
export function stateName(slot: string, param: string): string {
  return `opt.${slot}/${param}`;
}

/** Name of the updated value of a parameter or state tensor in the step's outputs. */
export function newName(name: string): string {
  return `new:${name}`;
}

/**
 * Builds one training step as a single ONNX graph: forward pass, loss, reverse-mode gradients,
 * optional clipping by global norm, and the optimizer update. Appends its ops to `g`.
 */
export function buildTrainStep(g: Graph, loss: Value, options: TrainStepOptions): TrainStep {
  const specs = g.params();
  const grads = gradients(g, loss, specs.map((p) => p.value), options.convGrad ?? DEFAULT_CONV_GRAD);
  const trained = specs.map((p, i) => ({ spec: p, grad: grads[i] })).filter((e): e is { spec: (typeof specs)[number]; grad: Value } => e.grad !== null);
  expectGraph(trained.length > 0, 'buildTrainStep', 'the loss depends on no parameter');
  // Reuse the step inputs when a second step is built on the same graph (e.g. with other options).
  const input = (name: string, shape: readonly number[]): Value => g.lookup(name) ?? g.input(name, shape);
  const lr = input(STEP_IO.lr, []);
  const stepsDone = input(STEP_IO.stepsDone, []);
  const sq = trained.map((e) => g.sum(g.square(e.grad)));
  const normSq = sq.length === 1 ? (sq[0] as Value) : g.onnx1('Sum', sq, {}, []);
  const gradNorm = g.sqrt(normSq);
  let scale: Value | null = null;
  if (options.clipNorm !== undefined) {
    const c = options.clipNorm;
    expectGraph(c > 0, 'buildTrainStep', `clipNorm must be positive, got ${c}`);
    scale = g.div(c, g.onnx1('Max', [gradNorm, g.scalar(c)], {}, []));
  }
  const opt = options.optimizer;
  const scalars = opt.prepare(g, lr, stepsDone);
  const outputs: Record<string, Value> = { [STEP_IO.loss]: loss, [STEP_IO.gradNorm]: gradNorm };
  for (const { spec, grad } of trained) {
    const state = opt.slots.map((s) => input(stateName(s, spec.name), spec.shape));
    const u = opt.update(g, spec.value, scale ? g.mul(grad, scale) : grad, state, scalars);
    outputs[newName(spec.name)] = u.param;
    opt.slots.forEach((s, i) => {
      outputs[newName(stateName(s, spec.name))] = u.state[i] as Value;
    });
  }
  for (const [name, v] of Object.entries(options.outputs ?? {})) {
    expectGraph(!(name in outputs), 'buildTrainStep', `extra output name '${name}' collides with a step output`);
    outputs[name] = v;
  }
  const inputs = graphInputs(g, [loss, ...Object.values(options.outputs ?? {})]);
  inputs.delete(STEP_IO.lr);
  inputs.delete(STEP_IO.stepsDone);
  return {
    onnx: exportOnnx(g, outputs, { params: 'inputs', name: 'train_step' }),
    inputs,
    params: trained.map((e) => ({ name: e.spec.name, shape: e.spec.shape })),
    optimizer: opt.kind,
    slots: opt.slots,
    extraOutputs: Object.keys(options.outputs ?? {}),
  };
}
