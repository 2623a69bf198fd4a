import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPfm, readPng, writePfm, type Image } from '../../src/image/index.js';
import { generateDataset, readManifest } from '../../src/synth/dataset/index.js';
import {
  baselineMethod, compareImages, evaluate, fitNiqeModel, niqe, NiqeFitter, readSubsetSpec,
  type DpFrame, type EvalMethod, type FrameScore,
} from '../../src/eval/index.js';
import { writeFixtureDataset } from './runner-fixture.js';

const root = mkdtempSync(join(tmpdir(), 'dpx-eval-runner-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const fresh = (name: string): string => join(root, `${name}-${counter++}`);

// One dataset shared by the tests that only read it: three images, CoC 2, 3 and 4 px.
const dpdd = fresh('dpdd');
writeFixtureDataset(dpdd, [
  { id: 'a', radius: 2, seed: 1 },
  { id: 'b', radius: 3, seed: 2 },
  { id: 'c', radius: 4, seed: 3 },
]);

/** A "model" that returns the sharp target of the frame it is given (found by its left view). */
function oracle(dir: string, ids: readonly string[]): EvalMethod {
  const byLeft = new Map<string, Image>();
  for (const id of ids) byLeft.set(key(readPng(join(dir, `test_l/source/${id}.png`)).image), readPng(join(dir, `test_c/target/${id}.png`)).image);
  return {
    name: 'oracle', kind: 'model', description: 'returns the ground truth', timed: true, needsCoc: false,
    start: () => ({ next: async (f: DpFrame) => byLeft.get(key(f.left))! }),
  };
}

function key(img: Image): string {
  let s = 0;
  for (let i = 0; i < img.data.length; i += 7) s += img.data[i]! * (i % 13);
  return s.toFixed(6);
}

const baselines = ['input', 'wiener', 'richardson-lucy'] as const;

test('averages are the means of the per-frame scores; input scores are compareImages(combined, target)', async () => {
  const r = await evaluate({ data: dpdd, methods: [...baselines.map((b) => baselineMethod(b)), oracle(dpdd, ['a', 'b', 'c'])], niqe: false });
  const m = r.metrics;
  assert.deepEqual(m.methods.map((x) => x.name), ['input', 'wiener', 'richardson-lucy', 'oracle']);
  assert.deepEqual(m.frames.map((f) => f.id), ['a', 'b', 'c']);
  const all = m.averages.find((a) => a.subset === 'all')!;
  assert.equal(all.frames, 3);
  for (const method of ['input', 'wiener', 'richardson-lucy']) {
    const per = m.frames.map((f) => f.scores[method] as FrameScore);
    const avg = all.methods[method]!;
    for (const k of ['psnr', 'ssim', 'mae'] as const) {
      const want = per.reduce((s, x) => s + x[k], 0) / per.length;
      assert.ok(Math.abs(avg[k]! - want) < 1e-12, `${method} ${k}: ${avg[k]} vs ${want}`);
    }
    assert.equal(avg.frames, 3);
  }
  for (const f of m.frames) {
    const combined = readPng(join(dpdd, `test_c/source/${f.id}.png`)).image;
    const target = readPng(join(dpdd, `test_c/target/${f.id}.png`)).image;
    const want = compareImages(combined, target);
    const got = f.scores.input!;
    assert.equal(got.psnr, want.psnr);
    assert.equal(got.ssim, want.ssim);
    assert.equal(got.mae, want.mae);
    assert.equal(got.timeS, null, 'the input baseline does no work to time');
    assert.ok(f.scores.wiener!.timeS! > 0);
  }
});

test('a model that returns the sharp target scores PSNR = Infinity, SSIM = 1, MAE = 0', async () => {
  const r = await evaluate({ data: dpdd, methods: [baselineMethod('input'), oracle(dpdd, ['a', 'b', 'c'])], niqe: false });
  for (const f of r.metrics.frames) {
    assert.equal(f.scores.oracle!.psnr, Infinity);
    assert.equal(f.scores.oracle!.ssim, 1);
    assert.equal(f.scores.oracle!.mae, 0);
  }
  const avg = r.metrics.averages[0]!.methods.oracle!;
  assert.equal(avg.psnr, Infinity);
  assert.equal(avg.ssim, 1);
  assert.ok(r.metrics.settings.warmup);
});

test('Wiener and Richardson–Lucy with the true CoC map and manifest PSF beat the blurred input (noise off)', async () => {
  const r = await evaluate({ data: dpdd, methods: baselines.map((b) => baselineMethod(b)), niqe: false });
  for (const f of r.metrics.frames) {
    const input = f.scores.input!;
    for (const m of ['wiener', 'richardson-lucy']) {
      const s = f.scores[m]!;
      assert.ok(s.psnr > input.psnr + 1, `${f.id} ${m}: ${s.psnr.toFixed(2)} dB vs input ${input.psnr.toFixed(2)} dB`);
      assert.ok(s.ssim > input.ssim, `${f.id} ${m}: SSIM ${s.ssim.toFixed(3)} vs input ${input.ssim.toFixed(3)}`);
    }
  }
});

test('subsets average only their members; frames know their subsets', async () => {
  const list = join(fresh('lists'));
  writeFileSync(list, '# indoor scenes\na\n\nc.png\n');
  const r = await evaluate({ data: dpdd, methods: [baselineMethod('input')], niqe: false, subsets: [readSubsetSpec(`indoor=${list}`)] });
  const m = r.metrics;
  assert.deepEqual(m.frames.map((f) => f.subsets), [['indoor'], [], ['indoor']]);
  const indoor = m.averages.find((a) => a.subset === 'indoor')!;
  assert.equal(indoor.frames, 2);
  const members = m.frames.filter((f) => f.id !== 'b').map((f) => f.scores.input!.psnr);
  assert.equal(indoor.methods.input!.psnr, (members[0]! + members[1]!) / 2);
  assert.deepEqual(m.settings.subsets, [{ name: 'indoor', file: list, names: 2, matched: 2 }]);
});

test('a subset that names no evaluated frame is an InputError naming its file', async () => {
  const list = fresh('nomatch');
  writeFileSync(list, 'zzz\n');
  await assert.rejects(evaluate({ data: dpdd, methods: [baselineMethod('input')], niqe: false, subsets: [readSubsetSpec(`x=${list}`)] }), (e: Error) => e.name === 'InputError' && e.message.includes(list));
});

test('without CoC maps the deconvolution baselines are dropped with a note', async () => {
  const dir = fresh('nococ');
  writeFixtureDataset(dir, [{ id: 'a', radius: 2, seed: 1 }], { coc: false, manifest: false });
  const r = await evaluate({ data: dir, methods: baselines.map((b) => baselineMethod(b)), niqe: false });
  assert.deepEqual(r.metrics.methods.map((m) => m.name), ['input']);
  assert.match(r.metrics.notes.join('\n'), /wiener, richardson-lucy skipped: the dataset has no CoC maps/);
});

test('a NaN in a CoC map is refused naming the file and pixel, not deep in deconvolution', async () => {
  const dir = fresh('nancoc');
  writeFixtureDataset(dir, [{ id: 'a', radius: 2, seed: 1 }], { manifest: false });
  const cocFile = join(dir, 'test_coc', 'a.pfm');
  const map = readPfm(cocFile);
  map.data[3 * map.width + 5] = Number.NaN;
  writePfm(cocFile, map);
  await assert.rejects(evaluate({ data: dir, methods: [baselineMethod('wiener')], niqe: false }), (e: Error) => e.name === 'InputError' && e.message.startsWith(`${cocFile}: CoC radius NaN at pixel (5, 3)`));
});

test('sequences: frames in time order through one stream per sequence; single images get their own', async () => {
  const dir = fresh('seq');
  writeFixtureDataset(dir, [
    { id: 'single', radius: 2, seed: 4 },
    { id: 'seq_000/000000', radius: 2, seed: 5 },
    { id: 'seq_000/000001', radius: 3, seed: 6 },
    { id: 'seq_000/000002', radius: 2, seed: 7 },
    { id: 'seq_001/000000', radius: 3, seed: 8 },
  ]);
  const log: string[] = [];
  let streams = 0;
  // Carries state: returns the previous frame's combined image (its own on a sequence's first frame).
  const recorder: EvalMethod = {
    name: 'recorder', kind: 'model', description: 'previous frame', timed: true, needsCoc: false,
    start() {
      const id = streams++;
      let prev: Image | null = null;
      return {
        async next(f) {
          log.push(`${id}:${prev === null ? 'first' : 'later'}`);
          const out = prev ?? f.combined;
          prev = f.combined;
          return out;
        },
      };
    },
  };
  const list = fresh('seq-list');
  writeFileSync(list, 'seq_000\n');
  const r = await evaluate({ data: dir, methods: [baselineMethod('input'), recorder], niqe: false, limit: 4, subsets: [readSubsetSpec(`first=${list}`)] });
  const m = r.metrics;
  assert.deepEqual(m.frames.map((f) => f.subsets), [[], ['first'], ['first'], ['first']], 'a sequence name selects all its frames');
  assert.deepEqual(m.frames.map((f) => [f.id, f.sequence, f.frame]), [
    ['single', null, 0], ['seq_000/000000', 'seq_000', 0], ['seq_000/000001', 'seq_000', 1], ['seq_000/000002', 'seq_000', 2],
  ]);
  // stream 0 is the untimed warm-up, then one per sample
  assert.deepEqual(log, ['0:first', '1:first', '2:first', '2:later', '2:later']);
  assert.equal(m.settings.frames, 4);
  assert.equal(m.settings.framesInSplit, 5);
  // state carried: frame 1's output is frame 0's combined image
  const target1 = readPng(join(dir, 'test_c/target/seq_000/000001.png')).image;
  const combined0 = readPng(join(dir, 'test_c/source/seq_000/000000.png')).image;
  assert.equal(m.frames[2]!.scores.recorder!.psnr, compareImages(combined0, target1).psnr);
});

test('crops: the requested number of frames, windows inside the frame, one output per method but input', async () => {
  const r = await evaluate({ data: dpdd, methods: baselines.map((b) => baselineMethod(b)), niqe: false, crops: { count: 2, size: 32 } });
  assert.equal(r.crops.length, 2);
  for (const c of r.crops) {
    assert.equal(c.width, 32);
    assert.equal(c.height, 32);
    assert.ok(c.x0 >= 0 && c.x0 + c.width <= 48 && c.y0 >= 0 && c.y0 + c.height <= 40);
    assert.deepEqual(c.outputs.map((o) => o.method), ['wiener', 'richardson-lucy']);
    assert.equal(c.input.width, 32);
  }
});

test('NIQE: the model is fitted on the split\'s targets (NiqeFitter = fitNiqeModel) and scores every output', async () => {
  const dir = fresh('niqe');
  writeFixtureDataset(dir, [{ id: 'p', radius: 2, seed: 11 }, { id: 'q', radius: 4, seed: 12 }], { width: 100, height: 96 });
  const targets = ['p', 'q'].map((id) => readPng(join(dir, `test_c/target/${id}.png`)).image);
  const fitter = new NiqeFitter();
  for (const t of targets) assert.equal(fitter.add(t), true);
  assert.equal(new NiqeFitter().add({ ...targets[0]!, width: 95, height: 95, data: targets[0]!.data.subarray(0, 3 * 95 * 95) }), false, 'under 96 px: not added');
  const model = fitNiqeModel(targets);
  assert.deepEqual(fitter.model(), model);
  const r = await evaluate({ data: dir, methods: [baselineMethod('input'), oracle(dir, ['p', 'q'])], limit: 1 });
  assert.deepEqual(r.metrics.settings.niqe, { images: 2, patches: model.patches }, 'fitted on the whole split, not only the --limit frames');
  const f = r.metrics.frames[0]!;
  assert.equal(f.scores.oracle!.niqe, niqe(targets[0]!, model));
  assert.equal(f.scores.input!.niqe, niqe(readPng(join(dir, 'test_c/source/p.png')).image, model));
  assert.ok(f.scores.input!.niqe! > f.scores.oracle!.niqe!, 'the blurred input is less natural than the sharp target');
});

test('on `dualpix dataset` output the baselines get each frame\'s CoC map, manifest PSF, blur space, noise and orientation', async () => {
  const dir = fresh('generated');
  await generateDataset({ source: 'procedural:2', out: dir, frames: 2, width: 40, height: 32, seed: 3, layout: 'sequence', split: 'train=0.5,test=0.5', workers: 0 });
  const { records } = readManifest(join(dir, 'manifest.jsonl'));
  const test = records.filter((r) => r.split === 'test');
  const seen: DpFrame[] = [];
  const spy: EvalMethod = {
    name: 'spy', kind: 'baseline', description: 'records its input', timed: true, needsCoc: true,
    start: () => ({ next: async (f) => (seen.push(f), f.combined) }),
  };
  const r = await evaluate({ data: dir, methods: [spy, baselineMethod('wiener')], niqe: false });
  assert.equal(r.metrics.frames.length, test.length);
  assert.deepEqual(r.metrics.notes, ['NIQE was not computed.'], 'no note on missing CoC maps or manifest');
  for (const [i, rec] of test.entries()) {
    assert.deepEqual(seen[i]!.psf, rec.psf);
    assert.equal(seen[i]!.blurSpace, rec.meta.blurSpace);
    // The generator draws a relative Gaussian σ per sequence and records it twice.
    assert.equal(seen[i]!.noiseSigma, rec.noise.sigma);
    assert.deepEqual(rec.meta.noise, rec.noise.sigma > 0 ? { kind: 'gaussian', sigma: rec.noise.sigma } : null);
    assert.equal(seen[i]!.psfOrientation, rec.meta.psfOrientation);
    assert.equal(seen[i]!.psfModel, rec.meta.psfModel);
    const coc = readPfm(join(dir, rec.files.coc));
    assert.deepEqual(seen[i]!.coc!.data, coc.data);
    assert.ok(Number.isFinite(r.metrics.frames[i]!.scores.wiener!.psnr));
  }
});
