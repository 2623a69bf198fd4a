// generateDataset's planning, determinism, resume, shards and layouts, driven by a cheap fake
// renderer (every file's bytes are the JSON of its job), so that these checks take milliseconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError, lockFolder, processAlive } from '../../src/image/index.js';
import { generateWith } from '../../src/synth/dataset/generate.js';
import type { DatasetOptions } from '../../src/synth/dataset/options.js';
import { IncompleteDatasetError, mergeManifests } from '../../src/synth/dataset/shards.js';
import { readManifest } from '../../src/synth/dataset/manifest.js';
import { readPlan } from '../../src/synth/dataset/plan.js';
import { samplePaths } from '../../src/synth/dataset/layouts.js';
import { assignSplits, parseSplit, splitCounts } from '../../src/synth/dataset/splits.js';

const root = mkdtempSync(join(tmpdir(), 'dpx-dataset-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const fresh = (name: string): string => join(root, `${name}-${counter++}`);

const fakeJob = pathToFileURL(join(root, 'fake-render-job.mjs'));
writeFileSync(
  fakeJob,
  `const enc = new TextEncoder();
export function runJob(job) {
  const text = JSON.stringify(job);
  const bytes = {};
  for (const k of ['left', 'right', 'combined', 'sharp', 'coc']) bytes[k] = enc.encode(k + ':' + text);
  return { bytes, meta: { fake: true }, distortion: null };
}
`,
);

/** Relative path → sha256 of every file under `dir`, optionally skipping some. */
function hashTree(dir: string, skip: (rel: string) => boolean = () => false): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const rel = relative(dir, p).split('\\').join('/');
        if (!skip(rel)) out[rel] = createHash('sha256').update(readFileSync(p)).digest('hex');
      }
    }
  };
  walk(dir);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

const base = (out: string, extra: Partial<DatasetOptions> = {}): DatasetOptions => ({
  source: 'procedural:5',
  frames: 3,
  out,
  seed: 7,
  workers: 0,
  split: 'train=0.6,val=0.2,test=0.2',
  ...extra,
});

test('same seed: byte-identical files and manifest on 0, 1 and 2 workers; another seed differs', async () => {
  const trees = [];
  for (const workers of [0, 1, 2]) {
    const out = fresh('det');
    const summary = await generateWith(base(out, { workers }), undefined, fakeJob);
    assert.equal(summary.total, 15);
    assert.equal(summary.rendered, 15);
    trees.push(hashTree(out));
  }
  assert.equal(Object.keys(trees[0]!).length, 15 * 5 + 2, '5 files per sample + manifest + dataset.json');
  assert.deepEqual(trees[1], trees[0]);
  assert.deepEqual(trees[2], trees[0]);
  const other = fresh('det');
  await generateWith(base(other, { seed: 8 }), undefined, fakeJob);
  assert.notDeepEqual(hashTree(other), trees[0]);
});

test('resume after an interruption, a crash-cut manifest line and a leftover temp file gives the uninterrupted output', async () => {
  const ref = fresh('ref');
  await generateWith(base(ref), undefined, fakeJob);

  const out = fresh('resume');
  const ac = new AbortController();
  const seen: number[] = [];
  const stopped = await generateWith(
    base(out, { workers: 2, signal: ac.signal }),
    (done) => {
      seen.push(done);
      if (done === 4) ac.abort();
    },
    fakeJob,
  );
  assert.equal(stopped.aborted, true);
  const partial = readManifest(join(out, 'manifest.jsonl')).records;
  assert.ok(partial.length >= 4 && partial.length < 15);
  assert.equal(partial.length, seen.at(-1), 'exactly the samples reported done are in the manifest');
  // A crash while appending leaves half a line; a crash while writing leaves a temporary file.
  appendFileSync(join(out, 'manifest.jsonl'), '{"split":"train","sequence":4,"fr');
  const rec = partial[0]!;
  const victim = join(out, samplePaths('dpdd', rec.split, rec.sequence, rec.frame).left);
  rmSync(victim);
  // Files emptied or truncated after their sample was recorded (a full disk, a bad copy) fail their checksum.
  const emptied = join(out, partial[1]!.files.right);
  writeFileSync(emptied, '');
  const truncated = join(out, partial[2]!.files.coc);
  writeFileSync(truncated, readFileSync(truncated).subarray(0, 10));
  assert.deepEqual(Object.keys(partial[2]!.checks ?? {}).sort(), ['coc', 'combined', 'left', 'right', 'sharp']);
  const temp = join(out, 'test_l', 'source', '.seq_009_000000.png.all.partial');
  mkdirSync(join(out, 'test_l', 'source'), { recursive: true });
  writeFileSync(temp, 'half a png');
  let dead = 999999;
  while (processAlive(dead)) dead--;
  const orphan = join(out, `.manifest.jsonl.${dead}.m1x.tmp`);
  writeFileSync(orphan, 'a manifest rewrite cut by SIGKILL');

  const progress: number[] = [];
  const summary = await generateWith(base(out, { workers: 1 }), (done) => progress.push(done), fakeJob);
  assert.equal(summary.resumed, partial.length - 3, 'samples with a missing, emptied or truncated file are not counted as done');
  assert.equal(summary.rendered, 15 - summary.resumed);
  assert.equal(summary.aborted, false);
  assert.equal(progress[0], summary.resumed);
  assert.equal(progress.at(-1), 15);
  assert.equal(existsSync(temp), false, 'leftover temporary file removed');
  assert.equal(existsSync(orphan), false, 'orphan of a killed atomic write removed');
  assert.deepEqual(hashTree(out), hashTree(ref));

  const again = await generateWith(base(out), undefined, fakeJob);
  assert.equal(again.rendered, 0, 'a finished dataset renders nothing');
  assert.deepEqual(hashTree(out), hashTree(ref));
});

