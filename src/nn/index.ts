/**
 * Public face of src/nn: build a typed graph once, export it to ONNX, run it (inference or
 * training) in ONNX Runtime.
 *
 * ```ts
 * const g = new Graph();
 * const x = g.input('x', ['N', 7, 'H', 'W']);                       // symbolic N, H, W
 * const w = g.param('enc1/conv1/kernel', [32, 7, 3, 3], heNormal());  // [Cout, Cin, kh, kw]
 * const b = g.param('enc1/conv1/bias', [32], zeros());
 * const y = g.relu(g.conv2d(x, w, b));                               // 'same' padding, stride 1
 * const params = initParams(g, 42);                                  // Map name -> {data, shape}
 * const runner = await InferenceRunner.create(g, { y }, params);
 * const { y: out } = await runner.run({ x: { data, shape: [1, 7, 64, 64] } });
 * ```
 *
 * Graph (graph.ts): input(name, shape), param(name, shape, init), constant(name, shape, data),
 * scalar(x); conv2d(x, w, b?, {padding:'same'|'valid', groups}), maxPool2, upsample2;
 * relu, sigmoid, hardSigmoid (Keras 2), tanh, exp, log, sqrt, neg, square; add, sub, mul, div
 * (Value or number operands, numpy broadcasting); clip(x, min, max); dropout(x, mask, rate);
 * concat(xs, axis=1), slice(x, starts, ends, axes), pad(x, before, after, value), reshape,
 * transpose, matmul; sum / mean(x, axes?, keepdims?). Bad shapes throw GraphError naming the op.
 *
 * Initializers (init.ts): heNormal(), glorotUniform(), zeros(), constant(v), unitForgetBias().
 * Weights (params.ts, safetensors.ts): initParams(g, seed), saveParams/loadParams (safetensors).
 * ONNX (onnx-export.ts): exportOnnx(g, outputs, { params: 'initializers' | 'inputs', values }).
 * Runtime (runtime.ts): InferenceRunner.create(g, outputs, params, { threads }).run(feeds).
 */
export { Graph, Value, type Conv2dOptions, type Node, type Operand, type ParamSpec } from './graph.js';
export type { Dim, Shape } from './shape.js';
export type { DType } from './ops.js';
export { GraphError } from './errors.js';
export { heNormal, glorotUniform, zeros, constant, unitForgetBias, type Initializer } from './init.js';
export { hostTensor, type HostTensor, type ParamStore } from './tensor.js';
export { initParams, checkParams, saveParams, loadParams } from './params.js';
export { encodeSafetensors, decodeSafetensors, type Safetensors } from './safetensors.js';
export { exportOnnx, OPSET, type ExportOptions } from './onnx-export.js';
export { InferenceRunner, type RuntimeOptions } from './runtime.js';
export { gradients } from './gradients.js';
export { DEFAULT_CONV_GRAD, type ConvGradOptions } from './conv-grad.js';
export { adam, sgd, type Optimizer, type AdamOptions, type StepScalars } from './optimizers.js';
export { buildTrainStep, stateName, newName, STEP_IO, type TrainStep, type TrainStepOptions } from './train-step.js';
export { Trainer, type StepResult } from './trainer.js';
