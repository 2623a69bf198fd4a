// The manifest: one JSON line per written sample, appended as samples finish, sorted when a run ends.
import { closeSync, existsSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonLines, writeFileAtomic } from '../../image/index.js';
import type { ButterworthParams } from '../../psf/index.js';
import type { SamplePaths } from './layouts.js';
import { fileMatches, type SampleChecks } from './sample-files.js';
import type { DrawnLens } from './params.js';
import { SPLIT_NAMES, type SplitName } from './splits.js';

/**
 * Where a sample's scene came from: files (paths relative to the source folder), a procedural
 * seed, or a photo (path relative to the source folder) with the seed of its crop path and layout.
 */
export type SampleSource =
  | { readonly kind: 'files'; readonly sequence: string; readonly rgb: string; readonly depth: string }
  | { readonly kind: 'procedural'; readonly sceneSeed: number; readonly frames: number }
  | { readonly kind: 'photo'; readonly photo: string; readonly variant: number; readonly sceneSeed: number; readonly frames: number };

/** One written sample: where it is, where it came from and every parameter that made it. */
export interface ManifestRecord {
  readonly split: SplitName;
  /** Sequence index (0-based, over the whole dataset, not the shard). */
  readonly sequence: number;
  /** Frame index within the sequence (0-based). */
  readonly frame: number;
  readonly source: SampleSource;
  /** Camera preset name, or `dslr` / `phone` for a drawn lens (its focus distance is in meta.camera). */
  readonly camera: string;
  /** The drawn lens of a `dslr` or `phone` camera (absent for presets). */
  readonly lens?: DrawnLens;
  /** Butterworth PSF shape (dimensionless). */
  readonly psf: ButterworthParams;
  /** Relative noise σ applied (`sigma`) and the paper-grid value it came from (`paperSigma`); see PAPER_NOISE_SCALE. */
  readonly noise: { readonly paperSigma: number; readonly sigma: number };
  /** Division-model coefficients of Eq. 5 (dimensionless, R in half-diagonals; see src/optics), or null when none. */
  readonly distortion: { readonly c1: number; readonly c2: number } | null;
  /** The renderer's seed for this sample (uint32). */
  readonly seed: number;
  /** Output files relative to the dataset folder. */
  readonly files: SamplePaths;
  /** What the renderer reports about the frame (CoC range in px, layer count, …). */
  readonly meta: Readonly<Record<string, unknown>>;
  /** Size and SHA-256 of each file as written; a resumed run redoes a sample whose files differ. */
  readonly checks?: SampleChecks;
}

const recordSchema = z.looseObject({
  split: z.enum(SPLIT_NAMES),
  sequence: z.number().int().nonnegative(),
  frame: z.number().int().nonnegative(),
  files: z.object({ left: z.string(), right: z.string(), combined: z.string(), sharp: z.string(), coc: z.string() }),
  checks: z.record(z.string(), z.object({ size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })).optional(),
});

/** Name of the manifest a run writes: manifest.jsonl, or manifest.shard-i-of-n.jsonl for shard i of n. */
export function manifestName(shard?: { readonly index: number; readonly count: number }): string {
  return shard ? `manifest.shard-${shard.index}-of-${shard.count}.jsonl` : 'manifest.jsonl';
}

/** Key that identifies a sample across runs and shards. */
export function sampleKey(sequence: number, frame: number): string {
  return `${sequence}/${frame}`;
}

/**
 * Reads a manifest, keeping the well-formed records (the last one per sample). A line that does
 * not parse, such as the tail of an append cut short by a crash, is dropped: that sample was
 * never counted as done. A missing file reads as empty.
 */
export function readManifest(path: string): { records: ManifestRecord[]; dropped: number } {
  const lines = readJsonLines(path);
  const byKey = new Map<string, ManifestRecord>();
  let dropped = lines.unparsed;
  for (const parsed of lines.values) {
    const ok = recordSchema.safeParse(parsed);
    if (!ok.success) {
      dropped++;
      continue;
    }
    const rec = parsed as ManifestRecord;
    byKey.set(sampleKey(rec.sequence, rec.frame), rec);
  }
  return { records: [...byKey.values()], dropped };
}

/** Appends one record as a line and flushes it to the disk; the sample counts as done from then on. */
export function appendRecord(path: string, record: ManifestRecord): void {
  const fd = openSync(path, 'a');
  try {
    writeSync(fd, JSON.stringify(record) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Rewrites a manifest atomically with `records` sorted by (sequence, frame): the canonical form. */
export function writeManifest(path: string, records: readonly ManifestRecord[]): void {
  const sorted = [...records].sort((a, b) => a.sequence - b.sequence || a.frame - b.frame);
  writeFileAtomic(path, sorted.map((r) => JSON.stringify(r) + '\n').join(''));
}

/**
 * True when every file of a record is intact under `outDir`: the recorded size and SHA-256 when
 * the record has them (an emptied or truncated file fails), else (older manifests) existence.
 */
export function recordFilesIntact(outDir: string, record: ManifestRecord): boolean {
  const checks = record.checks;
  return (Object.keys(record.files) as (keyof SamplePaths)[]).every((k) => {
    const path = join(outDir, record.files[k]);
    const check = checks?.[k];
    return check === undefined ? existsSync(path) : fileMatches(path, check);
  });
}
