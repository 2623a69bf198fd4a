import { parseArgs } from 'node:util';
import { InputError } from '../image/index.js';

/** Option table in node:util parseArgs' shape; every value is a string or a boolean switch. */
export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

/** Parsed flags: string values stay strings until a typed getter reads them. */
export type Flags = Record<string, string | boolean | string[] | undefined>;

/** Parses argv for one sub-command; an unknown flag or a missing value becomes an InputError naming it. */
export function parseFlags(command: string, argv: string[], options: OptionSpec): Flags {
  // parseArgs refuses "--radius -12" as ambiguous; a negative number after a string option is its value.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    const name = a.startsWith('--') ? a.slice(2) : '';
    if (options[name]?.type === 'string' && next !== undefined && /^-\d|^-\.\d/.test(next)) {
      args.push(`${a}=${next}`);
      i++;
    } else args.push(a);
  }
  try {
    const { values, positionals } = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true });
    if (positionals.length > 0) throw new InputError(positionals[0]!, `unexpected argument to \`dualpix ${command}\` (flags start with --)`);
    return values as Flags;
  } catch (err) {
    if (err instanceof InputError) throw err;
    const msg = (err as Error).message;
    const flag = /'(-[-\w]+)/.exec(msg)?.[1] ?? command;
    if (/Unknown option/.test(msg)) throw new InputError(flag, `unknown option for \`dualpix ${command}\` (see \`dualpix ${command} --help\`)`);
    // "--out --seed 3" (ambiguous to parseArgs) and a trailing "--out" are the same mistake.
    if (/argument missing|argument is ambiguous/.test(msg)) throw new InputError(flag, `expects a value${valueHint(argv, flag)}`);
    throw new InputError(flag, msg.split('\n')[0]!);
  }
}

/** What followed `flag` in argv when that was another flag, for the "expects a value" message. */
function valueHint(argv: readonly string[], flag: string): string {
  const next = argv[argv.indexOf(flag) + 1];
  return next === undefined ? '' : `, got the flag ${next} (write ${flag}=${next} for a value that starts with -)`;
}

/** A required string flag. */
export function requireString(flags: Flags, name: string): string {
  const v = flags[name];
  if (typeof v !== 'string' || v.length === 0) throw new InputError(`--${name}`, 'is required');
  return v;
}

/** An optional string flag. */
export function optionalString(flags: Flags, name: string): string | undefined {
  const v = flags[name];
  return typeof v === 'string' ? v : undefined;
}

/** A number flag within [min, max]; `fallback` when absent. */
export function numberFlag(flags: Flags, name: string, fallback: number, min = -Infinity, max = Infinity, integer = false): number {
  const v = flags[name];
  if (v === undefined) return fallback;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new InputError(`--${name}`, `expected a number, got "${String(v)}"`);
  if (integer && !Number.isInteger(n)) throw new InputError(`--${name}`, `expected an integer, got ${v}`);
  if (n < min || n > max) throw new InputError(`--${name}`, `expected a number ${rangeText(min, max)}, got ${v}`);
  return n;
}

/** A readable range: Number.MIN_VALUE as a lower bound means "> 0" (never printed as 5e-324). */
export function rangeText(min: number, max: number): string {
  const low = min === Number.MIN_VALUE ? '> 0' : min === -Infinity ? '' : `>= ${min}`;
  const high = max === Infinity ? '' : `<= ${max}`;
  return [low, high].filter((s) => s !== '').join(' and ') || 'of any value';
}

/** A comma-separated list of exactly `count` numbers (e.g. --psf n,alpha,beta,kappa). */
export function numberList(flags: Flags, name: string, count: number, what: string): number[] | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  const parts = String(v).split(',').map((s) => Number(s.trim()));
  if (parts.length !== count || parts.some((p) => !Number.isFinite(p))) {
    throw new InputError(`--${name}`, `expected ${what} (${count} comma-separated numbers), got "${String(v)}"`);
  }
  return parts;
}

/** One of a fixed set of words. */
export function choiceFlag<T extends string>(flags: Flags, name: string, choices: readonly T[], fallback: T): T {
  const v = flags[name];
  if (v === undefined) return fallback;
  if (!choices.includes(v as T)) throw new InputError(`--${name}`, `expected one of ${choices.join(', ')}, got "${String(v)}"`);
  return v as T;
}
