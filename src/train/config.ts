// The training configuration: one zod schema holding every setting with the paper's defaults,
// read from a JSON file and overridden by command-line values, each error naming its key or flag.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../image/index.js';
import { MAX_COST_VOLUME_SHIFT } from '../models/index.js';

/** Every training setting; defaults are the paper's (Sec. 5) unless noted. */
export const TrainConfigSchema = z.strictObject({
  /** Dataset folder (`dualpix dataset` output or DPDD). */
  data: z.string().min(1),
  /** Output folder: checkpoints, log, loss plot. */
  out: z.string().min(1),
  model: z.enum(['rdpd', 'dpdnet']).default('rdpd'),
  /** Channel multiplier: 1 is the paper's network (RDPD 32…256 + 512 ConvLSTM; DPDNet twice that), 0.25 a quarter of every count. */
  width: z.number().positive().max(4).default(1),
  /** Square patch side, px; a multiple of 16 because the U-Nets pool four times. */
  patch: z.int().min(16).multipleOf(16).default(512),
  /** Single images per image mini-batch. */
  batchImages: z.int().min(1).default(8),
  /** Sequences per sequence mini-batch. */
  batchSequences: z.int().min(1).default(2),
  /** Frames per training sequence window. */
  seqLength: z.int().min(1).default(4),
  /** Initial Adam learning rate. */
  lr: z.number().positive().default(5e-5),
  /** Epochs between learning-rate decays. */
  lrDecayEpochs: z.int().min(1).default(40),
  /** Learning-rate multiplier at each decay. */
  lrDecayFactor: z.number().gt(0).max(1).default(0.5),
  /** Epochs to train (the paper's model converged after 140). */
  epochs: z.int().min(1).default(140),
  /** Pixel term of the loss: the paper's MSE, or a Charbonnier (smooth L1) term (not in the paper). */
  pixelLoss: z.enum(['mse', 'charbonnier', 'psnr']).default('mse'),
  /** Weight λx of the horizontal-derivative edge loss (Eq. 16). */
  edgeLambdaX: z.number().min(0).default(0.03),
  /** Weight λy of the vertical-derivative edge loss (Eq. 16). */
  edgeLambdaY: z.number().min(0).default(0.02),
  /** Sobel kernel sizes m of the multi-scale edge loss, odd, px. */
  edgeScales: z
    .array(z.int().min(3).refine((m) => m % 2 === 1, 'must be odd'))
    .min(1)
    .default([3, 7, 11]),
  /** Dropout rate in the ConvLSTM. */
  dropout: z.number().min(0).lt(1).default(0.4),
  /** Seed of every random choice (crops, flips, order, initial weights). */
  seed: z.int().min(0).max(0xffffffff).default(0),
  /** Validation patches (and sequence windows) per kind; 0 turns validation off. Not from the paper. */
  valPatches: z.int().min(0).default(32),
  /** Validate every this many epochs. */
  valEvery: z.int().min(1).default(1),
  /** Write a checkpoint every this many epochs. */
  checkpointEvery: z.int().min(1).default(1),
  /** Write a step record to the log every this many steps. */
  logEvery: z.int().min(1).default(10),
  /** Random DP-safe flips (horizontal with L/R swap, vertical). */
  flips: z.boolean().default(true),
  /** RDPD with a residual head (output = clamp((I_l + I_r)/2 + correction)); not the paper's network. */
  residual: z.boolean().default(false),
  /** Output head: 'paper' (three ReLU filters, then 1×1) or 'wide' (one linear 3×3 over level 9; residual only). Not in the paper. */
  head: z.enum(['paper', 'wide']).default('paper'),
  /** RDPD: maximum shift (px) of a DP cost volume the first layer reads beside the views; 0 = none. Not in the paper. */
  costVolume: z.int().min(0).max(MAX_COST_VOLUME_SHIFT).default(0),
  /** Weight file (or checkpoint) whose parameters start a fresh run; layers that grew (the cost volume's inputs) start those inputs at zero. */
  initWeights: z.string().min(1).optional(),
  /** Candidate patches drawn per kept patch; the flattest are dropped (1: no selection). */
  sharpCandidates: z.int().min(1).default(2),
  /** How candidate crops are ranked: 'target' sharpness (the reference's) or the sharpness the input 'lost' (skips in-focus crops too). */
  candidateScore: z.enum(['target', 'lost']).default('target'),
  /** Memory budget of the decoded-image cache, MiB. */
  cacheMb: z.int().min(0).default(1024),
  /** ONNX Runtime intra-op threads; 0 lets the runtime choose. */
  threads: z.int().min(0).default(0),
});

