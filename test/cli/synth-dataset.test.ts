import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeNpy, imageFrom, readPfm, readPng, writePng } from '../../src/image/index.js';
import { runCli } from './run-cli.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'dualpix-cli-synth-'));

function writeScene(dir: string, w: number, h: number, depthM: (x: number, y: number) => number): { rgb: string; depth: string } {
  const rgb = new Float32Array(3 * w * h);
  for (let c = 0; c < 3; c++) for (let i = 0; i < w * h; i++) rgb[c * w * h + i] = 0.2 + 0.6 * (((i % w) + c * 3 + Math.floor(i / w) * 2) % 5) / 4;
  const depth = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) depth[y * w + x] = depthM(x, y);
  const paths = { rgb: join(dir, 'rgb.png'), depth: join(dir, 'depth.npy') };
  writePng(paths.rgb, imageFrom(rgb, w, h, 3, 'srgb'));
  writeFileSync(paths.depth, encodeNpy({ width: w, height: h, data: depth }));
  return paths;
}

test('dualpix synth writes the six files and a preview; combined = (left + right)/2 in file units', () => {
  const dir = tmp();
  const scene = writeScene(dir, 40, 24, (x) => (x < 20 ? 3 : 20));
  const out = join(dir, 'out');
  const r = runCli(['synth', '--rgb', scene.rgb, '--depth', scene.depth, '--camera', 'paper-3', '--seed', '5', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(out).sort(), ['coc.pfm', 'combined.png', 'left.png', 'meta.json', 'preview.png', 'right.png', 'sharp.png']);
  const left = readPng(join(out, 'left.png'));
  const right = readPng(join(out, 'right.png')).image;
  const combined = readPng(join(out, 'combined.png')).image;
  assert.equal(left.bitDepth, 16);
  let worst = 0;
  for (let i = 0; i < combined.data.length; i++) worst = Math.max(worst, Math.abs(combined.data[i]! - (left.image.data[i]! + right.data[i]!) / 2));
  assert.ok(worst <= 1.5 / 65535, `combined vs mean of views: ${worst}`);
  const coc = readPfm(join(out, 'coc.pfm'));
  assert.equal(coc.width, 40);
  assert.ok(coc.data[0]! !== coc.data[39]!, 'two depths give two CoC values');
  const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')) as { seed: number; camera: { name: string } };
  assert.equal(meta.seed, 5);
  assert.equal(meta.camera.name, 'paper-3');
});

test('dualpix synth: bad input gives one line naming the file or flag, exit 2, and writes nothing', () => {
  const dir = tmp();
  const good = writeScene(dir, 16, 12, () => 4);
  const small = join(dir, 'small.npy');
  writeFileSync(small, encodeNpy({ width: 8, height: 12, data: new Float32Array(96).fill(4) }));
  const nan = join(dir, 'nan.npy');
  writeFileSync(nan, encodeNpy({ width: 16, height: 12, data: new Float32Array(192).fill(4).fill(NaN, 7, 8) }));
  const neg = join(dir, 'neg.npy');
  writeFileSync(neg, encodeNpy({ width: 16, height: 12, data: new Float32Array(192).fill(-1) }));
  const cases: [string[], RegExp][] = [
    [['--rgb', good.rgb, '--depth', small], /size|16x12|8x12/],
    [['--rgb', good.rgb, '--depth', nan], /nan\.npy|--depth/i],
    [['--rgb', good.rgb, '--depth', neg], /neg\.npy|--depth/],
    [['--rgb', join(dir, 'missing.png'), '--depth', good.depth], /missing\.png/],
    [['--rgb', good.rgb, '--depth', good.depth, '--camera', 'leica-m'], /--camera/],
    [['--rgb', good.rgb, '--depth', good.depth, '--noise', '-0.1'], /--noise/],
    [['--rgb', good.rgb, '--depth', good.depth, '--focal-mm', '50'], /--f-number|--focus-m|--pixel-um/],
    [['--rgb', good.rgb, '--depth', good.depth, '--distortion', '2'], /--distortion/],
  ];
  for (const [args, pattern] of cases) {
    const out = join(dir, 'out');
    const r = runCli(['synth', ...args, '--out', out]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, pattern);
    assert.equal(existsSync(out), false, `${args.join(' ')} left output behind`);
  }
});

test('dualpix dataset: a tiny procedural set, rerun resumes with nothing to do', () => {
  const dir = tmp();
  const out = join(dir, 'data');
  const args = ['dataset', '--source', 'procedural:2', '--frames', '2', '--width', '32', '--height', '32', '--workers', '1', '--out', out];
  const r = runCli(args);
  assert.equal(r.code, 0, r.stderr);
  const names = readdirSync(out).sort();
  assert.ok(names.includes('manifest.jsonl') && names.includes('dataset.json'), names.join(' '));
  const lines = readFileSync(join(out, 'manifest.jsonl'), 'utf8').trim().split('\n');
  assert.equal(lines.length, 4);
  const again = runCli(args);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /wrote 0 samples \(4 already done\)/);
  const bad = runCli(['dataset', '--source', 'procedural:2', '--split', 'train=2', '--out', join(dir, 'bad')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--split/);
  assert.equal(existsSync(join(dir, 'bad')), false);
});
