/**
 * A graph that cannot be built: shapes that do not fit, an unknown attribute, a bad axis.
 * The subject is the op (and the parameter or input it concerns), so the message reads
 * `conv2d 'enc1/conv1/kernel': input has 7 channels, kernel expects 6 (input [N,7,H,W], ...)`.
 * It is a programmer error, not bad user input: it does not extend InputError, so the CLI
 * reports it as an internal error (exit 1) and keeps its stack. Code that builds a graph from
 * user data (a weight file) checks that data first and throws InputError itself.
 */
export class GraphError extends Error {
  constructor(
    /** The op (and parameter or input) the problem is about. */
    readonly subject: string,
    detail: string,
  ) {
    super(`${subject}: ${detail}`);
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