test('one run per folder and shard: a live holder of the lock is refused by pid; shards run beside each other, not beside an unsharded run', async () => {
  const out = fresh('locked');
  mkdirSync(out);
  const refusedBy = (pid: number) => (e: unknown) => e instanceof InputError && e.subject === 'options.out' && e.message.includes(`pid ${pid}`);
  const held = lockFolder(out, '.dualpix-dataset.all.lock', 'test');
  try {
    await assert.rejects(generateWith(base(out), undefined, fakeJob), refusedBy(process.pid));
    await assert.rejects(generateWith(base(out, { shard: '0/2' }), undefined, fakeJob), refusedBy(process.pid), 'a shard beside an unsharded run');
    assert.equal(existsSync(join(out, 'manifest.jsonl')), false, 'nothing rendered');
    assert.equal(existsSync(join(out, 'manifest.shard-0-of-2.jsonl')), false, 'nothing rendered');
  } finally {
    held.release();
  }
  const other = lockFolder(out, '.dualpix-dataset.s1of2.lock', 'test');
  try {
    assert.ok((await generateWith(base(out, { shard: '0/2' }), undefined, fakeJob)).rendered > 0, 'shard 0 beside shard 1');
    await assert.rejects(generateWith(base(out), undefined, fakeJob), refusedBy(process.pid), 'an unsharded run beside a shard');
  } finally {
    other.release();
  }
  assert.ok((await generateWith(base(out), undefined, fakeJob)).rendered > 0, 'free again after release');
  assert.deepEqual(readdirSync(out).filter((n) => n.endsWith('.lock')), [], 'locks released');
});

test('two shards generated separately and merged equal the unsharded run; a missing shard is reported', async () => {
  const ref = fresh('ref');
  await generateWith(base(ref), undefined, fakeJob);
  const out = fresh('shards');
  const s0 = await generateWith(base(out, { shard: '0/2', workers: 1 }), undefined, fakeJob);
  assert.equal(s0.shardSequences, 3, 'sequences 0, 2, 4');
  assert.ok(existsSync(join(out, 'manifest.shard-0-of-2.jsonl')));
  assert.equal(existsSync(join(out, 'manifest.jsonl')), false);

  assert.throws(
    () => mergeManifests(out),
    (err: unknown) =>
      err instanceof IncompleteDatasetError &&
      err.report.missingShards.join() === '1/2' &&
      err.report.missingSequences.join() === '1,3' &&
      /shard manifests missing: 1\/2/.test(err.message),
  );
  assert.equal(existsSync(join(out, 'manifest.jsonl')), false, 'nothing merged while incomplete');

  await generateWith(base(out, { shard: '1/2' }), undefined, fakeJob);
  const report = mergeManifests(out);
  assert.equal(report.samples, 15);
  const shardFile = (rel: string): boolean => rel.startsWith('manifest.shard-');
  assert.deepEqual(hashTree(out, shardFile), hashTree(ref));
});

test('merge reports a sequence whose frames are incomplete', async () => {
  const out = fresh('incomplete');
  await generateWith(base(out, { shard: '0/2' }), undefined, fakeJob);
  await generateWith(base(out, { shard: '1/2' }), undefined, fakeJob);
  const path = join(out, 'manifest.shard-1-of-2.jsonl');
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  writeFileSync(path, lines.slice(0, -1).join('\n') + '\n');
  assert.throws(() => mergeManifests(out), (err: unknown) => err instanceof IncompleteDatasetError && err.report.incompleteSequences.join() === '3');
});

