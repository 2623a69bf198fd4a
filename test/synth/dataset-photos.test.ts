// `--source photos:DIR` and `--cameras`: discovery, bad folders and files, the camera families'
// draws and focus, and a tiny end-to-end run with the real renderer (deterministic, recorded).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { encodePngImage, InputError, type FloatMap } from '../../src/image/index.js';
import { cocMap } from '../../src/optics/index.js';
import { discoverSequences, parseSource } from '../../src/synth/dataset/sources.js';
import { drawSequenceParams, DSLR_F_NUMBERS, PHONE_F_NUMBERS } from '../../src/synth/dataset/params.js';
import { focusDistanceM, lensCamera } from '../../src/synth/dataset/lens-camera.js';
import { resolveOptions } from '../../src/synth/dataset/options.js';
import { generateDataset, readManifest, readPlan } from '../../src/synth/dataset/index.js';
import { generateWith } from '../../src/synth/dataset/generate.js';
import { pathToFileURL } from 'node:url';
import { runCli } from '../cli/run-cli.js';
import { texture } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'dpx-photos-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const fresh = (name: string): string => {
  const d = join(root, `${name}-${counter++}`);
  mkdirSync(d, { recursive: true });
  return d;
};

/** A small generated "photo": a bright sky band over a textured ground, 8-bit PNG. */
function photoPng(w: number, h: number, seed: number): Uint8Array {
  const img = texture(w, h, seed, 'srgb');
  const n = w * h;
  for (let y = 0; y < Math.floor(h / 3); y++) {
    for (let x = 0; x < w; x++) {
      img.data[y * w + x] = 0.6;
      img.data[n + y * w + x] = 0.72;
      img.data[2 * n + y * w + x] = 0.9;
    }
  }
  return encodePngImage(img, 8);
}

const isInput = (subject: string, re: RegExp) => (e: unknown) => e instanceof InputError && e.subject === subject && re.test(e.message);

test('photos:DIR: photos in natural name order, K sequences each; other files and sub-folders ignored', () => {
  const dir = fresh('found');
  for (const name of ['b.png', 'a10.PNG', 'a2.png']) writeFileSync(join(dir, name), photoPng(24, 16, 1));
  writeFileSync(join(dir, 'notes.txt'), 'not a photo');
  mkdirSync(join(dir, 'sub.png'));
  assert.deepEqual(parseSource(`photos:${dir}`), { kind: 'photos', dir });
  const one = discoverSequences(parseSource(`photos:${dir}`), 3);
  assert.deepEqual(
    one.map((s) => [s.name, s.kind === 'photo' ? relative(dir, s.photo) : '', s.frames]),
    [
      ['a2', 'a2.png', 3],
      ['a10', 'a10.PNG', 3],
      ['b', 'b.png', 3],
    ],
  );
  const two = discoverSequences(parseSource(`photos:${dir}`), 1, 2);
  assert.deepEqual(
    two.map((s) => [s.name, s.kind === 'photo' ? s.variant : -1]),
    [
      ['a2_0', 0],
      ['a2_1', 1],
      ['a10_0', 0],
      ['a10_1', 1],
      ['b_0', 0],
      ['b_1', 1],
    ],
  );
});

