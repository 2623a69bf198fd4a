import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPng } from '../../src/image/index.js';
import { compareImages, readMetricsJson } from '../../src/eval/index.js';
import { initParams } from '../../src/nn/index.js';
import { Deblurrer } from '../../src/deblur/index.js';
import { buildInferenceNetwork, readWeights, writeWeights, type NetworkSpec } from '../../src/models/index.js';
import { writeFixtureDataset } from '../eval/runner-fixture.js';
import { runCli, runInProcess, type CliResult } from './run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'dpx-cli-eval-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
const data = join(root, 'data');
writeFixtureDataset(data, [{ id: 'a', radius: 2, seed: 1 }, { id: 'b', radius: 3, seed: 2 }]);

/** `dualpix eval ARGS` through the CLI entry point, in a child process. */
function run(args: string[]): CliResult {
  return runCli(['eval', ...args]);
}

test('dualpix eval writes metrics.json, report.md, report.html and prints the summary table', async () => {
  const out = join(root, 'report');
  const list = join(root, 'indoor.txt');
  writeFileSync(list, 'a\n');
  const r = run(['--data', data, '--baselines', 'input,wiener', '--subset', `indoor=${list}`, '--limit', '2', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(out).sort(), ['metrics.json', 'report.html', 'report.md']);
  const m = readMetricsJson(join(out, 'metrics.json'));
  assert.deepEqual(m.methods.map((x) => x.name), ['input', 'wiener']);
  assert.equal(m.frames.length, 2);
  assert.match(r.stdout, /^By subset\nMethod +indoor PSNR↑/);
  assert.match(r.stdout, /\nAll \(2 frames\)\nMethod +PSNR↑ +SSIM↑ +MAE↓ +Time \(s\)↓\ninput +[\d.]+ /);
  assert.match(r.stdout, /\nwiener +[\d.]+\*/);
  assert.match(r.stderr, /wrote .*metrics\.json/);
});

test('dualpix eval --model PATH: each weight file is a row, scored on what the Deblurrer returns', async () => {
  const spec: NetworkSpec = { model: 'rdpd', width: 0.125 };
  const weights = join(root, 'tiny.safetensors');
  writeWeights(weights, initParams(buildInferenceNetwork(spec).graph, 28), spec);
  const out = join(root, 'model-report');
  const r = run(['--data', data, '--baselines', 'input', '--model', weights, '--model', weights, '--limit', '1', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const m = readMetricsJson(join(out, 'metrics.json'));
  assert.deepEqual(m.methods.map((x) => [x.name, x.kind]), [['input', 'baseline'], ['tiny', 'model'], [`${root.split('/').pop()}/tiny`, 'model']]);
  assert.equal(m.settings.warmup, true);
  const d = await Deblurrer.create(readWeights(weights));
  try {
    const img = (k: string): ReturnType<typeof readPng>['image'] => readPng(join(data, `test_${k}`)).image;
    const want = compareImages(await d.deblur(img('l/source/a.png'), img('r/source/a.png')), img('c/target/a.png'));
    const got = m.frames[0]!.scores.tiny!;
    assert.equal(got.psnr, want.psnr);
    assert.equal(got.ssim, want.ssim);
    assert.ok(got.timeS! > 0);
  } finally {
    await d.release();
  }
});

test('dualpix eval --state both: an RDPD row with the state carried through a sequence and one with it reset every frame', async () => {
  const spec: NetworkSpec = { model: 'rdpd', width: 0.125 };
  const weights = join(root, 'seqnet.safetensors');
  writeWeights(weights, initParams(buildInferenceNetwork(spec).graph, 29), spec);
  const seqData = join(root, 'seq-data');
  writeFixtureDataset(seqData, [{ id: 'seq_000/000000', radius: 2, seed: 5 }, { id: 'seq_000/000001', radius: 2, seed: 6 }]);
  const out = join(root, 'state-report');
  const r = run(['--data', seqData, '--baselines', 'input', '--model', weights, '--state', 'both', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const m = readMetricsJson(join(out, 'metrics.json'));
  assert.deepEqual(m.methods.map((x) => x.name), ['input', 'seqnet', 'seqnet (state reset)']);
  const d = await Deblurrer.create(readWeights(weights));
  try {
    const img = (k: string, f: string): ReturnType<typeof readPng>['image'] => readPng(join(seqData, `test_${k}`, 'seq_000', `${f}.png`)).image;
    const target = (f: string): ReturnType<typeof readPng>['image'] => img('c/target', f);
    const seq = d.sequence();
    const carried = [await seq.next(img('l/source', '000000'), img('r/source', '000000')), await seq.next(img('l/source', '000001'), img('r/source', '000001'))];
    const alone = await d.sequence().next(img('l/source', '000001'), img('r/source', '000001'));
    const frame = (f: string) => m.frames.find((x) => x.id.endsWith(f))!.scores;
    assert.equal(frame('000000').seqnet!.psnr, frame('000000')['seqnet (state reset)']!.psnr, 'the first frame starts from zero state either way');
    assert.equal(frame('000001').seqnet!.psnr, compareImages(carried[1]!, target('000001')).psnr);
    assert.equal(frame('000001')['seqnet (state reset)']!.psnr, compareImages(alone, target('000001')).psnr);
    assert.notEqual(frame('000001').seqnet!.psnr, frame('000001')['seqnet (state reset)']!.psnr, 'the carried state changes the second frame');
  } finally {
    await d.release();
  }
});

test('dualpix eval: bad input names the flag or file and writes nothing', async () => {
  const out = join(root, 'nothing');
  const missingList = join(root, 'no-such-list.txt');
  const cases: [string[], RegExp][] = [
    [['--data', join(root, 'nope'), '--out', out], /^--data: /],
    [['--out', out], /^--data: is required/],
    [['--data', root, '--out', out], /^--data: .*no test samples/],
    [['--data', data, '--out', out, '--baselines', 'input,blur'], /^--baselines: unknown baseline "blur"/],
    [['--data', data, '--out', out, '--baselines', ''], /^--baselines: nothing to evaluate/],
    [['--data', data, '--out', out, '--split', 'dev'], /^--split: /],
    [['--data', data, '--out', out, '--limit', '0'], /^--limit: /],
    [['--data', data, '--out', out, '--subset', 'indoor'], /^--subset: expected NAME=FILE/],
    [['--data', data, '--out', out, '--subset', `indoor=${missingList}`], new RegExp(`^${missingList.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: cannot read`)],
    [['--data', data, '--out', out, '--model', join(root, 'missing.safetensors')], /^--model: /],
  ];
  for (const [argv, want] of cases) {
    // Through the CLI's error reporting, which maps the library's parameter names to flags.
    const r = await runInProcess(['eval', ...argv]);
    assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^dualpix eval: ${want.source.replace(/^\^/, '')}`), argv.join(' '));
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
  }
  assert.equal(existsSync(out), false);
});

test('dualpix eval through the CLI entry point: bad --data exits 2 with one line', () => {
  const out = join(root, 'cli-out');
  const r = runCli(['eval', '--data', join(root, 'nope'), '--out', out]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /^dualpix eval: --data: /);
  assert.equal(existsSync(out), false);
});
