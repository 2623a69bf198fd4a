import type { Rng } from '../image/index.js';

/** Fills a new parameter tensor of a static shape from a seeded generator. */
export interface Initializer {
  /** A short name recorded with the parameter (e.g. 'he_normal'). */
  readonly kind: string;
  /** Returns shape's product of values drawn from `rng`. */
  fill(shape: readonly number[], rng: Rng): Float32Array;
}

function count(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Fan-in of a weight: conv kernels are [Cout, Cin/groups, kh, kw] (fan-in Cin/groups·kh·kw),
 * matmul weights [in, out] (fan-in `in`), vectors their length.
 */
export function fanIn(shape: readonly number[]): number {
  if (shape.length === 4) return (shape[1] as number) * (shape[2] as number) * (shape[3] as number);
  if (shape.length >= 1) return shape[0] as number;
  return 1;
}

/** Fan-out of a weight, laid out as in fanIn. */
export function fanOut(shape: readonly number[]): number {
  if (shape.length === 4) return (shape[0] as number) * (shape[2] as number) * (shape[3] as number);
  if (shape.length === 2) return shape[1] as number;
  return shape[0] ?? 1;
}

/** Standard deviation of a unit normal truncated to [−2, 2]. */
const TRUNCATED_NORMAL_STD = 0.87962566103423978;

/** He et al. 2015 init as Keras draws it: truncated normal of variance 2/fan_in (the paper's networks). */
export function heNormal(): Initializer {
  return {
    kind: 'he_normal',
    fill(shape, rng) {
      const out = new Float32Array(count(shape));
      // Keras' he_normal (what the paper's code used) truncates at two standard deviations and
      // widens the normal so that the truncated draw keeps variance 2/fan_in.
      const std = Math.sqrt(2 / fanIn(shape)) / TRUNCATED_NORMAL_STD;
      for (let i = 0; i < out.length; i++) {
        let z = rng.normal();
        while (z < -2 || z > 2) z = rng.normal();
        out[i] = std * z;
      }
      return out;
    },
  };
}

/** Glorot & Bengio 2010 uniform init: U(±sqrt(6/(fan_in+fan_out))), Keras' default kernel init. */
export function glorotUniform(): Initializer {
  return {
    kind: 'glorot_uniform',
    fill(shape, rng) {
      const out = new Float32Array(count(shape));
      const limit = Math.sqrt(6 / (fanIn(shape) + fanOut(shape)));
      for (let i = 0; i < out.length; i++) out[i] = limit * (2 * rng.uniform() - 1);
      return out;
    },
  };
}

/** All elements equal to `value` (zeros() for biases). */
export function constant(value: number): Initializer {
  return {
    kind: `constant(${value})`,
    fill(shape) {
      return new Float32Array(count(shape)).fill(value);
    },
  };
}

/** All zeros. */
export function zeros(): Initializer {
  return constant(0);
}

/**
 * Keras' `unit_forget_bias`: an LSTM bias of 4·units in gate order (i, f, c, o) with the forget
 * gate's quarter set to 1 and the rest 0 (Jozefowicz et al. 2015), so that the cell remembers
 * by default early in training.
 */
export function unitForgetBias(): Initializer {
  return {
    kind: 'unit_forget_bias',
    fill(shape) {
      const n = count(shape);
      if (n % 4 !== 0) throw new RangeError(`unit_forget_bias: size ${n} is not 4·units`);
      const out = new Float32Array(n);
      out.fill(1, n / 4, n / 2);
      return out;
    },
  };
}
