// Concrete shapes of graph inputs declared with symbols ('N', 'H/16'), and the dropout masks a
// training step is fed: 0/1 tensors drawn fresh each step, so that the graph itself stays
// deterministic and a resumed run draws the same masks.
import type { Rng } from '../image/index.js';
import type { Shape } from '../nn/index.js';

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

/** A keep-mask of `shape`: each entry 1 with probability 1 − rate, else 0. */
export function drawMask(shape: readonly number[], rate: number, rng: Rng): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.uniform() < rate ? 0 : 1;
  return out;
}
