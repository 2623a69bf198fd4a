import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  averageScores, decodeMetrics, encodeMetrics, formatTextTable, readMetricsJson, renderMarkdownReport, subsetTable,
  combinedTable, writeEvalReport, type EvalMetrics, type FrameResult, type FrameScore,
} from '../../src/eval/index.js';

const root = mkdtempSync(join(tmpdir(), 'dpx-eval-report-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));

const score = (psnr: number, ssim: number, mae: number, niqe: number | null, timeS: number | null): FrameScore => ({ psnr, ssim, mae, niqe, timeS });

/** Three methods on two frames with hand-picked numbers: model-a best in PSNR/SSIM/time, model-b in MAE/NIQE. */
function handMetrics(): EvalMetrics {
  const frames: FrameResult[] = [
    { id: 'x', sequence: null, frame: 0, width: 8, height: 8, subsets: ['indoor'], scores: { input: score(20, 0.6, 0.05, 6, null), 'model-a': score(30, 0.9, 0.02, 4, 0.5), 'model-b': score(29, 0.85, 0.01, 3, 0.7) } },
    { id: 'y', sequence: null, frame: 0, width: 8, height: 8, subsets: [], scores: { input: score(22, 0.7, 0.04, 5, null), 'model-a': score(Infinity, 1, 0, 4, 0.5), 'model-b': score(31, 0.95, 0.01, 3, 0.9) } },
  ];
  const methods = ['input', 'model-a', 'model-b'];
  return {
    format: 'dualpix-eval/1',
    settings: {
      data: 'd', split: 'test', frames: 2, framesInSplit: 2, limit: null, niqe: { images: 2, patches: 4 },
      subsets: [{ name: 'indoor', file: 'indoor.txt', names: 1, matched: 1 }], warmup: true, averaging: 'mean', createdAt: '2026-01-01T00:00:00.000Z',
    },
    methods: methods.map((name) => ({ name, kind: name === 'input' ? 'baseline' : 'model', description: `the ${name} method` })),
    frames,
    averages: averageScores(frames, methods, ['indoor']),
    notes: ['a note | with a bar'],
  };
}

test('metrics.json round-trips, Infinity included', () => {
  const m = handMetrics();
  const text = encodeMetrics(m);
  assert.match(text, /"psnr": "Infinity"/);
  assert.deepEqual(decodeMetrics(text, 'metrics.json'), m);
  assert.throws(() => decodeMetrics('{"format":"other"}', 'f.json'), /f\.json: not a dualpix metrics\.json/);
});

test('report.md: a row per method in every table, the best value of each column in bold', () => {
  const md = renderMarkdownReport(handMetrics());
  const all = md.slice(md.indexOf('## All (2 frames)'), md.indexOf('## indoor'));
  const rows = all.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Method'));
  assert.deepEqual(rows, [
    '| input | 21.00 | 0.650 | 0.0450 | 5.50 | — |',
    '| model-a | **∞** | **0.950** | **0.0100** | 4.00 | **0.500** |', // MAE ties with model-b: both bold
    '| model-b | 30.00 | 0.900 | **0.0100** | **3.00** | 0.800 |',
  ]);
  assert.match(md, /\| Method \| PSNR↑ \| SSIM↑ \| MAE↓ \| NIQE↓ \| Time \(s\)↓ \|/);
  // Table 1 layout: the subset's PSNR/SSIM/MAE, then All with NIQE, then time
  assert.match(md, /## By subset\n\n\| Method \| indoor PSNR↑ \| indoor SSIM↑ \| indoor MAE↓ \| All PSNR↑ \| All SSIM↑ \| All MAE↓ \| All NIQE↓ \| Time \(s\)↓ \|/);
  assert.match(md, /\| model-a \| \*\*30\.00\*\* \| \*\*0\.900\*\* \| 0\.0200 \|/);
  assert.match(md, /- \*\*model-b\*\* \(model\): the model-b method/);
  assert.match(md, /\| y \| 22\.00 \/ 0\.700 \| ∞ \/ 1\.000 \| 31\.00 \/ 0\.950 \|/);
});

test('tables: columns without any value are left out; a lone value is not marked best', () => {
  const m = handMetrics();
  const noNiqe: EvalMetrics = { ...m, methods: m.methods.slice(0, 2), averages: averageScores(m.frames.map((f) => ({ ...f, scores: { input: { ...f.scores.input!, niqe: null }, 'model-a': { ...f.scores['model-a']!, niqe: null } } })), ['input', 'model-a'], []) };
  const t = subsetTable(noNiqe, 'all');
  assert.deepEqual(t.columns.map((c) => c.metric), ['psnr', 'ssim', 'mae', 'timeS']);
  assert.equal(t.rows[1]!.cells[3]!.best, false, 'only model-a has a time');
  assert.equal(combinedTable(noNiqe), null);
  assert.match(formatTextTable(t), /^All \(2 frames\)\nMethod +PSNR↑ +SSIM↑ +MAE↓ +Time \(s\)↓\ninput +21\.00 +0\.650 +0\.0450 +—\nmodel-a +∞\* +0\.950\* +0\.0100\* +0\.500\n$/);
});

test('writeEvalReport writes the three files and nothing else; metrics.json reads back', () => {
  const dir = join(root, 'out');
  const m = handMetrics();
  writeEvalReport(dir, { metrics: m, crops: [] });
  assert.deepEqual(readdirSync(dir).sort(), ['metrics.json', 'report.html', 'report.md']);
  assert.deepEqual(readMetricsJson(join(dir, 'metrics.json')), m);
  assert.match(readFileSync(join(dir, 'report.html'), 'utf8'), /<td class="best">∞<\/td>/);
});