test('photos:DIR bad input: missing or empty folder, unreadable PNG, JPEG; nothing written', async () => {
  const empty = fresh('empty');
  writeFileSync(join(empty, 'readme.txt'), 'no photos here');
  assert.throws(() => discoverSequences(parseSource(`photos:${empty}`), 1), isInput(empty, /no photographs/));
  const missing = join(root, 'missing');
  assert.throws(() => discoverSequences(parseSource(`photos:${missing}`), 1), isInput(missing, /no such folder/));
  const broken = fresh('broken');
  writeFileSync(join(broken, 'a.png'), photoPng(24, 16, 2));
  writeFileSync(join(broken, 'b.png'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
  const out = join(root, 'never');
  await assert.rejects(generateDataset({ source: `photos:${broken}`, out, workers: 0 }), isInput(join(broken, 'b.png'), /./));
  const jpeg = fresh('jpeg');
  writeFileSync(join(jpeg, 'c.jpg'), new Uint8Array([0xff, 0xd8, 0xff]));
  await assert.rejects(generateDataset({ source: `photos:${jpeg}`, out, workers: 0 }), isInput(join(jpeg, 'c.jpg'), /JPEG/));
  assert.equal(existsSync(out), false);
});

test('dualpix dataset on an empty photo folder or a bad photo: one line naming it, exit 2, no output', () => {
  const empty = fresh('cli-empty');
  const broken = fresh('cli-broken');
  writeFileSync(join(broken, 'bad.png'), 'not a png at all');
  for (const [dir, named] of [
    [empty, empty],
    [broken, join(broken, 'bad.png')],
  ] as const) {
    const out = join(root, `cli-out-${counter++}`);
    const r = runCli(['dataset', '--source', `photos:${dir}`, '--out', out, '--workers', '0']);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.ok(r.stderr.includes(named), r.stderr);
    assert.equal(existsSync(out), false);
  }
});

test('--cameras: families draw DSLR and phone lenses; PSF and noise draws do not depend on the family', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 60; i++) {
    const paper = drawSequenceParams(7, i);
    assert.deepEqual(drawSequenceParams(7, i, undefined, 'paper'), paper);
    assert.equal(paper.lens, undefined);
    for (const family of ['dslr', 'phone', 'all'] as const) {
      const p = drawSequenceParams(7, i, undefined, family);
      assert.deepEqual([p.psf, p.noise], [paper.psf, paper.noise]);
      seen.add(`${family}:${p.camera}`);
      if (p.camera === 'dslr') {
        assert.equal(p.lens!.focalMm, 50);
        assert.ok(DSLR_F_NUMBERS.includes(p.lens!.fNumber) && p.lens!.fNumber >= 1.8 && p.lens!.fNumber <= 4);
        assert.ok(Math.abs(p.lens!.pixelUm - 36000 / 1680) < 1e-5);
      } else if (p.camera === 'phone') {
        assert.equal(p.lens!.focalMm, 5.6);
        assert.ok(PHONE_F_NUMBERS.includes(p.lens!.fNumber));
      } else {
        assert.equal(family, 'all');
        assert.deepEqual(p, paper);
      }
      if (p.lens) assert.ok(p.lens.focusQuantile >= 0.1 && p.lens.focusQuantile <= 0.9 && p.distortion === null);
    }
  }
  assert.ok(seen.has('all:dslr') && seen.has('all:phone') && [...seen].some((s) => /^all:paper-/.test(s)), [...seen].join(' '));
  assert.throws(() => resolveOptions({ source: 'procedural:1', out: join(root, 'x'), cameras: 'leica' }), isInput('options.cameras', /paper, dslr, phone, all/));
  assert.throws(() => resolveOptions({ source: 'procedural:1', out: join(root, 'x'), cameras: 'dslr', camera: 'paper-1' }), isInput('options.cameras', /fixed camera preset/));
  assert.throws(() => resolveOptions({ source: 'procedural:1', out: join(root, 'x'), perPhoto: 2 }), isInput('options.perPhoto', /photos/));
});

test('a drawn lens focuses inside the scene: CoC on both sides of focus, sky not counted', () => {
  const w = 10;
  const h = 10;
  const data = new Float32Array(w * h);
  // 30 px at 1 m, 40 px at 3 m, 30 px of sky at 200 m.
  data.fill(1, 0, 30).fill(3, 30, 70).fill(200, 70);
  const depth: FloatMap = { width: w, height: h, data };
  const lens = drawSequenceParams(1, 0, undefined, 'dslr').lens!;
  assert.equal(focusDistanceM(depth, { ...lens, focusQuantile: 0.2 }), 1);
  assert.equal(focusDistanceM(depth, { ...lens, focusQuantile: 0.8 }), 3);
  assert.equal(focusDistanceM({ width: 2, height: 1, data: new Float32Array([5, 5]) }, lens), 5);
  assert.equal(focusDistanceM(depth, { ...lens, focusQuantile: 0.2, minFocusM: 2 }), 2);
  const cam = lensCamera('dslr', { ...lens, focusQuantile: 0.8 }, depth);
  const coc = cocMap(depth, cam).data;
  assert.ok(coc[0]! < -1 && coc[99]! > 1, `CoC ${coc[0]} … ${coc[99]}`);
});

