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

/**
 * Bad input in a library parameter, named as the library's API names it (`params.alpha`,
 * `options.workers`, `lens.focusM`), never as a command-line flag: whoever wraps the library
 * (the CLI) maps `parameter` to its own name for it.
 */
export class ParameterError extends InputError {
  constructor(
    /** The parameter path as the caller wrote it, e.g. `options.workers`. */
    readonly parameter: string,
    detail: string,
  ) {
    super(parameter, detail);
    this.name = 'ParameterError';
  }
}

/** Throws a ParameterError naming `parameter` unless `ok`. */
export function expectParameter(ok: boolean, parameter: string, detail: string): asserts ok {
  if (!ok) throw new ParameterError(parameter, detail);
}
