// The worker pool with a cheap fake job module (written by the test), independent of the renderer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../../src/image/index.js';
import { runPool } from '../../src/synth/dataset/worker-pool.js';

interface FakeJob {
  readonly n: number;
}

function fakeModule(): { url: URL; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'dpx-pool-'));
  const file = join(dir, 'fake-job.mjs');
  writeFileSync(
    file,
    `import { threadId } from 'node:worker_threads';
export function runJob(job) {
  if (job.n === -1) { const e = new Error('x.png: bad frame'); e.name = 'InputError'; throw e; }
  if (job.n === -2) throw new Error('plain failure');
  return { square: job.n * job.n, thread: threadId, started: Date.now() };
}
`,
  );
  return { url: pathToFileURL(file), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

test('pool runs every job exactly once on 0, 1 and 2 workers', async () => {
  const mod = fakeModule();
  try {
    const jobs: FakeJob[] = Array.from({ length: 7 }, (_, i) => ({ n: i }));
    for (const workers of [0, 1, 2]) {
      const got = new Map<number, number>();
      await runPool<FakeJob, { square: number; thread: number }>({
        jobModule: mod.url,
        jobs,
        workers,
        onResult: (r, job) => {
          assert.equal(got.has(job.n), false);
          got.set(job.n, r.square);
        },
      });
      assert.deepEqual([...got.entries()].sort((a, b) => a[0] - b[0]), jobs.map((j) => [j.n, j.n * j.n]));
    }
  } finally {
    mod.cleanup();
  }
});

test('pool rejects with the job error; on abort it starts no new job and resolves', async () => {
  const mod = fakeModule();
  try {
    await assert.rejects(runPool({ jobModule: mod.url, jobs: [{ n: 1 }, { n: -2 }, { n: 3 }], workers: 1, onResult: () => {} }), /plain failure/);
    const ac = new AbortController();
    let seen = 0;
    const result = await runPool({
      jobModule: mod.url,
      jobs: Array.from({ length: 40 }, (_, n) => ({ n })),
      workers: 2,
      signal: ac.signal,
      onResult: () => {
        if (++seen === 3) ac.abort();
      },
    });
    assert.deepEqual(result, { aborted: true });
    // The third result's worker already has its next job, and the other worker has one running: at most two more arrive.
    assert.ok(seen >= 3 && seen <= 5, `only jobs already sent to the workers are delivered after the abort (${seen})`);
  } finally {
    mod.cleanup();
  }
});

test('an InputError thrown in a worker arrives as an InputError with its subject', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dpx-pool-'));
  const file = join(dir, 'input-error-job.mts');
  const errorsUrl = new URL('../../src/image/errors.ts', import.meta.url).href;
  writeFileSync(file, `import { InputError } from ${JSON.stringify(errorsUrl)};\nexport function runJob(): never { throw new InputError('frame.png', 'depth and image sizes differ'); }\n`);
  try {
    await assert.rejects(
      runPool({ jobModule: pathToFileURL(file), jobs: [{}], workers: 1, onResult: () => {} }),
      (err: unknown) => err instanceof InputError && err.subject === 'frame.png' && err.message === 'frame.png: depth and image sizes differ',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a worker gets its next job before the main thread handles its last result', async () => {
  const mod = fakeModule();
  try {
    const started = new Map<number, number>();
    let handledFirstAt = 0;
    await runPool<FakeJob, { started: number }>({
      jobModule: mod.url,
      jobs: [{ n: 0 }, { n: 1 }],
      workers: 1,
      onResult: (r, job) => {
        started.set(job.n, r.started);
        if (job.n !== 0) return;
        // A slow result handler (a manifest line and its fsync, much exaggerated).
        const until = Date.now() + 300;
        while (Date.now() < until);
        handledFirstAt = Date.now();
      },
    });
    assert.ok(started.get(1)! < handledFirstAt - 200, `job 1 started ${handledFirstAt - started.get(1)!} ms before job 0's result was handled`);
  } finally {
    mod.cleanup();
  }
});
