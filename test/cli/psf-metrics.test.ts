import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageFrom, readPng, writePng } from '../../src/image/index.js';
import { runCli } from './run-cli.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'dualpix-cli-'));

test('dualpix psf writes a three-panel picture and JSON whose views each hold half the light', () => {
  const dir = tmp();
  const out = join(dir, 'psf.png');
  const r = runCli(['psf', '--radius', '-6.5', '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout) as { radius: number; size: number; sum: { left: number; right: number } };
  assert.equal(json.radius, -6.5);
  assert.ok(Math.abs(json.sum.left - 0.5) < 1e-5 && Math.abs(json.sum.right - 0.5) < 1e-5);
  const png = readPng(out).image;
  assert.ok(png.width > 2 * png.height, 'three panels side by side');
});

test('dualpix psf: bad --psf and unknown flags give one line naming the flag, exit 2, no file', () => {
  const dir = tmp();
  const out = join(dir, 'psf.png');
  for (const args of [
    ['psf', '--radius', '3', '--psf', '3,0.6', '--out', out],
    ['psf', '--radius', '3', '--psf', '3,0.6,1.5,0.14', '--out', out],
    ['psf', '--radius', 'abc', '--out', out],
    ['psf', '--radius', '3', '--out', out, '--sharpen'],
  ]) {
    const r = runCli(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /--(psf|radius|sharpen)/);
  }
  assert.equal(existsSync(out), false);
});

test('dualpix metrics: PSNR of a constant offset is the closed form -10 log10(d^2)', () => {
  const dir = tmp();
  const n = 32 * 32;
  const a = new Float32Array(3 * n);
  for (let i = 0; i < a.length; i++) a[i] = ((i * 37) % 101) / 200 + 0.2;
  const d = 4096 / 65535; // an exact 16-bit step so rounding does not move it
  const b = a.map((v) => Math.round(v * 65535) / 65535);
  const c = b.map((v) => v + d);
  writePng(join(dir, 'gt.png'), imageFrom(b, 32, 32, 3, 'srgb'));
  writePng(join(dir, 'pred.png'), imageFrom(c, 32, 32, 3, 'srgb'));
  const r = runCli(['metrics', '--pred', join(dir, 'pred.png'), '--gt', join(dir, 'gt.png'), '--json']);
  assert.equal(r.code, 0, r.stderr);
  const m = JSON.parse(r.stdout) as { psnr: number; mae: number; ssim: number };
  assert.ok(Math.abs(m.psnr - -10 * Math.log10(d * d)) < 1e-3, `psnr ${m.psnr}`);
  assert.ok(Math.abs(m.mae - d) < 1e-6);
  assert.ok(m.ssim < 1 && m.ssim > 0.9);
});

test('dualpix metrics: size mismatch names the file', () => {
  const dir = tmp();
  writePng(join(dir, 'a.png'), imageFrom(new Float32Array(3 * 16), 4, 4, 3, 'srgb'));
  writePng(join(dir, 'b.png'), imageFrom(new Float32Array(3 * 20), 5, 4, 3, 'srgb'));
  const r = runCli(['metrics', '--pred', join(dir, 'a.png'), '--gt', join(dir, 'b.png')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /a\.png: is 4x4 but --gt .*b\.png is 5x4/);
  assert.deepEqual(readdirSync(dir).sort(), ['a.png', 'b.png']);
});

test('dualpix with an unknown command or no command exits 2', () => {
  assert.equal(runCli(['frobnicate']).code, 2);
  const r = runCli([]);
  assert.equal(r.code, 2);
  assert.match(r.stdout, /dualpix synth/);
});

test('dualpix metrics --json: identical images give PSNR "Infinity" (JSON has no Infinity), SSIM 1, MAE 0', () => {
  const dir = tmp();
  const img = imageFrom(new Float32Array(3 * 16 * 16).map((_, i) => (i % 7) / 7), 16, 16, 3, 'srgb');
  writePng(join(dir, 'a.png'), img);
  const r = runCli(['metrics', '--pred', join(dir, 'a.png'), '--gt', join(dir, 'a.png'), '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { psnr: 'Infinity', ssim: 1, mae: 0 });
});

test('dualpix metrics on images smaller than the SSIM window: PSNR and MAE, SSIM null with a note naming the file', () => {
  const dir = tmp();
  const a = join(dir, 'a.png');
  const b = join(dir, 'b.png');
  writePng(a, imageFrom(Float32Array.of(0.5, 0.5, 0.5), 1, 1, 3, 'srgb'), 16);
  writePng(b, imageFrom(Float32Array.of(0.6, 0.6, 0.6), 1, 1, 3, 'srgb'), 16);
  const r = runCli(['metrics', '--pred', a, '--gt', b, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout) as { psnr: number; ssim: number | null; mae: number };
  assert.equal(json.ssim, null);
  const d = Math.round(0.6 * 65535) / 65535 - Math.round(0.5 * 65535) / 65535;
  assert.ok(Math.abs(json.psnr - -10 * Math.log10(d * d)) < 1e-3, String(json.psnr));
  assert.ok(Math.abs(json.mae - d) < 1e-6);
  assert.match(r.stderr, /a\.png is 1x1, smaller than SSIM's 7x7 window/);
});
