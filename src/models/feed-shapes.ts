// Concrete shapes of graph inputs declared with symbols ('N', 'H/16'): the recurrent state a
// runner is fed as zeros on a sequence's first frame.
import type { HostTensor, InferenceRunner, Shape } from '../nn/index.js';
import type { InferenceNetwork } from './network.js';

const SCALED = /^([A-Za-z_][\w.]*)(?:\*(\d+))?(?:\/(\d+))?$/;

/** Sizes of a declared shape given the symbol values (N, H, W …); 'H/16' is H/16 rounded down, as max-pooling gives. */
export function resolveShape(shape: Shape, symbols: Readonly<Record<string, number>>, subject: string): number[] {
  return shape.map((d) => {
    if (typeof d === 'number') return d;
    const m = SCALED.exec(d);
    const base = m ? symbols[m[1] as string] : undefined;
    if (!m || base === undefined) throw new RangeError(`${subject}: cannot size dimension '${d}' (known symbols: ${Object.keys(symbols).join(', ')})`);
    return Math.floor((base * Number(m[2] ?? 1)) / Number(m[3] ?? 1));
  });
}

/** Zero recurrent state for a frame input of shape [N, C, H, W]. */
export function zeroState(runner: InferenceRunner, net: InferenceNetwork, inShape: readonly number[]): Record<string, HostTensor> {
  const symbols = { N: inShape[0] as number, H: inShape[2] as number, W: inShape[3] as number };
  const out: Record<string, HostTensor> = {};
  for (const st of net.state) {
    const declared = runner.inputs.get(st.input);
    if (!declared) continue;
    const shape = resolveShape(declared, symbols, `state input '${st.input}'`);
    out[st.input] = { data: new Float32Array(shape.reduce((a, b) => a * b, 1)), shape };
  }
  return out;
}
