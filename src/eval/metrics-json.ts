// metrics.json: the evaluation's numbers as JSON. JSON has no Infinity (the PSNR of a perfect
// reconstruction), so non-finite scores are written as the strings "Infinity", "-Infinity", "NaN".
import { readFileSync } from 'node:fs';
import { InputError, writeFileAtomic } from '../image/index.js';
import type { EvalMetrics } from './eval-types.js';

const SCORE_KEYS = new Set(['psnr', 'ssim', 'mae', 'niqe', 'timeS']);

/** metrics.json text: 2-space indented, non-finite scores as strings. */
export function encodeMetrics(metrics: EvalMetrics): string {
  return JSON.stringify(metrics, (key, value: unknown) => (SCORE_KEYS.has(key) && typeof value === 'number' && !Number.isFinite(value) ? String(value) : value), 2) + '\n';
}

/** Parses metrics.json text back (inverse of encodeMetrics); `source` names the file in errors. */
export function decodeMetrics(text: string, source: string): EvalMetrics {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (key, value: unknown) => (SCORE_KEYS.has(key) && typeof value === 'string' ? Number(value) : value));
  } catch (err) {
    throw new InputError(source, `not JSON (${(err as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as { format?: unknown }).format !== 'dualpix-eval/1') {
    throw new InputError(source, 'not a dualpix metrics.json (format "dualpix-eval/1")');
  }
  return parsed as EvalMetrics;
}

/** Writes metrics.json atomically. */
export function writeMetricsJson(path: string, metrics: EvalMetrics): void {
  writeFileAtomic(path, encodeMetrics(metrics));
}

/** Reads a metrics.json file. */
export function readMetricsJson(path: string): EvalMetrics {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(path, `cannot read file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return decodeMetrics(text, path);
}
