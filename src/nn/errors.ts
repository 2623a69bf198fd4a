import { InputError } from '../image/index.js';

/**
 * A graph that cannot be built: shapes that do not fit, an unknown attribute, a bad axis.
 * The subject is the op (and the parameter or input it concerns), so the message reads
 * `conv2d 'enc1/conv1/kernel': input has 7 channels, kernel expects 6 (input [N,7,H,W], ...)`.
 */
export class GraphError extends InputError {
  constructor(op: string, detail: string) {
    super(op, detail);
    this.name = 'GraphError';
  }
}

/** Throws a GraphError naming `op` unless `ok`. */
export function expectGraph(ok: boolean, op: string, detail: string): asserts ok {
  if (!ok) throw new GraphError(op, detail);
}

/** Rejects attribute keys an op does not know (a typo would otherwise be silently ignored). */
export function checkAttrKeys(op: string, attrs: object | undefined, known: readonly string[]): void {
  if (attrs === undefined) return;
  for (const key of Object.keys(attrs)) {
    expectGraph(known.includes(key), op, `unknown attribute '${key}' (known: ${known.join(', ') || 'none'})`);
  }
}