test('layouts: DPDD and sequence paths; splits are per sequence with the counts the ratios give', async () => {
  assert.deepEqual(samplePaths('dpdd', 'val', 3, 12), {
    left: 'val_l/source/seq_003_000012.png',
    right: 'val_r/source/seq_003_000012.png',
    combined: 'val_c/source/seq_003_000012.png',
    sharp: 'val_c/target/seq_003_000012.png',
    coc: 'val_coc/seq_003_000012.pfm',
  });
  assert.deepEqual(samplePaths('sequence', 'train', 1, 0), {
    left: 'train_l/source/seq_001/000000.png',
    right: 'train_r/source/seq_001/000000.png',
    combined: 'train_c/source/seq_001/000000.png',
    sharp: 'train_c/target/seq_001/000000.png',
    coc: 'train_coc/seq_001/000000.pfm',
  });

  const out = fresh('layout');
  await generateWith(base(out, { source: 'procedural:10', frames: 2, layout: 'sequence', split: 'train=0.7,val=0.2,test=0.1' }), undefined, fakeJob);
  const plan = readPlan(out);
  const bySplit = { train: 0, val: 0, test: 0 };
  for (const s of plan.sequences) bySplit[s.split]++;
  assert.deepEqual(bySplit, { train: 7, val: 2, test: 1 });
  const records = readManifest(join(out, 'manifest.jsonl')).records;
  assert.equal(records.length, 20);
  for (const r of records) {
    assert.equal(r.split, plan.sequences[r.sequence]!.split, 'every frame of a sequence shares its split');
    assert.deepEqual(r.files, samplePaths('sequence', r.split, r.sequence, r.frame));
    for (const f of Object.values(r.files)) assert.ok(existsSync(join(out, f)), f);
    assert.deepEqual(r.psf, plan.sequences[r.sequence]!.params.psf, 'one PSF draw per sequence');
  }
  const folders = readdirSync(out).sort();
  assert.deepEqual(folders, ['dataset.json', 'manifest.jsonl', 'test_c', 'test_coc', 'test_l', 'test_r', 'train_c', 'train_coc', 'train_l', 'train_r', 'val_c', 'val_coc', 'val_l', 'val_r']);
});

test('split parsing and counts', () => {
  assert.deepEqual(parseSplit('train=0.8,val=0.1,test=0.1'), { train: 0.8, val: 0.1, test: 0.1 });
  assert.deepEqual(parseSplit('train=90, test=10'), { train: 0.9, val: 0, test: 0.1 });
  for (const bad of ['train=0.8,val=0.1', 'train=0.5,dev=0.5', 'train=1,train=0', 'train', 'train=-1,val=2']) {
    assert.throws(() => parseSplit(bad), (e: unknown) => e instanceof InputError && e.subject === 'options.split', bad);
  }
  assert.deepEqual(splitCounts({ train: 0.8, val: 0.1, test: 0.1 }, 3), { train: 3, val: 0, test: 0 });
  assert.deepEqual(splitCounts({ train: 0.8, val: 0.1, test: 0.1 }, 25), { train: 20, val: 3, test: 2 });
  assert.deepEqual(splitCounts({ train: 0.34, val: 0.33, test: 0.33 }, 100), { train: 34, val: 33, test: 33 });
  const a = assignSplits({ train: 0.5, val: 0.25, test: 0.25 }, 8, 1);
  assert.deepEqual(assignSplits({ train: 0.5, val: 0.25, test: 0.25 }, 8, 1), a, 'deterministic in the seed');
  assert.deepEqual([...a].sort(), ['test', 'test', 'train', 'train', 'train', 'train', 'val', 'val']);
});

test('bad options throw InputError naming the option and write nothing', async () => {
  const cases: [Partial<DatasetOptions>, string][] = [
    [{ split: 'train=0.9' }, 'options.split'],
    [{ shard: '2/2' }, 'options.shard'],
    [{ shard: 'a/b' }, 'options.shard'],
    [{ source: 'procedural:0' }, 'options.source'],
    [{ source: 'blender:/x' }, 'options.source'],
    [{ layout: 'flat' }, 'options.layout'],
    [{ camera: 'paper-9' }, 'name'],
    [{ frames: 0 }, 'options.frames'],
    [{ workers: -1 }, 'options.workers'],
  ];
  for (const [extra, flag] of cases) {
    const out = fresh('bad');
    await assert.rejects(generateWith(base(out, extra), undefined, fakeJob), (e: unknown) => e instanceof InputError && e.subject === flag, flag);
    assert.equal(existsSync(out), false, `${flag}: nothing written`);
  }
});

test('a folder made with other settings is refused, not mixed', async () => {
  const out = fresh('mix');
  await generateWith(base(out), undefined, fakeJob);
  await assert.rejects(generateWith(base(out, { seed: 99 }), undefined, fakeJob), (e: unknown) => e instanceof InputError && e.subject === 'options.out' && /seed 7 there, 99 now/.test(e.message));
});
