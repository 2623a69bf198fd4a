// Worker threads on the module beside the caller, and errors carried across the thread boundary.
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { InputError, ParameterError } from './errors.js';

/**
 * Starts a worker thread on the module `name` beside `callerUrl` (the caller's import.meta.url).
 * From dist/ that is NAME.js. From source (tests and scripts under tsx) it is NAME.ts, and
 * Node 20 does not apply `--import tsx` in a worker's execArgv to the worker's entry, so a
 * two-line bootstrap registers tsx's loader in the thread first and then imports the entry.
 */
export function startModuleWorker(callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, callerUrl), options);
  const entry = new URL(`./${name}.ts`, callerUrl).href;
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

/** An error carried across the thread boundary (InputError keeps its subject, ParameterError its parameter). */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly subject?: string;
  /** Set for a ParameterError: the library parameter it names. */
  readonly parameter?: string;
  readonly stack?: string;
}

/** Turns any thrown value into a SerializedError. */
export function serializeError(err: unknown): SerializedError {
  if (err instanceof ParameterError) return { name: err.name, message: err.message, subject: err.subject, parameter: err.parameter, stack: err.stack ?? '' };
  if (err instanceof InputError) return { name: err.name, message: err.message, subject: err.subject, stack: err.stack ?? '' };
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack ?? '' };
  return { name: 'Error', message: String(err) };
}

/** The error a SerializedError stands for, of the same class where it was one of ours. */
export function reviveError(e: SerializedError): Error {
  if (e.subject !== undefined) {
    const prefix = `${e.subject}: `;
    const detail = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
    return e.parameter !== undefined ? new ParameterError(e.parameter, detail) : new InputError(e.subject, detail);
  }
  const err = new Error(e.message);
  err.name = e.name;
  if (e.stack) err.stack = e.stack;
  return err;
}