/** A fully resolved training configuration (every default filled in). */
export type TrainConfig = z.output<typeof TrainConfigSchema>;

/** A config key. */
export type TrainConfigKey = keyof z.output<typeof TrainConfigSchema>;

/** Command-line values by flag (`lr`, `--batch-images`) or key (`batchImages`); undefined ones are ignored. */
export type ConfigOverrides = Readonly<Record<string, string | number | boolean | readonly number[] | undefined>>;

/** The command-line flag of a config key: batchImages → --batch-images. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

const KEYS = Object.keys(TrainConfigSchema.shape) as TrainConfigKey[];
const BY_FLAG = new Map<string, TrainConfigKey>(KEYS.flatMap((k) => [[flagName(k), k] as const, [`--${k}`, k] as const]));

/**
 * Merges a config file's JSON (`fileJson`, from `source`) with command-line overrides and
 * validates the result. Overrides win; string values are parsed by the key's type (numbers,
 * true/false, comma lists). Throws InputError naming the flag (`--lr`) for a bad override or the
 * file and key for a bad file value.
 */
export function resolveConfig(fileJson: unknown, overrides: ConfigOverrides = {}, source = 'config file'): TrainConfig {
  const merged: Record<string, unknown> = {};
  if (fileJson !== undefined && fileJson !== null) {
    if (typeof fileJson !== 'object' || Array.isArray(fileJson)) throw new InputError(source, 'expected a JSON object of training settings');
    Object.assign(merged, fileJson);
  }
  const fromFlag = new Map<string, string>();
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const flag = name.startsWith('--') ? name : `--${name}`;
    const key = BY_FLAG.get(flag);
    if (!key) throw new InputError(flag, `unknown training option (known: ${KEYS.map(flagName).join(' ')})`);
    merged[key] = typeof value === 'string' ? parseFlagValue(key, value) : value;
    fromFlag.set(key, flagName(key));
  }
  const result = TrainConfigSchema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      throw new InputError(source, `unknown setting "${issue.keys[0]}" (known: ${KEYS.join(', ')})`);
    }
    const key = String(issue.path[0] ?? '');
    const given = key in merged ? `, got ${JSON.stringify(merged[key])}` : '';
    const flag = fromFlag.get(key);
    if (flag) throw new InputError(flag, `${issue.message}${given}`);
    if (!(key in merged) && (key === 'data' || key === 'out')) throw new InputError(flagName(key), 'required (give the flag or set it in the config file)');
    throw new InputError(source, `setting "${key}": ${issue.message}${given}`);
  }
  return result.data;
}

/** Reads a JSON config file; InputError naming the file when it is missing or not JSON. */
export function loadConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(path, `cannot read config file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InputError(path, `not valid JSON (${(err as Error).message})`);
  }
}

/** Kind of value a key holds, read from the schema so that flags and the file cannot disagree. */
function kindOf(key: TrainConfigKey): string {
  let t: { def: { type: string; innerType?: unknown } } = TrainConfigSchema.shape[key] as unknown as { def: { type: string; innerType?: unknown } };
  while ((t.def.type === 'default' || t.def.type === 'optional') && t.def.innerType) t = t.def.innerType as typeof t;
  return t.def.type;
}

function parseFlagValue(key: TrainConfigKey, text: string): unknown {
  const kind = kindOf(key);
  const num = (s: string): number | string => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s);
  if (kind === 'number') return num(text);
  if (kind === 'boolean') return text === 'true' || text === '' ? true : text === 'false' ? false : text;
  if (kind === 'array') return text.split(',').map(num);
  return text;
}
