/**
 * Public face of src/nn: build a typed graph once, export it to ONNX, run it (inference or
 * training) in ONNX Runtime (onnxruntime-node; the exported inference files also run in
 * onnxruntime-web).
 *
 * ```ts
 * const g = new Graph();
 * const x = g.input('x', ['N', 7, 'H', 'W']);                       // symbolic N, H, W
 * const t = g.input('target', ['N', 3, 'H', 'W']);
 * const w = g.param('enc1/conv1/kernel', [32, 7, 3, 3], heNormal());  // [Cout, Cin, kh, kw]
 * const b = g.param('enc1/conv1/bias', [32], zeros());
 * const h = g.relu(g.conv2d(x, w, b));                               // 'same' padding, stride 1
 * const y = g.conv2d(h, g.param('out/kernel', [3, 32, 3, 3], heNormal()));
 * const loss = g.mean(g.square(g.sub(y, t)));
 * const params = initParams(g, 42);                                  // Map name -> {data, shape}
 *
 * const step = buildTrainStep(g, loss, { optimizer: adam(), clipNorm: 1 });
 * const trainer = await Trainer.create(step, params);                // threads: all cores
 * const { loss: l } = await trainer.step({ x: batchX, target: batchT }, 1e-4);   // lr
 * await trainer.saveCheckpoint('ckpt.safetensors');                   // params + Adam state + step
 *
 * const runner = await InferenceRunner.create(g, { y }, trainer.params());
 * const { y: out } = await runner.run({ x: { data, shape: [1, 7, 64, 64] } });
 * await writeFile('model.onnx', runner.onnx);
 * ```
 *
 * Graph (graph.ts) — every method checks shapes and throws GraphError naming the op:
 *   input(name, shape), param(name, shape, init), constant(name, shape, data), scalar(x);
 *   conv2d(x, w, b?, { padding: 'same' | 'valid', groups }) — kernels 1–11, stride 1, Keras
 *   'same' (even kernels pad 0 before, 1 after), groups for depthwise filters; a constant
 *   kernel (Sobel) is a non-trainable conv; maxPool2(x), upsample2(x) (nearest);
 *   relu, sigmoid, hardSigmoid (Keras 2: clip(0.2x+0.5,0,1)), tanh, exp, log, sqrt, neg, square;
 *   add, sub, mul, div (Value | number, numpy broadcasting); clip(x, min, max);
 *   dropout(x, mask, rate) (mask is a 0/1 input you feed); concat(xs, axis = 1);
 *   slice(x, starts, ends, axes) (negative end counts from the end, Infinity = to the end);
 *   pad(x, before, after, value); reshape(x, shape); transpose(x, perm); matmul(a, b);
 *   sum(x, axes?, keepdims?), mean(x, axes?, keepdims?) (default: all axes → scalar).
 *   Dims are numbers or symbols; maxPool2 maps 'H' to 'H/2' and upsample2 back to 'H'.
 * Initializers (init.ts): heNormal(), glorotUniform(), zeros(), constant(v), unitForgetBias().
 * Weights (params.ts, safetensors.ts): initParams(g, seed) (per-name seeded), checkParams,
 *   saveParams(path, store, metadata?), loadParams(path), encode/decodeSafetensors.
 * Autodiff (gradients.ts): gradients(g, loss, wrt, convGrad?) appends the backward ops to g.
 *   One rule per primitive; composites (ConvLSTM cells, losses) need none. Shared parameters
 *   accumulate over all their uses.
 * ONNX (onnx-export.ts): exportOnnx(g, { name: value }, { params: 'initializers' | 'inputs',
 *   values }) → ONNX opset 17 bytes.
 * Training (train-step.ts, optimizers.ts, trainer.ts): buildTrainStep(g, loss, { optimizer:
 *   adam({ beta1, beta2, epsilon }) | sgd({ momentum }), clipNorm?, outputs? }) → TrainStep;
 *   Trainer.create(step, params, { threads }); trainer.step(feeds, lr) → { loss, gradNorm,
 *   outputs }; trainer.params(); trainer.checkpoint() / restore(bytes);
 *   saveCheckpoint(path) / loadCheckpoint(path) — resuming is bit-exact.
 * Inference (runtime.ts): InferenceRunner.create(g, outputs, params, { threads }); run(feeds);
 *   .onnx holds the standalone model file.
 * Tensors on the host are HostTensor { data: Float32Array, shape: number[] } (NCHW).
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
export { InferenceRunner, sessionOptions, type RuntimeOptions } from './runtime.js';
export { gradients } from './gradients.js';
export { DEFAULT_CONV_GRAD, convWeightGrad, type ConvGradOptions } from './conv-grad.js';
export { adam, sgd, type Optimizer, type AdamOptions, type StepScalars } from './optimizers.js';
export { buildTrainStep, stateName, newName, STEP_IO, type TrainStep, type TrainStepOptions } from './train-step.js';
export { Trainer, type StepResult } from './trainer.js';
