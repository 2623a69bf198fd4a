/**
 * The one error type for bad user input. Its message is a single line naming the file or flag,
 * what was expected and what was given; the CLI prints it as is and exits non-zero.
 */
export class InputError extends Error {
  constructor(
    /** The file path or `--flag` the problem is about. */
    readonly subject: string,
    detail: string,
  ) {
    super(`${subject}: ${detail}`);
    this.name = 'InputError';
  }
}

/** Throws an InputError unless `ok`; a compact guard for argument checks. */
export function expectInput(ok: boolean, subject: string, detail: string): asserts ok {
  if (!ok) throw new InputError(subject, detail);
}
