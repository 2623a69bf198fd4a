// One run per output folder: the lock names its holder, refuses a live one (also across real
// processes racing for it), and is taken over from a killed one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError, lockFolder, processAlive, removeOrphanTemps, writeFileAtomic } from '../../src/image/index.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'dpx-lock-'));
const IMAGE = pathToFileURL(join(import.meta.dirname, '../../src/image/index.ts')).href;

/** A child process that tries the lock, prints `got` or `refused`, and holds a taken lock for `holdMs`. */
function contender(dir: string, holdMs: number): { child: ChildProcess; said: Promise<string> } {
  const code = `import { lockFolder } from ${JSON.stringify(IMAGE)};
try { const l = lockFolder(${JSON.stringify(dir)}, 'run.lock', 'out'); process.stdout.write('got\\n'); setTimeout(() => l.release(), ${holdMs}); }
catch (e) { process.stdout.write(/ is in use by another dualpix run /.test(e.message) ? 'refused\\n' : 'error ' + e.message + '\\n'); }`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const said = new Promise<string>((resolve) => {
    let text = '';
    child.stdout!.on('data', (d: Buffer) => {
      text += d.toString();
      if (text.includes('\n')) resolve(text.trim());
    });
    child.on('exit', () => resolve(text.trim()));
  });
  return { child, said };
}

test('a held lock names its pid and refuses a second taker; release frees it', () => {
  const dir = tmp();
  const a = lockFolder(dir, 'run.lock', 'options.out');
  assert.match(readFileSync(join(dir, 'run.lock'), 'utf8'), new RegExp(`^pid ${process.pid} host `));
  assert.throws(() => lockFolder(dir, 'run.lock', 'options.out'), (e: unknown) => e instanceof InputError && e.subject === 'options.out' && e.message.includes(`pid ${process.pid}`));
  a.release();
  assert.equal(existsSync(join(dir, 'run.lock')), false);
  lockFolder(dir, 'run.lock', 'options.out').release();
});

test('a stale lock of a dead pid, or one cut short before its line, is taken over', () => {
  const dir = tmp();
  let dead = 999999;
  while (processAlive(dead)) dead--;
  for (const text of [`pid ${dead} host ${hostname()} since 2020-01-01T00:00:00.000Z\n`, '']) {
    writeFileSync(join(dir, 'run.lock'), text);
    const l = lockFolder(dir, 'run.lock', 'options.out');
    assert.match(readFileSync(join(dir, 'run.lock'), 'utf8'), new RegExp(`^pid ${process.pid} `));
    l.release();
  }
  assert.deepEqual(readdirSync(dir), []);
});

test('processes racing for one lock: exactly one gets it; after SIGKILL of the holder the next run takes it over', async () => {
  const dir = tmp();
  const runners = [contender(dir, 60_000), contender(dir, 60_000), contender(dir, 60_000)];
  const said = await Promise.all(runners.map((r) => r.said));
  assert.equal(said.filter((s) => s === 'got').length, 1, said.join(','));
  assert.equal(said.filter((s) => s === 'refused').length, 2, said.join(','));
  const holder = runners[said.indexOf('got')]!.child;
  assert.throws(() => lockFolder(dir, 'run.lock', 'options.out'), (e: Error) => e.message.includes(`pid ${holder.pid}`));
  for (const r of runners) r.child.kill('SIGKILL');
  await Promise.all(runners.map((r) => new Promise((resolve) => (r.child.exitCode !== null || r.child.signalCode !== null ? resolve(null) : r.child.on('exit', resolve)))));
  assert.ok(existsSync(join(dir, 'run.lock')), 'a killed holder leaves its lock');
  const l = lockFolder(dir, 'run.lock', 'options.out');
  assert.match(readFileSync(join(dir, 'run.lock'), 'utf8'), new RegExp(`^pid ${process.pid} `));
  l.release();
});

test('orphan temp files of dead writers are removed; a live writer\'s and other files stay', () => {
  const dir = tmp();
  let dead = 999999;
  while (processAlive(dead)) dead--;
  writeFileSync(join(dir, `.checkpoint.safetensors.${dead}.m1abc.tmp`), 'partial');
  writeFileSync(join(dir, `.model.safetensors.${process.pid}.m1abc.tmp`), 'in flight');
  writeFileSync(join(dir, '.hidden.tmp'), 'not ours');
  writeFileAtomic(join(dir, 'kept.json'), '{}');
  assert.deepEqual(removeOrphanTemps(dir), [join(dir, `.checkpoint.safetensors.${dead}.m1abc.tmp`)]);
  assert.deepEqual(readdirSync(dir).sort(), ['.hidden.tmp', `.model.safetensors.${process.pid}.m1abc.tmp`, 'kept.json']);
});