test('a tiny photo dataset with the real renderer: recorded sources and lenses, byte-identical on rerun', async () => {
  const dir = fresh('e2e');
  writeFileSync(join(dir, 'p1.png'), photoPng(64, 48, 3));
  writeFileSync(join(dir, 'p2.png'), photoPng(48, 40, 4));
  const run = async (out: string): Promise<string[]> => {
    const s = await generateDataset({ source: `photos:${dir}`, out, frames: 2, perPhoto: 2, cameras: 'all', width: 32, height: 24, workers: 0, seed: 9 });
    assert.equal(s.total, 8);
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const n of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, n.name);
        if (n.isDirectory()) walk(p);
        else files.push(`${relative(out, p)} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`);
      }
    };
    walk(out);
    return files.sort();
  };
  const a = join(root, 'e2e-a');
  const first = await run(a);
  assert.deepEqual(await run(join(root, 'e2e-b')), first);
  const plan = readPlan(a);
  assert.deepEqual([plan.config.cameras, plan.config.perPhoto, plan.config.size], ['all', 2, { width: 32, height: 24 }]);
  assert.deepEqual(
    plan.sequences.map((s) => s.source),
    ['p1_0', 'p1_1', 'p2_0', 'p2_1'],
  );
  const records = readManifest(join(a, 'manifest.jsonl')).records;
  assert.equal(records.length, 8);
  for (const r of records) {
    assert.equal(r.source.kind, 'photo');
    if (r.source.kind !== 'photo') continue;
    assert.equal(r.source.photo, r.sequence < 2 ? 'p1.png' : 'p2.png');
    assert.equal(r.source.variant, r.sequence % 2);
    const cam = r.meta['camera'] as { name: string; lens?: { focusM: number } };
    assert.equal(cam.name, r.camera);
    if (r.lens) assert.ok(cam.lens!.focusM >= r.lens.minFocusM && cam.lens!.focusM <= 200, JSON.stringify(cam));
    else assert.match(r.camera, /^paper-[1-5]$/);
  }
  // Both frames of a sequence share the focus distance (taken from frame 0).
  const focus = (seq: number, frame: number) => (records.find((r) => r.sequence === seq && r.frame === frame)!.meta['camera'] as { lens?: { focusM: number } }).lens?.focusM;
  for (let s = 0; s < 4; s++) assert.equal(focus(s, 0), focus(s, 1));
});

test('a folder made with --cameras dslr is not resumed by a default run, nor the other way round', async () => {
  const fake = pathToFileURL(join(root, 'fake-job.mjs'));
  writeFileSync(
    fake,
    `export function runJob(job) {
  const b = new TextEncoder().encode(JSON.stringify(job));
  return { bytes: { left: b, right: b, combined: b, sharp: b, coc: b }, meta: {}, distortion: null };
}
`,
  );
  const base = { source: 'procedural:2', frames: 1, width: 8, height: 8, workers: 0 };
  const dslr = join(root, 'fam-dslr');
  await generateWith({ ...base, out: dslr, cameras: 'dslr' }, undefined, fake);
  await assert.rejects(generateWith({ ...base, out: dslr }, undefined, fake), isInput('options.out', /cameras "dslr" there, undefined now|cameras/));
  const paper = join(root, 'fam-paper');
  await generateWith({ ...base, out: paper }, undefined, fake);
  assert.equal(readPlan(paper).config.cameras, undefined);
  await assert.rejects(generateWith({ ...base, out: paper, cameras: 'phone' }, undefined, fake), isInput('options.out', /cameras/));
  // The manifest records the family and its drawn lens.
  const rec = readManifest(join(dslr, 'manifest.jsonl')).records[0]!;
  assert.equal(rec.camera, 'dslr');
  assert.equal(rec.lens!.focalMm, 50);
});
