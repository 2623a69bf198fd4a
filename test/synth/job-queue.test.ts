import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GroupedJobQueue } from '../../src/synth/dataset/job-queue.js';

test('two workers each keep to a sequence of their own; every job is handed out exactly once', () => {
  // 3 sequences of 4 frames: jobs 0-3, 4-7, 8-11.
  const q = new GroupedJobQueue<string>(12, (i) => Math.floor(i / 4));
  const got: Record<string, number[]> = { a: [], b: [] };
  // Alternate as two equally fast workers would.
  for (let k = 0; q.remaining > 0; k++) {
    const w = k % 2 === 0 ? 'a' : 'b';
    const id = q.take(w);
    if (id !== undefined) got[w]!.push(id);
  }
  // Each finishes its own sequence; then b, with no free sequence left, helps with a's.
  assert.deepEqual(got.a, [0, 1, 2, 3, 8, 10]);
  assert.deepEqual(got.b, [4, 5, 6, 7, 9, 11]);
  assert.equal(q.take('a'), undefined);
});

test('a worker helps with a held sequence when no free one is left, and ungrouped jobs go in order', () => {
  const q = new GroupedJobQueue<number>(5, () => 0);
  assert.deepEqual([q.take(1), q.take(2), q.take(1), q.take(2), q.take(1), q.take(2)], [0, 1, 2, 3, 4, undefined]);
  const plain = new GroupedJobQueue<number>(4);
  assert.deepEqual([plain.take(1), plain.take(2), plain.take(2), plain.take(1)], [0, 1, 2, 3]);
});
