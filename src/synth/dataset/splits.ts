// Train/val/test split of a dataset's sequences: parsing `--split`, exact counts, seeded assignment.
import { Rng, ParameterError } from '../../image/index.js';

/** The split names a dataset may use, in the order counts and folders are listed. */
export const SPLIT_NAMES = ['train', 'val', 'test'] as const;

/** One of the dataset splits. */
export type SplitName = (typeof SPLIT_NAMES)[number];

/** Fraction of sequences (dimensionless, summing to 1) that go to each split. */
export type SplitRatios = Readonly<Record<SplitName, number>>;

/** The default `--split`: 80 % train, 10 % val, 10 % test (fractions of sequences). */
export const DEFAULT_SPLIT: SplitRatios = { train: 0.8, val: 0.1, test: 0.1 };

// Sequences are shuffled with their own stream so that adding sampling keys elsewhere never moves splits.
const SPLIT_STREAM = 0x5b117;

/**
 * Parses `--split` text such as "train=0.8,val=0.1,test=0.1" (names from SPLIT_NAMES, each at
 * most once, missing ones count 0, fractions or percentages as long as they sum to 1 or 100).
 * Throws ParameterError('options.split') otherwise.
 */
export function parseSplit(text: string): SplitRatios {
  const bad = (detail: string): never => {
    throw new ParameterError('options.split', `${detail}; expected e.g. train=0.8,val=0.1,test=0.1, got "${text}"`);
  };
  const ratios: Record<SplitName, number> = { train: 0, val: 0, test: 0 };
  const seen = new Set<string>();
  for (const part of text.split(',')) {
    const m = /^\s*([a-z]+)\s*=\s*([0-9]*\.?[0-9]+(?:e-?[0-9]+)?)\s*$/i.exec(part);
    if (!m) bad(`cannot read "${part.trim()}"`);
    const name = m![1]!.toLowerCase();
    if (!(SPLIT_NAMES as readonly string[]).includes(name)) bad(`unknown split "${name}" (use ${SPLIT_NAMES.join(', ')})`);
    if (seen.has(name)) bad(`split "${name}" given twice`);
    seen.add(name);
    ratios[name as SplitName] = Number(m![2]);
  }
  const sum = ratios.train + ratios.val + ratios.test;
  const scale = Math.abs(sum - 100) < 1e-6 ? 100 : 1;
  if (Math.abs(sum - scale) > 1e-6) bad(`fractions sum to ${sum}, not 1`);
  return { train: ratios.train / scale, val: ratios.val / scale, test: ratios.test / scale };
}

/**
 * Number of sequences per split for `total` sequences: floor of each share, the remainder handed
 * out by largest fractional part (ties in SPLIT_NAMES order), so the counts always sum to `total`.
 */
export function splitCounts(ratios: SplitRatios, total: number): Record<SplitName, number> {
  const exact = SPLIT_NAMES.map((s) => ratios[s] * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = SPLIT_NAMES.map((_, i) => i).sort((a, b) => exact[b]! - counts[b]! - (exact[a]! - counts[a]!) || a - b);
  for (const i of order) {
    if (left <= 0) break;
    if (ratios[SPLIT_NAMES[i]!] > 0) {
      counts[i]!++;
      left--;
    }
  }
  return { train: counts[0]!, val: counts[1]!, test: counts[2]! };
}

/**
 * Split of every sequence index 0 … total−1: a seeded shuffle of the indices, then the first
 * `train` count go to train, the next to val, the rest to test. Depends only on (seed, total,
 * ratios), never on sharding or worker count.
 */
export function assignSplits(ratios: SplitRatios, total: number, seed: number): SplitName[] {
  const counts = splitCounts(ratios, total);
  const order = Array.from({ length: total }, (_, i) => i);
  const rng = Rng.derive(seed, SPLIT_STREAM);
  for (let i = total - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const out = new Array<SplitName>(total);
  let k = 0;
  for (const s of SPLIT_NAMES) for (let c = 0; c < counts[s]; c++) out[order[k++]!] = s;
  return out;
}
