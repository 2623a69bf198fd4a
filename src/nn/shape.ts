import { GraphError } from './errors.js';

/**
 * One dimension: a number, or a symbol fixed only when the graph runs ('N', 'H', 'W').
 * Symbols may carry a power-of-two-style rational factor written 'H/2', 'H/4', 'H*2' so that
 * max-pooling then upsampling gives back 'H' (a U-Net's skip connections then type-check).
 * Any other string is an opaque symbol equal only to itself.
 */
export type Dim = number | string;
/** A tensor shape, outermost axis first (NCHW for images). */
export type Shape = readonly Dim[];

interface Scaled {
  sym: string;
  num: number;
  den: number;
}

const SCALED = /^([A-Za-z_][\w.]*)(?:\*(\d+))?(?:\/(\d+))?$/;

function parse(d: string): Scaled | null {
  const m = SCALED.exec(d);
  if (m === null) return null;
  return { sym: m[1] as string, num: m[2] ? Number(m[2]) : 1, den: m[3] ? Number(m[3]) : 1 };
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Multiplies a dimension by num/den; numbers are floored (MaxPool's floor), symbols stay exact. */
export function scaleDim(d: Dim, num: number, den: number): Dim {
  if (typeof d === 'number') return Math.floor((d * num) / den);
  const p = parse(d);
  if (p === null) return `(${d})*${num}/${den}`;
  let n = p.num * num;
  let q = p.den * den;
  const c = gcd(n, q);
  n /= c;
  q /= c;
  return p.sym + (n !== 1 ? `*${n}` : '') + (q !== 1 ? `/${q}` : '');
}

/** The symbol a dimension scales and the divisor it carries ('H/16' → H, 16); null for numbers and opaque symbols. */
export function dimDivisor(d: Dim): { sym: string; den: number } | null {
  if (typeof d === 'number') return null;
  const p = parse(d);
  return p === null ? null : { sym: p.sym, den: p.den };
}

/** Adds a constant to a dimension ('H' + -2 gives 'H-2', an opaque symbol). */
export function offsetDim(d: Dim, delta: number): Dim {
  if (typeof d === 'number') return d + delta;
  if (delta === 0) return d;
  // Fold repeated offsets so that padding then cropping gives back the same symbol.
  const m = /^(.+?)([+-]\d+)$/.exec(d);
  const base = m ? (m[1] as string) : d;
  const c = (m ? Number(m[2]) : 0) + delta;
  return c === 0 ? base : `${base}${c > 0 ? '+' : ''}${c}`;
}

/** Whether two dimensions are known to be equal. */
export function dimEq(a: Dim, b: Dim): boolean {
  return a === b;
}

/** Renders a shape for error messages: [N,7,H,W]. */
export function fmt(shape: Shape): string {
  return `[${shape.join(',')}]`;
}

/** Product of a shape's dimensions when all are numbers, else null. */
export function staticSize(shape: Shape): number | null {
  let n = 1;
  for (const d of shape) {
    if (typeof d !== 'number') return null;
    n *= d;
  }
  return n;
}

/** Numpy-style broadcast of two shapes; throws naming `op` when they do not fit. */
export function broadcast(op: string, a: Shape, b: Shape): Dim[] {
  const r = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < r; i++) {
    const da = i < r - a.length ? 1 : (a[i - (r - a.length)] as Dim);
    const db = i < r - b.length ? 1 : (b[i - (r - b.length)] as Dim);
    if (dimEq(da, db) || db === 1) out.push(da);
    else if (da === 1) out.push(db);
    else throw new GraphError(op, `shapes ${fmt(a)} and ${fmt(b)} do not broadcast (axis ${i}: ${da} vs ${db})`);
  }
  return out;
}

/** Normalizes a possibly negative axis for a rank; throws naming `op` when out of range. */
export function normAxis(op: string, axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank) throw new GraphError(op, `axis ${axis} out of range for rank ${rank}`);
  return a;
}
