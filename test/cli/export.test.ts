// `dualpix export`: the shipped default model as ONNX, opened in a fresh onnxruntime-node session
// and fed as its metadata says, reproduces `dualpix deblur` on a small pair; bad flags exit 2
// with one line and leave no file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { readPng, writePng, type Image } from '../../src/image/index.js';
import { dpSample, tmpDir } from '../train/loop-data.js';
import { userInput } from '../deblur/onnx-user-input.js';
import { runCli } from './run-cli.js';

test('dualpix export: the default model as ONNX reproduces dualpix deblur on a 45x27 pair', async () => {
  const dir = tmpDir();
  const s = dpSample(45, 27, 11);
  writePng(join(dir, 'l.png'), s.left, 16);
  writePng(join(dir, 'r.png'), s.right, 16);
  const ex = runCli(['export', '--out', join(dir, 'model.onnx')]);
  assert.equal(ex.code, 0, ex.stderr);
  assert.match(ex.stderr, /wrote .*model\.onnx \(rdpd width [\d.]+, x → y,/);
  const db = runCli(['deblur', '--left', join(dir, 'l.png'), '--right', join(dir, 'r.png'), '--out', join(dir, 'cli.png')]);
  assert.equal(db.code, 0, db.stderr);
  const cli = readPng(join(dir, 'cli.png')).image;

  const left = readPng(join(dir, 'l.png')).image;
  const right = readPng(join(dir, 'r.png')).image;
  const session = await ort.InferenceSession.create(join(dir, 'model.onnx'));
  try {
    assert.deepEqual(session.inputNames, ['x']);
    const y = (await session.run({ x: userInput(left, right, 7) }))['y']!;
    const pw = y.dims[3]!;
    const ph = y.dims[2]!;
    const data = y.data as Float32Array;
    let worst = 0;
    for (let c = 0; c < 3; c++) {
      for (let r = 0; r < 27; r++) {
        for (let x = 0; x < 45; x++) {
          const v = Math.min(1, Math.max(0, data[(c * ph + r) * pw + x]!));
          worst = Math.max(worst, Math.abs(v - cli.data[c * 45 * 27 + r * 45 + x]!));
        }
      }
    }
    // The CLI's PNG is 16-bit: half a code of rounding, plus float noise.
    assert.ok(worst < 2e-5, `max difference ${worst}`);
  } finally {
    await session.release();
  }
});

test('dualpix export --frames sequence: the state is explicit (x, h0, c0 → y, h1, c1)', async () => {
  const dir = tmpDir();
  const r = runCli(['export', '--model', 'default', '--frames', 'sequence', '--out', join(dir, 'seq.onnx')]);
  assert.equal(r.code, 0, r.stderr);
  const session = await ort.InferenceSession.create(join(dir, 'seq.onnx'));
  assert.deepEqual(session.inputNames, ['x', 'h0', 'c0']);
  assert.deepEqual(session.outputNames, ['y', 'h1', 'c1']);
  await session.release();
});

test('dualpix export: bad flags and paths give one line naming them, exit 2, and no file', () => {
  const dir = tmpDir();
  mkdirSync(join(dir, 'folder.onnx'));
  const cases: [string[], RegExp][] = [
    [['export', '--out', join(dir, 'm.txt')], /--out: expected a file name ending in \.onnx/],
    [['export', '--out', join(dir, 'folder.onnx')], /folder\.onnx: is a folder/],
    [['export', '--out', join(dir, 'nope', 'm.onnx')], /nope: no such folder/],
    [['export', '--frames', '2', '--out', join(dir, 'm.onnx')], /--frames: expected one of 1, sequence/],
    [['export', '--model', join(dir, 'missing.safetensors'), '--out', join(dir, 'm.onnx')], /missing\.safetensors: no such model file/],
    [['export'], /--out: is required/],
  ];
  for (const [args, message] of cases) {
    const r = runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  assert.deepEqual(readdirSync(dir).sort(), ['folder.onnx']);
  assert.equal(existsSync(join(dir, 'm.onnx')), false);
});
