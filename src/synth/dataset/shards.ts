// Sharding (`--shard i/n`: shard i takes the sequences with index % n == i) and merging shard manifests.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, ParameterError } from '../../image/index.js';
import { manifestName, readManifest, writeManifest, type ManifestRecord } from './manifest.js';
import { readPlan } from './plan.js';

/** Shard `index` of `count` (0 ≤ index < count). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Environment variables a scheduler sets, by name (process.env's shape). */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Parses `--shard`: `i/n` (whole numbers, 0 ≤ i < n); `auto`, the index and count of a Slurm
 * array task (SLURM_ARRAY_TASK_ID minus SLURM_ARRAY_TASK_MIN, SLURM_ARRAY_TASK_COUNT); or
 * `auto/N`, N shards indexed by a Kubernetes Indexed Job (JOB_COMPLETION_INDEX). Throws
 * ParameterError('options.shard') naming the variable that is missing, malformed or out of range.
 */
export function parseShard(text: string, env: Environment = process.env): Shard {
  if (text.trim() === 'auto') return slurmShard(env);
  const auto = /^\s*auto\s*\/\s*(\d+)\s*$/.exec(text);
  if (auto) {
    const count = Number(auto[1]);
    if (!(count >= 1) || !Number.isSafeInteger(count)) throw new ParameterError('options.shard', `expected auto/N with N >= 1 shards, got "${text}"`);
    return { index: envIndex(env, 'JOB_COMPLETION_INDEX', count, 'auto/N reads the shard index from a Kubernetes Indexed Job (completionMode: Indexed)'), count };
  }
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1) || !(index < count) || !Number.isSafeInteger(count)) {
    throw new ParameterError('options.shard', `expected i/n with 0 <= i < n (e.g. 0/4), auto (Slurm array) or auto/N (Kubernetes Indexed Job), got "${text}"`);
  }
  return { index, count };
}

/** A whole number read from the environment variable `name`; ParameterError('options.shard') when absent or malformed. */
function envInt(env: Environment, name: string, why: string): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') throw new ParameterError('options.shard', `${why}, but ${name} is not set`);
  if (!/^\s*\d+\s*$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw new ParameterError('options.shard', `${name} is "${raw}", expected a whole number`);
  return Number(raw);
}

function envIndex(env: Environment, name: string, count: number, why: string): number {
  const index = envInt(env, name, why);
  if (index >= count) throw new ParameterError('options.shard', `${name} is ${index}, out of range for ${count} shards (expected 0 to ${count - 1})`);
  return index;
}

function slurmShard(env: Environment): Shard {
  const why = 'auto reads the shard from a Slurm array job (sbatch --array=0-N)';
  const id = envInt(env, 'SLURM_ARRAY_TASK_ID', why);
  const count = envInt(env, 'SLURM_ARRAY_TASK_COUNT', why);
  if (count < 1) throw new ParameterError('options.shard', `SLURM_ARRAY_TASK_COUNT is ${count}, expected at least 1`);
  const min = env.SLURM_ARRAY_TASK_MIN === undefined ? 0 : envInt(env, 'SLURM_ARRAY_TASK_MIN', why);
  const step = env.SLURM_ARRAY_TASK_STEP === undefined ? 1 : envInt(env, 'SLURM_ARRAY_TASK_STEP', why);
  // Shards must be 0..count-1 exactly once: a stepped or sparse array would skip sequences.
  if (step !== 1) throw new ParameterError('options.shard', `SLURM_ARRAY_TASK_STEP is ${step}: use a contiguous array such as --array=0-${count - 1}`);
  const max = env.SLURM_ARRAY_TASK_MAX === undefined ? min + count - 1 : envInt(env, 'SLURM_ARRAY_TASK_MAX', why);
  if (max - min + 1 !== count) throw new ParameterError('options.shard', `the Slurm array ${min}-${max} has ${count} tasks, not ${max - min + 1}: use a contiguous array such as --array=0-${count - 1}`);
  const index = id - min;
  if (index < 0 || index >= count) {
    throw new ParameterError('options.shard', `SLURM_ARRAY_TASK_ID ${id} is out of range for ${count} tasks from ${min} (use a contiguous array such as --array=0-${count - 1})`);
  }
  return { index, count };
}

/** Whether sequence `sequence` belongs to `shard` (all sequences when there is no shard). */
export function inShard(sequence: number, shard: Shard | undefined): boolean {
  return shard === undefined || sequence % shard.count === shard.index;
}

