// PNG inputs of any colour type reach the commands as the pixels they store: a 4-bit palette,
// interlaced, gives the same synth output and zero metrics error as the same picture in 8-bit RGB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeNpy, imageFrom, readPng, writePng } from '../../src/image/index.js';
import { buildPng } from '../image/png-builder.js';
import { runCli } from './run-cli.js';

const W = 30;
const H = 18;

/** A 16-colour picture as an interlaced 4-bit palette PNG and as 8-bit RGB, plus a two-depth map. */
function scene(dir: string): { palette: string; rgb8: string; depth: string } {
  const palette = Array.from({ length: 16 }, (_, k) => [(k * 37) % 256, (k * 91 + 20) % 256, 255 - k * 13] as [number, number, number]);
  const index = Array.from({ length: W * H }, (_, i) => ((i % W) * 3 + Math.floor(i / W) * 5) % 16);
  const rgb = new Float32Array(3 * W * H);
  index.forEach((k, i) => palette[k]!.forEach((v, c) => (rgb[c * W * H + i] = v / 255)));
  const paths = { palette: join(dir, 'pal.png'), rgb8: join(dir, 'rgb8.png'), depth: join(dir, 'depth.npy') };
  writeFileSync(paths.palette, buildPng({ width: W, height: H, colourType: 3, depth: 4, palette, samples: index, interlace: true, filter: 'cycle' }));
  writePng(paths.rgb8, imageFrom(rgb, W, H, 3, 'srgb'), 8);
  writeFileSync(paths.depth, encodeNpy({ width: W, height: H, data: Float32Array.from({ length: W * H }, (_, i) => (i % W < 15 ? 2 : 12)) }));
  return paths;
}

test('a 4-bit interlaced palette PNG gives the same synth pixels and zero metrics error as its 8-bit RGB twin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dualpix-png-inputs-'));
  const s = scene(dir);
  const m = runCli(['metrics', '--pred', s.palette, '--gt', s.rgb8, '--json']);
  assert.equal(m.code, 0, m.stderr);
  assert.equal((JSON.parse(m.stdout) as { mae: number }).mae, 0);

  const a = join(dir, 'a');
  const b = join(dir, 'b');
  const common = ['synth', '--depth', s.depth, '--camera', 'paper-3', '--seed', '3'];
  const ra = runCli([...common, '--rgb', s.palette, '--out', a]);
  assert.equal(ra.code, 0, ra.stderr);
  const rb = runCli([...common, '--rgb', s.rgb8, '--out', b, '--no-preview', '--png-compression', '9']);
  assert.equal(rb.code, 0, rb.stderr);
  assert.ok(readdirSync(a).includes('preview.png'));
  assert.ok(!readdirSync(b).includes('preview.png'), '--no-preview writes no preview');
  for (const f of ['left.png', 'right.png', 'combined.png', 'sharp.png']) {
    assert.deepEqual(readPng(join(a, f)).image.data, readPng(join(b, f)).image.data, f);
  }
  const bad = runCli([...common, '--rgb', s.rgb8, '--out', join(dir, 'c'), '--png-compression', '10']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--png-compression: expected a number >= 0 and <= 9, got 10/);
});
