import type { Graph, Value } from './graph.js';

/** Per-step scalars an optimizer derives once and shares among all parameters. */
export interface StepScalars {
  /** Learning rate fed for this step. */
  readonly lr: Value;
  /** Learning rate after any bias correction. */
  readonly lrT: Value;
}

/** An update rule emitted as graph ops inside the training-step graph. */
export interface Optimizer {
  readonly kind: string;
  /** Names of the per-parameter state tensors, each shaped like its parameter. */
  readonly slots: readonly string[];
  /** Builds the per-step scalars from the fed learning rate and the count of completed steps. */
  prepare(g: Graph, lr: Value, stepsDone: Value): StepScalars;
  /** Returns the updated parameter and the updated state tensors (in `slots` order). */
  update(g: Graph, param: Value, grad: Value, state: readonly Value[], s: StepScalars): { param: Value; state: Value[] };
}

/** Adam settings; defaults are Keras' (the paper's networks were trained with Keras Adam). */
export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/**
 * Adam (Kingma & Ba 2015, Algorithm 1 with the bias correction folded into the step size, as
 * Keras does): t = steps done + 1, lr_t = lr·√(1−β2^t)/(1−β1^t), m ← β1·m + (1−β1)·g,
 * v ← β2·v + (1−β2)·g², p ← p − lr_t·m/(√v + ε).
 */
export function adam(options: AdamOptions = {}): Optimizer {
  const b1 = options.beta1 ?? 0.9;
  const b2 = options.beta2 ?? 0.999;
  const eps = options.epsilon ?? 1e-7;
  return {
    kind: 'adam',
    slots: ['m', 'v'],
    prepare(g, lr, stepsDone) {
      const t = g.add(stepsDone, 1);
      const pow = (b: number): Value => g.onnx1('Pow', [g.scalar(b), t], {}, []);
      const lrT = g.div(g.mul(lr, g.sqrt(g.sub(1, pow(b2)))), g.sub(1, pow(b1)));
      return { lr, lrT };
    },
    update(g, p, grad, [m, v], s) {
      const m1 = g.add(g.mul(m as Value, b1), g.mul(grad, 1 - b1));
      const v1 = g.add(g.mul(v as Value, b2), g.mul(g.square(grad), 1 - b2));
      const p1 = g.sub(p, g.div(g.mul(m1, s.lrT), g.add(g.sqrt(v1), eps)));
      return { param: p1, state: [m1, v1] };
    },
  };
}

/** Plain SGD, or with heavy-ball momentum μ: v ← μ·v + g, p ← p − lr·v. */
export function sgd(options: { momentum?: number } = {}): Optimizer {
  const mu = options.momentum ?? 0;
  return {
    kind: mu > 0 ? 'sgd_momentum' : 'sgd',
    slots: mu > 0 ? ['velocity'] : [],
    prepare(_g, lr) {
      return { lr, lrT: lr };
    },
    update(g, p, grad, state, s) {
      if (mu === 0) return { param: g.sub(p, g.mul(grad, s.lr)), state: [] };
      const v1 = g.add(g.mul(state[0] as Value, mu), grad);
      return { param: g.sub(p, g.mul(v1, s.lr)), state: [v1] };
    },
  };
}
