// dataset.json: the settings a dataset folder was made with and its sequence plan, checked on resume.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, writeFileAtomic, ParameterError } from '../../image/index.js';
import type { DatasetLayout } from './layouts.js';
import type { SequenceParams } from './params.js';
import type { SplitName, SplitRatios } from './splits.js';

/** File name of the plan inside the dataset folder. */
export const PLAN_FILE = 'dataset.json';

const FORMAT = 'dualpix-dataset/1';

/** The settings that decide a dataset's content (not workers or shard, which never change it). */
export interface DatasetConfig {
  readonly source: string;
  /** Frames per sequence: exact for procedural sources, at most this many for folders (null = all). */
  readonly frames: number | null;
  readonly layout: DatasetLayout;
  readonly split: SplitRatios;
  readonly seed: number;
  /** Fixed camera preset, or null when each sequence draws one of paper-1 … paper-5. */
  readonly camera: string | null;
  /** `--cameras` family when not `paper` (absent for paper, so default plans stay as they were). */
  readonly cameras?: string;
  /** Sequences per photo (photos:DIR sources only). */
  readonly perPhoto?: number;
  /** Procedural and photo frame size in px (null for RGB-D folder sources). */
  readonly size: { readonly width: number; readonly height: number } | null;
  /** Metres per stored depth unit when given by the caller (null = each format's documented default). */
  readonly depthScale: number | null;
}

/** One sequence of the plan: its split, frame count and parameter draw. */
export interface PlannedSequence {
  readonly index: number;
  /** Source folder name, photo stem (STEM_k with several per photo), or procedural_N. */
  readonly source: string;
  readonly split: SplitName;
  readonly frames: number;
  readonly params: SequenceParams;
}

/** The content of dataset.json. */
export interface DatasetPlan {
  readonly format: typeof FORMAT;
  readonly config: DatasetConfig;
  readonly sequences: readonly PlannedSequence[];
}

/** Builds the plan object (pure). */
export function makePlan(config: DatasetConfig, sequences: readonly PlannedSequence[]): DatasetPlan {
  return { format: FORMAT, config, sequences };
}

/** Reads dataset.json from a dataset folder; throws InputError naming the file when absent or unreadable. */
export function readPlan(dir: string): DatasetPlan {
  const path = join(dir, PLAN_FILE);
  if (!existsSync(path)) throw new InputError(path, 'not found: not a dualpix dataset folder');
  let plan: DatasetPlan;
  try {
    plan = JSON.parse(readFileSync(path, 'utf8')) as DatasetPlan;
  } catch (err) {
    throw new InputError(path, `unreadable (${(err as Error).message})`);
  }
  if (plan.format !== FORMAT || !Array.isArray(plan.sequences)) throw new InputError(path, `not a ${FORMAT} plan`);
  return plan;
}

/**
 * Writes the plan into `dir`, or, when the folder already holds one, checks that it is the same
 * (a resume or another shard) and throws ParameterError('options.out') naming the settings that differ.
 */
export function writeOrCheckPlan(dir: string, plan: DatasetPlan): void {
  const path = join(dir, PLAN_FILE);
  if (existsSync(path)) {
    const old = readPlan(dir);
    const keys = [...new Set([...Object.keys(old.config ?? {}), ...Object.keys(plan.config)])] as (keyof DatasetConfig)[];
    const differ = keys.filter(
      (k) => JSON.stringify(old.config?.[k]) !== JSON.stringify(plan.config[k]),
    );
    if (differ.length > 0) {
      const what = differ.map((k) => `${k} ${JSON.stringify(old.config?.[k])} there, ${JSON.stringify(plan.config[k])} now`).join('; ');
      throw new ParameterError('options.out', `${dir} holds a dataset made with other settings (${what}); use a new folder`);
    }
    if (JSON.stringify(old.sequences) !== JSON.stringify(plan.sequences)) {
      throw new ParameterError('options.out', `${dir} holds a dataset whose sequences differ from the source's now (files added or removed?); use a new folder`);
    }
    return;
  }
  writeFileAtomic(path, JSON.stringify(plan, null, 2) + '\n');
}
