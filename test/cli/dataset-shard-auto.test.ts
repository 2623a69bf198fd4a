// `dualpix dataset --shard auto` (Slurm array) and `--shard auto/N` (Kubernetes Indexed Job): the
// shards, run with the schedulers' variables set and merged, equal the unsharded dataset byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ParameterError } from '../../src/image/index.js';
import { generateDataset, mergeManifests, parseShard } from '../../src/synth/index.js';
import { runCli } from './run-cli.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'dualpix-shard-auto-'));
const SETTINGS = ['--source', 'procedural:3', '--frames', '2', '--width', '24', '--height', '16', '--workers', '0', '--seed', '7'];

/** Relative path → sha256 of every file under `dir` except the shard manifests. */
function hashTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const rel = relative(dir, p);
      if (e.isDirectory()) walk(p);
      else if (!rel.startsWith('manifest.shard-')) out[rel] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

async function unsharded(): Promise<Record<string, string>> {
  const ref = join(tmp(), 'ref');
  await generateDataset({ source: 'procedural:3', frames: 2, width: 24, height: 16, workers: 0, seed: 7, out: ref });
  return hashTree(ref);
}

test('--shard auto in a Slurm array (ids 1-2, as sbatch --array=1-2 sets them) then --merge equals the unsharded dataset', async () => {
  const out = join(tmp(), 'slurm');
  for (const id of ['1', '2']) {
    const r = runCli(['dataset', ...SETTINGS, '--shard', 'auto', '--out', out], undefined, {
      SLURM_ARRAY_TASK_ID: id,
      SLURM_ARRAY_TASK_COUNT: '2',
      SLURM_ARRAY_TASK_MIN: '1',
      SLURM_ARRAY_TASK_MAX: '2',
    });
    assert.equal(r.code, 0, r.stderr);
  }
  assert.deepEqual(readdirSync(out).filter((f) => f.startsWith('manifest')).sort(), ['manifest.shard-0-of-2.jsonl', 'manifest.shard-1-of-2.jsonl']);
  const m = runCli(['dataset', '--merge', '--out', out]);
  assert.equal(m.code, 0, m.stderr);
  const want = await unsharded();
  assert.ok(Object.keys(want).some((f) => f.endsWith('.png')) && 'manifest.jsonl' in want);
  assert.deepEqual(hashTree(out), want);
});

test('--shard auto/3 with JOB_COMPLETION_INDEX 0, 1, 2 (a Kubernetes Indexed Job) then merge equals the unsharded dataset', async () => {
  const out = join(tmp(), 'k8s');
  for (const index of ['0', '1', '2']) {
    await generateDataset({ source: 'procedural:3', frames: 2, width: 24, height: 16, workers: 0, seed: 7, out, shard: 'auto/3', env: { JOB_COMPLETION_INDEX: index } });
  }
  assert.equal(mergeManifests(out).shards, 3);
  assert.deepEqual(hashTree(out), await unsharded());
});

test('--shard auto: a missing, malformed or out-of-range variable is one ParameterError naming options.shard (the CLI says --shard) and the variable', () => {
  const bad = (text: string, env: Record<string, string>, why: RegExp): void => {
    assert.throws(
      () => parseShard(text, env),
      (e: unknown) => e instanceof ParameterError && e.parameter === 'options.shard' && !e.message.includes('\n') && why.test(e.message),
      `${text} ${JSON.stringify(env)}`,
    );
  };
  bad('auto', {}, /SLURM_ARRAY_TASK_ID is not set/);
  bad('auto', { SLURM_ARRAY_TASK_ID: '0' }, /SLURM_ARRAY_TASK_COUNT is not set/);
  bad('auto', { SLURM_ARRAY_TASK_ID: 'x', SLURM_ARRAY_TASK_COUNT: '2' }, /SLURM_ARRAY_TASK_ID is "x"/);
  bad('auto', { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '2' }, /SLURM_ARRAY_TASK_ID 2 is out of range/);
  bad('auto', { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '4', SLURM_ARRAY_TASK_STEP: '2' }, /STEP is 2/);
  bad('auto', { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '5' }, /has 3 tasks, not 6/);
  bad('auto/4', {}, /JOB_COMPLETION_INDEX is not set/);
  bad('auto/4', { JOB_COMPLETION_INDEX: '4' }, /JOB_COMPLETION_INDEX is 4, out of range for 4 shards/);
  bad('auto/0', { JOB_COMPLETION_INDEX: '0' }, /auto\/N with N >= 1/);
  assert.deepEqual(parseShard('auto', { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '4' }), { index: 3, count: 4 });
  assert.deepEqual(parseShard('auto/5', { JOB_COMPLETION_INDEX: '2' }), { index: 2, count: 5 });
  assert.deepEqual(parseShard('1/3', {}), { index: 1, count: 3 });
});

test('dualpix dataset --shard auto outside a Slurm job: exit 2, one line naming --shard and the variable, nothing written', () => {
  const out = join(tmp(), 'none');
  const env = { SLURM_ARRAY_TASK_ID: '', SLURM_ARRAY_TASK_COUNT: '' };
  const r = runCli(['dataset', ...SETTINGS, '--shard', 'auto', '--out', out], undefined, env);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /--shard.*SLURM_ARRAY_TASK_ID is not set/);
  assert.throws(() => readdirSync(out));
});
