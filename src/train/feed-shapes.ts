// Concrete shapes of graph inputs declared with symbols ('N', 'H/16'): the recurrent state a
// runner is fed as zeros on a sequence's first frame.
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
