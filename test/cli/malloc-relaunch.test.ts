// The dataset command runs itself again in a child with glibc's malloc settings: the child must see
// them, its exit code must come back, and a signal to the parent must reach it exactly once.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { MALLOC_ENV, RELAUNCH_VAR, wantsRelaunch } from '../../src/cli/malloc-relaunch.js';

const PROBE = fileURLToPath(new URL('./fixtures/relaunch-probe.ts', import.meta.url));
const ENV = { ...process.env, [RELAUNCH_VAR]: undefined, MALLOC_ARENA_MAX: undefined };

test('only dataset relaunches, on Linux, once, and not when the user set the variables or opted out', () => {
  assert.equal(wantsRelaunch('dataset', {}, 'linux'), true);
  assert.equal(wantsRelaunch('synth', {}, 'linux'), false);
  assert.equal(wantsRelaunch('dataset', {}, 'darwin'), false);
  assert.equal(wantsRelaunch('dataset', { [RELAUNCH_VAR]: '1' }, 'linux'), false, 'the child itself');
  assert.equal(wantsRelaunch('dataset', { [RELAUNCH_VAR]: '0' }, 'linux'), false, 'opted out');
  assert.equal(wantsRelaunch('dataset', { MALLOC_ARENA_MAX: '4' }, 'linux'), false, "the user's own settings win");
});

test('the relaunched child sees every malloc setting and its exit code comes back', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', PROBE, 'exit', '7'], { encoding: 'utf8', env: ENV });
  assert.equal(r.status, 7, r.stderr);
  const report = JSON.parse(r.stdout.trim()) as { pid: number; seen: Record<string, string | null> };
  assert.notEqual(report.pid, r.pid, 'ran in another process');
  assert.deepEqual(report.seen, MALLOC_ENV);
});

test('a SIGINT to the parent reaches the child exactly once and its status comes back', async () => {
  const parent = spawn(process.execPath, ['--import', 'tsx', PROBE, 'wait'], { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  parent.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('\n')) parent.kill('SIGINT');
  });
  const code = await new Promise<number | null>((resolve) => parent.once('exit', (c) => resolve(c)));
  assert.equal(code, 130, 'one SIGINT (a second would make the probe exit 3)');
});

test('a child whose parent is killed outright stops as after a Ctrl-C', async () => {
  const parent = spawn(process.execPath, ['--import', 'tsx', PROBE, 'wait'], { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  const childPid = await new Promise<number>((resolve) => {
    let out = '';
    parent.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve((JSON.parse(out.trim()) as { pid: number }).pid);
    });
  });
  parent.kill('SIGKILL');
  const alive = (): boolean => {
    try {
      process.kill(childPid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(alive(), false, 'the orphaned child stopped');
});
