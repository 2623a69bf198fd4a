// One ConvLSTM time step as Keras' ConvLSTM2D computes it (the reference code's layer), built
// from graph primitives so that autodiff covers it.
//
// Paper Eq. 7–11 write peephole terms W^C ∘ C_{t−1} in the input, forget and output gates.
// Keras' ConvLSTM2D has no peepholes, and the reference models were trained with it, so we
// follow Keras (and can load its weights):
//   z = W^X * X_t + b + W^H * H_{t−1}           (both 'same' 3×3 convolutions, gates stacked i, f, c, o)
//   i = Σ(z_i), f = Σ(z_f), o = Σ(z_o)          (Eq. 7, 8, 9 without W^C ∘ C)
//   C_t = f ∘ C_{t−1} + i ∘ tanh(z_c)            (Eq. 10)
//   H_t = o ∘ tanh(C_t)                           (Eq. 11)
// Σ is the logistic sigmoid (paper) or Keras 2's hard sigmoid (ConvLSTM2D's default there).
import type { Rng } from '../image/index.js';
import type { Graph, Initializer, Value } from '../nn/index.js';
import type { RecurrentActivation } from './config.js';

/** Hidden state H and memory cell C, each [N, units, h, w]. */
export interface LstmState {
  readonly h: Value;
  readonly c: Value;
}

/** A ConvLSTM layer's parameters in ONNX layout: kernel [4u, cin, k, k], recurrentKernel [4u, u, k, k], bias [4u]. */
export interface ConvLstmParams {
  readonly kernel: Value;
  readonly recurrentKernel: Value;
  readonly bias: Value;
}

/** Keras-style input dropout: one 0/1 mask per gate, stacked on channels as [N, 4·cin, h, w]. */
export interface LstmDropout {
  readonly mask: Value;
  /** Drop probability in [0, 1); kept values are scaled by 1/(1 − rate). */
  readonly rate: number;
}

/**
 * Initializer of the recurrent kernel: N(0, 1/(k·k·u)) for a [4u, u, k, k] kernel. Keras uses an
 * orthogonal matrix of shape (k·k·u, 4u) whose entries have exactly this variance; drawing them
 * i.i.d. keeps the scale without an O(n³) factorization of a 4608×2048 matrix at width 1.
 */
export function recurrentInit(): Initializer {
  return {
    kind: 'recurrent_normal',
    fill(shape: readonly number[], rng: Rng): Float32Array {
      const n = shape.reduce((a, b) => a * b, 1);
      const rows = (shape[1] ?? 1) * (shape[2] ?? 1) * (shape[3] ?? 1);
      const std = 1 / Math.sqrt(rows);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = std * rng.normal();
      return out;
    },
  };
}

function gate(g: Graph, act: RecurrentActivation, z: Value): Value {
  return act === 'sigmoid' ? g.sigmoid(z) : g.hardSigmoid(z);
}

/**
 * One step: returns (H_t, C_t) from X_t [N, cin, h, w] and the previous state (null = zero
 * state: the recurrent convolution and the forget term vanish, so they are left out). With
 * `dropout`, gate k sees X_t ∘ mask_k / (1 − rate) as in Keras' ConvLSTM2D(dropout=rate); the
 * four masked copies go through one grouped convolution.
 */
export function convLstmStep(g: Graph, p: ConvLstmParams, act: RecurrentActivation, x: Value, prev: LstmState | null, dropout: LstmDropout | null = null): LstmState {
  const units = (p.recurrentKernel.shape[1] as number);
  let z: Value;
  if (dropout === null) {
    z = g.conv2d(x, p.kernel, p.bias);
  } else {
    const stacked = g.dropout(g.concat([x, x, x, x], 1), dropout.mask, dropout.rate);
    z = g.conv2d(stacked, p.kernel, p.bias, { groups: 4 });
  }
  if (prev !== null) z = g.add(z, g.conv2d(prev.h, p.recurrentKernel));
  const part = (k: number): Value => g.slice(z, [k * units], [(k + 1) * units], [1]);
  const i = gate(g, act, part(0));
  const f = gate(g, act, part(1));
  const candidate = g.tanh(part(2));
  const o = gate(g, act, part(3));
  const fresh = g.mul(i, candidate);
  const c = prev === null ? fresh : g.add(g.mul(f, prev.c), fresh);
  return { h: g.mul(o, g.tanh(c)), c };
}
