import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageFrom, InputError, ParameterError, writePng } from '../../src/image/index.js';
import { GraphError } from '../../src/nn/index.js';
import { parseFlags, rangeText } from '../../src/cli/args.js';
import { flagOf, reportError } from '../../src/cli/errors.js';
import { checkOutputFile, checkOutputFolder } from '../../src/cli/output-check.js';
import { runCli } from './run-cli.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'dualpix-out-'));

/** Runs reportError with stderr captured. */
function report(err: unknown): { code: number; text: string } {
  const chunks: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((s: string) => (chunks.push(s), true)) as typeof process.stderr.write;
  try {
    return { code: reportError('x', err), text: chunks.join('') };
  } finally {
    process.stderr.write = write;
  }
}

test('a folder output under a regular file or in /proc is refused naming the flag and path, leaving nothing', () => {
  const dir = tmp();
  writeFileSync(join(dir, 'file'), 'x');
  for (const out of [join(dir, 'file', 'sub', 'deeper'), '/proc/dualpix-test/a']) {
    assert.throws(() => checkOutputFolder(out, '--out'), (e: Error) => e instanceof InputError && e.message.startsWith('--out: cannot write to ') && !e.message.includes('\n'));
  }
  assert.throws(() => checkOutputFolder(join(dir, 'file'), '--out'), /--out: .*file exists and is not a folder/);
  assert.deepEqual(readdirSync(dir), ['file']);
});

test('a file output: an existing folder, a file as its folder and /proc are refused; new parents are not left behind', () => {
  const dir = tmp();
  writeFileSync(join(dir, 'file'), 'x');
  mkdirSync(join(dir, 'taken.png'));
  assert.throws(() => checkOutputFile(join(dir, 'taken.png'), '--out'), /--out: .*taken\.png is an existing folder/);
  assert.throws(() => checkOutputFile(join(dir, 'file', 'a.png'), '--out'), /--out: .*file is not a folder/);
  assert.throws(() => checkOutputFile('/proc/a.png', '--out'), /--out: cannot write to \/proc: .*ENOENT/);
  checkOutputFile(join(dir, 'new', 'deep', 'a.png'), '--out');
  assert.deepEqual(readdirSync(dir).sort(), ['file', 'taken.png'], 'folders made only for the check are removed');
  checkOutputFolder(join(dir, 'made'), '--out');
  assert.equal(existsSync(join(dir, 'made')), false);
});

test('reportError: bad input and filesystem refusals exit 2 in one line; a GraphError is internal (exit 1) with its stack', () => {
  const a = report(new InputError('in.png', 'not a PNG file'));
  assert.deepEqual([a.code, a.text], [2, 'dualpix x: in.png: not a PNG file\n']);
  const p = report(new ParameterError('options.perPhoto', 'expected a whole number >= 1, got 0'));
  assert.deepEqual([p.code, p.text], [2, 'dualpix x: --per-photo: expected a whole number >= 1, got 0\n']);
  const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write', path: '/data/out/left.png' });
  const f = report(full);
  assert.deepEqual([f.code, f.text], [2, 'dualpix x: /data/out/left.png: no space left on the device (ENOSPC write)\n']);
  const g = report(new GraphError('conv2d', 'input has 7 channels, kernel expects 6'));
  assert.equal(g.code, 1);
  assert.match(g.text, /^dualpix x: internal error: conv2d: input has 7 channels/);
  assert.match(g.text, /\n {4}at /, 'the stack is printed');
  assert.equal(new GraphError('op', 'd') instanceof InputError, false);
});

test('library parameter names map to flags', () => {
  assert.equal(flagOf('options.perPhoto'), '--per-photo');
  assert.equal(flagOf('options.workers'), '--workers');
  assert.equal(flagOf('params'), '--psf');
  assert.equal(flagOf('lens.focusM'), '--focus-m');
  assert.equal(flagOf('settings.layerStep'), '--layer-step');
  assert.equal(flagOf('model.sigma'), '--noise');
});

test('a flag followed by another flag, or by nothing, "expects a value" in every command', () => {
  const spec = { out: { type: 'string' as const }, seed: { type: 'string' as const } };
  assert.throws(() => parseFlags('a', ['--out', '--seed', '3'], spec), /^InputError: --out: expects a value, got the flag --seed/);
  assert.throws(() => parseFlags('b', ['--seed', '3', '--out'], spec), (e: Error) => e.message === '--out: expects a value');
  assert.equal(parseFlags('c', ['--seed', '-3'], spec).seed, '-3', 'a negative number is a value');
});

test('ranges read as words, never as 5e-324', () => {
  assert.equal(rangeText(Number.MIN_VALUE, Infinity), '> 0');
  assert.equal(rangeText(0, 1024), '>= 0 and <= 1024');
  assert.equal(rangeText(-Infinity, 5), '<= 5');
});

test('dualpix deblur refuses a non-PNG --out, an existing folder as --out, and a 0-wide left view, before loading a model', () => {
  const dir = tmp();
  const img = imageFrom(new Float32Array(48).fill(0.5), 4, 4, 3, 'srgb');
  const left = join(dir, 'l.png');
  const right = join(dir, 'r.png');
  writePng(left, img, 8);
  writePng(right, img, 8);
  mkdirSync(join(dir, 'taken.png'));
  const r1 = runCli(['deblur', '--left', left, '--right', right, '--out', join(dir, 'x.jpg')]);
  assert.equal(r1.code, 2);
  assert.match(r1.stderr, /^dualpix deblur: --out: writes a PNG/);
  const r2 = runCli(['deblur', '--left', left, '--right', right, '--out', join(dir, 'taken.png')]);
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, /^dualpix deblur: --out: .*taken\.png is an existing folder; give a file name\n$/);
  const zero = Buffer.from(readFileSync(left));
  zero.writeUInt32BE(0, 16); // IHDR width
  writeFileSync(left, zero);
  const r3 = runCli(['deblur', '--left', left, '--right', right, '--out', join(dir, 'y.png')]);
  assert.equal(r3.code, 2);
  assert.match(r3.stderr, /^dualpix deblur: \S*l\.png: PNG header declares 0x4 px/);
  assert.deepEqual(readdirSync(dir).sort(), ['l.png', 'r.png', 'taken.png']);
});
