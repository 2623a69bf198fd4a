// `dualpix train` and `dualpix deblur` end to end through the CLI: a tiny model trained by the
// test deblurs a pair, a folder of pairs and a sequence; bad input gives one line, exit 2 and no
// output; Ctrl-C during training saves a checkpoint, exits 130, and --resume continues.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPng, writePng } from '../../src/image/index.js';
import { readWeights } from '../../src/models/index.js';
import { CHECKPOINT_NAME, WEIGHTS_NAME, readCheckpoint } from '../../src/train/index.js';
import { dpSample, tmpDir, writeBlurDataset } from '../train/loop-data.js';
import { runCli } from './run-cli.js';

const TINY = ['--width', '0.125', '--patch', '32', '--batch-images', '2', '--batch-sequences', '1', '--seq-length', '3', '--val-patches', '2', '--lr', '1e-3', '--threads', '2', '--seed', '28'];

function dataset(): string {
  const dir = tmpDir();
  writeBlurDataset(dir, 'train', { images: 3, sequences: 1, frames: 3, w: 48, h: 48, seed: 1 });
  writeBlurDataset(dir, 'val', { images: 1, w: 48, h: 48, seed: 60 });
  return dir;
}

let model: string | undefined;
/** A tiny model trained once through the CLI and shared by the deblur tests. */
function tinyModel(): string {
  if (model) return model;
  const data = dataset();
  const out = join(data, 'run');
  const r = runCli(['train', '--data', data, '--out', out, '--epochs', '2', ...TINY]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /trained at step 6\/6/);
  model = join(out, WEIGHTS_NAME);
  return model;
}

function writePair(dir: string, name: string, w: number, h: number, seed: number, bits: 8 | 16 = 16): { left: string; right: string } {
  const s = dpSample(w, h, seed);
  const left = join(dir, `${name}-l.png`);
  const right = join(dir, `${name}-r.png`);
  writePng(left, s.left, bits);
  writePng(right, s.right, bits);
  return { left, right };
}