/** What a merge found: the problems are empty lists when the dataset is complete. */
export interface MergeReport {
  /** Shard count n read from the manifests' names. */
  readonly shards: number;
  /** Samples in the merged manifest. */
  readonly samples: number;
  /** Shard manifests that should exist and do not, as "i/n". */
  readonly missingShards: readonly string[];
  /** Sequence indices with no sample in any shard manifest. */
  readonly missingSequences: readonly number[];
  /** Sequence indices that have some frames but not all. */
  readonly incompleteSequences: readonly number[];
  /** Sequence indices that appear in more than one shard manifest. */
  readonly duplicateSequences: readonly number[];
}

/** Thrown by mergeManifests when shards or sequences are missing; `report` lists them. */
export class IncompleteDatasetError extends InputError {
  constructor(
    dir: string,
    readonly report: MergeReport,
  ) {
    const parts = [
      report.missingShards.length > 0 ? `shard manifests missing: ${report.missingShards.join(', ')}` : '',
      report.missingSequences.length > 0 ? `sequences missing: ${list(report.missingSequences)}` : '',
      report.incompleteSequences.length > 0 ? `sequences incomplete: ${list(report.incompleteSequences)}` : '',
      report.duplicateSequences.length > 0 ? `sequences in more than one shard: ${list(report.duplicateSequences)}` : '',
    ];
    super(dir, `cannot merge: ${parts.filter((p) => p).join('; ')}`);
    this.name = 'IncompleteDatasetError';
  }
}

function list(xs: readonly number[]): string {
  return xs.slice(0, 20).join(', ') + (xs.length > 20 ? `, … (${xs.length} in all)` : '');
}

const SHARD_FILE = /^manifest\.shard-(\d+)-of-(\d+)\.jsonl$/;

/**
 * Merges the shard manifests of dataset folder `dir` into `dir/manifest.jsonl` (sorted by
 * sequence, frame: byte-identical to an unsharded run's manifest). Checks against dataset.json
 * that every sequence is present exactly once with all its frames; otherwise writes nothing and
 * throws IncompleteDatasetError listing the missing shards and sequences.
 */
export function mergeManifests(dir: string): MergeReport {
  const plan = readPlan(dir);
  const found = readdirSync(dir)
    .map((name) => SHARD_FILE.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ index: Number(m[1]), count: Number(m[2]) }));
  if (found.length === 0) throw new InputError(dir, 'no shard manifests (manifest.shard-i-of-n.jsonl) to merge');
  const counts = [...new Set(found.map((s) => s.count))];
  if (counts.length > 1) throw new InputError(dir, `shard manifests of different shard counts (${counts.sort().join(', ')}) in one folder`);
  const count = counts[0]!;

  const missingShards: string[] = [];
  const owner = new Map<number, number>();
  const duplicates = new Set<number>();
  const records: ManifestRecord[] = [];
  for (let index = 0; index < count; index++) {
    const path = join(dir, manifestName({ index, count }));
    if (!existsSync(path)) {
      missingShards.push(`${index}/${count}`);
      continue;
    }
    for (const rec of readManifest(path).records) {
      const prev = owner.get(rec.sequence);
      if (prev !== undefined && prev !== index) duplicates.add(rec.sequence);
      owner.set(rec.sequence, index);
      records.push(rec);
    }
  }
  const framesSeen = new Map<number, Set<number>>();
  for (const r of records) {
    if (!framesSeen.has(r.sequence)) framesSeen.set(r.sequence, new Set());
    framesSeen.get(r.sequence)!.add(r.frame);
  }
  const missingSequences: number[] = [];
  const incompleteSequences: number[] = [];
  for (const seq of plan.sequences) {
    const seen = framesSeen.get(seq.index);
    if (!seen) missingSequences.push(seq.index);
    else if (Array.from({ length: seq.frames }, (_, f) => f).some((f) => !seen.has(f))) incompleteSequences.push(seq.index);
  }
  const report: MergeReport = {
    shards: count,
    samples: records.length,
    missingShards,
    missingSequences,
    incompleteSequences,
    duplicateSequences: [...duplicates].sort((a, b) => a - b),
  };
  if (missingShards.length + missingSequences.length + incompleteSequences.length + duplicates.size > 0) {
    throw new IncompleteDatasetError(dir, report);
  }
  writeManifest(join(dir, manifestName()), records);
  return report;
}
