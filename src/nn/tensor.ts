/** A float32 tensor in host memory: row-major data and its static shape (NCHW for images). */
export interface HostTensor {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

/** Parameter values by parameter name (the keys of weight files). */
export type ParamStore = Map<string, HostTensor>;

/** Wraps data and shape as a HostTensor, checking that the sizes agree. */
export function hostTensor(data: Float32Array, shape: readonly number[]): HostTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  if (n !== data.length) throw new RangeError(`tensor: shape [${shape.join(',')}] needs ${n} values, got ${data.length}`);
  return { data, shape: [...shape] };
}
