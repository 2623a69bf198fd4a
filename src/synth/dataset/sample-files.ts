// Writing a sample's files without ever leaving a half-written one, and clearing a crash's leftovers.
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { SamplePaths } from './layouts.js';

/** The encoded bytes of a sample's five files (PNG ×4, PFM), keyed like SamplePaths. */
export type SampleBytes = { readonly [K in keyof SamplePaths]: Uint8Array };

const TEMP_SUFFIX = '.partial';

/**
 * Temporary name of `path` for the run tagged `tag` (one tag per shard, so that shards sharing a
 * folder never clear each other's files in flight): `.NAME.TAG.partial` beside the final file.
 */
export function tempPath(path: string, tag: string): string {
  return join(dirname(path), `.${basename(path)}.${tag}${TEMP_SUFFIX}`);
}

/** Writes each file under its temporary name (see tempPath), then renames it into place. */
export function writeSampleFiles(outDir: string, paths: SamplePaths, bytes: SampleBytes, tag: string): void {
  for (const key of Object.keys(paths) as (keyof SamplePaths)[]) {
    const final = join(outDir, paths[key]);
    const tmp = tempPath(final, tag);
    mkdirSync(dirname(final), { recursive: true });
    writeFileSync(tmp, bytes[key]);
    renameSync(tmp, final);
  }
}

/** Removes every temporary file of run `tag` under `dir` (left by a crash); returns how many. */
export function removeTemps(dir: string, tag: string): number {
  const end = `.${tag}${TEMP_SUFFIX}`;
  let removed = 0;
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.startsWith('.') && e.name.endsWith(end)) {
        rmSync(p, { force: true });
        removed++;
      }
    }
  };
  walk(dir);
  return removed;
}
