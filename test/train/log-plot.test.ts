import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPng } from '../../src/image/index.js';
import { PLOT_COLOURS, TrainLog, plotLossCurves, plotSeries, readTrainLog, writeLossPlot, type TrainLogRecord } from '../../src/train/index.js';
import { tmp } from '../data/fixtures.js';

function records(epochs: number, perEpoch: number): TrainLogRecord[] {
  const out: TrainLogRecord[] = [];
  for (let e = 0; e < epochs; e++) {
    for (let s = 1; s <= perEpoch; s++) {
      const step = e * perEpoch + s;
      out.push({ kind: 'step', epoch: e, step, loss: 0.1 / step, lr: 5e-5, patchesPerSec: 2, time: '2026-01-01T00:00:00Z', elapsedS: step });
    }
    out.push({ kind: 'epoch', epoch: e, step: (e + 1) * perEpoch, trainLoss: 0.01, lr: 5e-5, valLoss: 0.05 / (e + 1), valPsnr: 20 + e, time: '2026-01-01T00:00:00Z', elapsedS: 1 });
  }
  return out;
}

test('the log appends one JSON line per record and reads them back', () => {
  const path = join(tmp(), 'train-log.jsonl');
  const log = TrainLog.open(path);
  const recs = records(2, 3);
  for (const r of recs) log.append(r);
  assert.equal(readFileSync(path, 'utf8').trim().split('\n').length, 8);
  assert.deepEqual(readTrainLog(path), recs);
});

test('resuming from a checkpoint drops the records after its step; a torn last line is ignored', () => {
  const path = join(tmp(), 'train-log.jsonl');
  const log = TrainLog.open(path);
  for (const r of records(3, 4)) log.append(r);
  appendFileSync(path, '{"kind":"step","epoch":2,"st');
  const resumed = TrainLog.open(path, 8);
  const kept = resumed.records();
  assert.equal(Math.max(...kept.map((r) => r.step)), 8);
  assert.equal(kept.filter((r) => r.kind === 'epoch').length, 2);
  assert.equal(kept.length, 10);
  resumed.append({ kind: 'step', epoch: 2, step: 9, loss: 1, lr: 1, patchesPerSec: 1, time: 't', elapsedS: 1 });
  assert.deepEqual(resumed.records().map((r) => r.step).slice(-2), [8, 9]);
  // A fresh start (no checkpoint) empties the log.
  assert.deepEqual(TrainLog.open(path).records(), []);
});

test('the loss plot has the requested size and ink of both colours along the curves', () => {
  const img = plotLossCurves(records(4, 10), { width: 640, height: 420 });
  assert.equal(img.width, 640);
  assert.equal(img.height, 420);
  const n = img.width * img.height;
  const count = (rgb: readonly number[], x0 = 0, x1 = img.width): number => {
    let k = 0;
    for (let y = 0; y < img.height; y++) {
      for (let x = x0; x < x1; x++) {
        const i = y * img.width + x;
        if (img.data[i] === Math.fround(rgb[0]!) && img.data[n + i] === Math.fround(rgb[1]!) && img.data[2 * n + i] === Math.fround(rgb[2]!)) k++;
      }
    }
    return k;
  };
  // Both curves leave ink across the plot area, left half and right half, not only in the legend.
  const mid = img.width >> 1;
  for (const colour of [PLOT_COLOURS.train, PLOT_COLOURS.val]) {
    assert.ok(count(colour, 100, mid) > 50, 'curve ink in the left half');
    assert.ok(count(colour, mid, img.width) > 50, 'curve ink in the right half');
  }
  // Falling loss: the smoothed training curve starts high (small y) and ends low (large y).
  const column = (x: number): number[] => {
    const ys: number[] = [];
    for (let y = 40; y < 260; y++) {
      const i = y * img.width + x;
      const [r, g, b] = PLOT_COLOURS.train.map(Math.fround) as [number, number, number];
      if (img.data[i] === r && img.data[n + i] === g && img.data[2 * n + i] === b) ys.push(y);
    }
    return ys;
  };
  const early = column(130);
  const late = column(img.width - 40);
  assert.ok(early.length > 0 && late.length > 0);
  assert.ok(Math.min(...early) < Math.min(...late));
});

test('the plot file is an 8-bit PNG of the default size; an empty log still plots', () => {
  const dir = tmp();
  writeLossPlot(join(dir, 'loss.png'), records(2, 5));
  const png = readPng(join(dir, 'loss.png'));
  assert.equal(png.bitDepth, 8);
  assert.equal(png.image.width, 800);
  assert.equal(png.image.height, 520);
  const empty = plotLossCurves([]);
  assert.ok(empty.data.some((v) => v < 0.5), 'axes and labels are drawn');
});

test('plotSeries: a rising line crosses the panel from lower left to upper right, in its colour', () => {
  const colour = [0.9, 0.1, 0.1] as const;
  const img = plotSeries([{ label: 'RUN', colour: [...colour], xs: [0, 1, 2, 3], ys: [-1, 0, 1, 2] }], { x: 'HOURS', y: 'DB' }, { width: 400, height: 300, zeroLine: true });
  const { width: w, height: h, data } = img;
  const red: [number, number][] = [];
  for (let y = 60; y < h - 60; y++) {
    for (let x = 95; x < w; x++) {
      const i = y * w + x;
      if (Math.abs(data[i]! - 0.9) < 0.02 && Math.abs(data[w * h + i]! - 0.1) < 0.02 && Math.abs(data[2 * w * h + i]! - 0.1) < 0.02) red.push([x, y]);
    }
  }
  assert.ok(red.length > 100, `the line is drawn (${red.length} px)`);
  // Rising: the leftmost red pixels sit lower (larger y) than the rightmost.
  const left = red.filter(([x]) => x < 150).map(([, y]) => y);
  const right = red.filter(([x]) => x > w - 80).map(([, y]) => y);
  assert.ok(Math.min(...left) > Math.max(...right), 'y falls as x grows');
});