test('dualpix train writes weights that record the model; dualpix deblur keeps any size and the input bit depth', () => {
  const weights = tinyModel();
  assert.deepEqual(readWeights(weights).kind, { model: 'rdpd', width: 0.125 });
  const dir = tmpDir();
  const p = writePair(dir, 'odd', 37, 29, 3, 8);
  const out = join(dir, 'sharp.png');
  const r = runCli(['deblur', '--left', p.left, '--right', p.right, '--model', weights, '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const png = readPng(out);
  assert.deepEqual([png.image.width, png.image.height, png.bitDepth], [37, 29, 8]);
  const out16 = join(dir, 'sharp16.png');
  assert.equal(runCli(['deblur', '--left', p.left, '--right', p.right, '--model', weights, '--bits', '16', '--out', out16]).code, 0);
  assert.equal(readPng(out16).bitDepth, 16);
  // The shipped default model loads from the package's models/ folder.
  const outDefault = join(dir, 'default.png');
  const d = runCli(['deblur', '--left', p.left, '--right', p.right, '--out', outDefault]);
  assert.equal(d.code, 0, d.stderr);
  assert.match(d.stderr, /model rdpd width 0\.25/);
  assert.deepEqual([readPng(outDefault).image.width, readPng(outDefault).image.height], [37, 29]);
});

test('dualpix deblur --sequence and --pairs write one frame per left view, in the same layout', () => {
  const weights = tinyModel();
  const dir = tmpDir();
  mkdirSync(join(dir, 'clip', 'left'), { recursive: true });
  mkdirSync(join(dir, 'clip', 'right'), { recursive: true });
  for (let t = 0; t < 3; t++) {
    const s = dpSample(40, 32, 70 + t);
    writePng(join(dir, 'clip', 'left', `f${t}.png`), s.left);
    writePng(join(dir, 'clip', 'right', `f${t}.png`), s.right);
  }
  const r = runCli(['deblur', '--sequence', join(dir, 'clip'), '--model', weights, '--out', join(dir, 'seq-out')]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(join(dir, 'seq-out')).sort(), ['f0.png', 'f1.png', 'f2.png']);
  // A dataset's own sequence folder works too, and so does a DPDD-style split folder of pairs.
  const data = dataset();
  const s = runCli(['deblur', '--sequence', join(data, 'train_l', 'source', 'seq_0'), '--model', weights, '--out', join(dir, 'ds-seq')]);
  assert.equal(s.code, 0, s.stderr);
  assert.equal(readdirSync(join(dir, 'ds-seq')).length, 3);
  const q = runCli(['deblur', '--pairs', join(data), '--model', weights, '--out', join(dir, 'pairs')]);
  assert.equal(q.code, 0, q.stderr);
  assert.deepEqual(readdirSync(join(dir, 'pairs')).sort(), ['train', 'val']);
  assert.ok(readdirSync(join(dir, 'pairs', 'train')).includes('img_0.png'));
});

test('dualpix deblur: missing files and mismatched sizes give one line naming the file, exit 2, nothing written', () => {
  const weights = tinyModel();
  const dir = tmpDir();
  const a = writePair(dir, 'a', 48, 32, 5);
  const b = writePair(dir, 'b', 40, 32, 6);
  const out = join(dir, 'out.png');
  const cases: [string[], string][] = [
    [['--left', a.left, '--right', join(dir, 'nope.png')], 'nope.png'],
    [['--left', a.left, '--right', b.right], 'b-r.png'],
    [['--left', a.left, '--right', a.right, '--model', join(dir, 'missing.safetensors')], 'missing.safetensors'],
    [['--left', a.left, '--right', a.right, '--bits', '12'], '--bits'],
  ];
  for (const [args, named] of cases) {
    const r = runCli(['deblur', ...args, ...(args.includes('--model') ? [] : ['--model', weights]), '--out', out]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.ok(r.stderr.includes(named), `${r.stderr} should name ${named}`);
    assert.ok(!existsSync(out));
  }
  // A sequence with one bad frame writes none of its frames.
  mkdirSync(join(dir, 'clip', 'left'), { recursive: true });
  mkdirSync(join(dir, 'clip', 'right'), { recursive: true });
  const good = dpSample(48, 32, 1);
  writePng(join(dir, 'clip', 'left', '0.png'), good.left);
  writePng(join(dir, 'clip', 'right', '0.png'), good.right);
  writePng(join(dir, 'clip', 'left', '1.png'), good.left);
  const r = runCli(['deblur', '--sequence', join(dir, 'clip'), '--model', weights, '--out', join(dir, 'clip-out')]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /right[\\/]1\.png/);
  assert.ok(!existsSync(join(dir, 'clip-out')));
});

test('Ctrl-C during dualpix train finishes the step, writes a checkpoint and exits 130; --resume continues', async () => {
  const data = dataset();
  const out = join(data, 'run');
  const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', main, 'train', '--data', data, '--out', out, '--epochs', '1000', ...TINY], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const code = await new Promise<number | null>((resolve) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/epoch 1:/.test(stderr) && !child.killed) child.kill('SIGINT');
    });
    child.on('exit', (c) => resolve(c));
  });
  assert.equal(code, 130, stderr);
  assert.match(stderr, /interrupted/);
  const steps = readCheckpoint(join(out, CHECKPOINT_NAME)).state.steps;
  assert.ok(steps >= 3, `checkpoint at step ${steps}`);
  // 3 steps per epoch: ask for one epoch more than the checkpoint reached.
  const epochs = Math.floor(steps / 3) + 2;
  const r = runCli(['train', '--out', out, '--resume', '--epochs', String(epochs)]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`trained at step ${3 * epochs}/${3 * epochs}`));
});

test('train refuses to start over an existing run without --resume, and bad --data leaves no --out folder', () => {
  const out = dirname(tinyModel());
  const before = readdirSync(out).sort();
  const again = runCli(['train', '--data', dirname(out), '--out', out, '--epochs', '2', ...TINY]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /--out: .* already holds a training run .*--resume/);
  assert.deepEqual(readdirSync(out).sort(), before);
  const fresh = join(tmpDir(), 'never');
  const bad = runCli(['train', '--data', join(tmpDir(), 'missing'), '--out', fresh, ...TINY]);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  assert.equal(existsSync(fresh), false);
});
