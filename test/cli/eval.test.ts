import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/image/index.js';
import { readMetricsJson } from '../../src/eval/index.js';
import { evalCommand } from '../../src/cli/eval-command.js';
import { writeFixtureDataset } from '../eval/runner-fixture.js';
import { runCli } from './run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'dpx-cli-eval-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
const data = join(root, 'data');
writeFixtureDataset(data, [{ id: 'a', radius: 2, seed: 1 }, { id: 'b', radius: 3, seed: 2 }]);

/** Runs the command in this process, capturing what it prints. */
async function run(argv: string[]): Promise<{ stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const w1 = process.stdout.write.bind(process.stdout);
  const w2 = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => (err.push(String(s)), true)) as typeof process.stderr.write;
  try {
    await evalCommand.run(argv);
  } finally {
    process.stdout.write = w1;
    process.stderr.write = w2;
  }
  return { stdout: out.join(''), stderr: err.join('') };
}

test('dualpix eval writes metrics.json, report.md, report.html and prints the summary table', async () => {
  const out = join(root, 'report');
  const list = join(root, 'indoor.txt');
  writeFileSync(list, 'a\n');
  const r = await run(['--data', data, '--baselines', 'input,wiener', '--subset', `indoor=${list}`, '--limit', '2', '--out', out]);
  assert.deepEqual(readdirSync(out).sort(), ['metrics.json', 'report.html', 'report.md']);
  const m = readMetricsJson(join(out, 'metrics.json'));
  assert.deepEqual(m.methods.map((x) => x.name), ['input', 'wiener']);
  assert.equal(m.frames.length, 2);
  assert.match(r.stdout, /^By subset\nMethod +indoor PSNR↑/);
  assert.match(r.stdout, /\nAll \(2 frames\)\nMethod +PSNR↑ +SSIM↑ +MAE↓ +Time \(s\)↓\ninput +[\d.]+ /);
  assert.match(r.stdout, /\nwiener +[\d.]+\*/);
  assert.match(r.stderr, /wrote .*metrics\.json/);
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
    await assert.rejects(run(argv), (e: Error) => e instanceof InputError && want.test(e.message), argv.join(' '));
  }
  assert.equal(existsSync(out), false);
});

test('dualpix eval through the CLI entry point: bad --data exits 2 with one line', { skip: !runCli(['eval', '--help']).stdout.includes('dualpix eval') && 'eval is not yet registered in src/cli/main.ts' }, () => {
  const out = join(root, 'cli-out');
  const r = runCli(['eval', '--data', join(root, 'nope'), '--out', out]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /^dualpix eval: --data: /);
  assert.equal(existsSync(out), false);
});
