// Fresh Bernoulli masks for the training graph's dropout inputs, drawn by the training loop each
// step from its seeded generator (the graph itself has no randomness, so steps are reproducible).
import { expectInput, type Rng } from '../image/index.js';
import type { HostTensor } from '../nn/index.js';
import type { DropoutMaskSpec } from './graphs.js';

/** Mask shape [N, channels, H/factor, W/factor] for an input batch of N images of H×W px. */
export function dropoutMaskShape(spec: DropoutMaskSpec, n: number, height: number, width: number): number[] {
  expectInput(height % spec.factor === 0 && width % spec.factor === 0, spec.name, `image ${width}x${height} px is not a multiple of ${spec.factor}`);
  return [n, spec.channels, height / spec.factor, width / spec.factor];
}

/** Draws a 0/1 mask: each element is 1 (kept) with probability 1 − rate. */
export function drawDropoutMask(spec: DropoutMaskSpec, n: number, height: number, width: number, rng: Rng): HostTensor {
  const shape = dropoutMaskShape(spec, n, height, width);
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = rng.uniform() < spec.rate ? 0 : 1;
  return { data, shape };
}
