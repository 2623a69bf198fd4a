// PSNR by defocus band: how much a deblurring method gains where the blur is small, moderate and
// heavy. Reads a `dualpix dataset` split (views, combined input, sharp target, signed CoC map)
// and the outputs of `dualpix deblur --pairs DATA --out OUT` (named as the left views), and
// prints, per |CoC| band in px, the share of pixels and the PSNR of the combined input and of
// the outputs over those pixels (all frames pooled: 10·log10(1/mean squared error), [0,1] units).
//   node --import tsx scripts/coc-bands.ts --data DIR --out OUT [--split test] [--json FILE]
import { readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readPfm, readPng, type Image } from '../src/image/index.js';

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : fallback;
  if (v === undefined) {
    process.stderr.write(`coc-bands: --${name} is required\n`);
    process.exit(2);
  }
  return v;
}
const data = arg('data');
const out = arg('out');
const split = arg('split', 'test');
/** Band edges of |CoC| in px: [0,1), [1,2), …, [20,∞). */
const EDGES = [0, 1, 2, 4, 8, 12, 20, Infinity];

const lefts = readdirSync(join(data, `${split}_l`, 'source'), { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.png'))
  .sort();
const count = new Float64Array(EDGES.length - 1);
const seIn = new Float64Array(EDGES.length - 1);
const seOut = new Float64Array(EDGES.length - 1);
for (const rel of lefts) {
  const stem = rel.slice(0, -4);
  const target = readPng(join(data, `${split}_c`, 'target', rel)).image;
  const input = readPng(join(data, `${split}_c`, 'source', rel)).image;
  const coc = readPfm(join(data, `${split}_coc`, `${stem}.pfm`));
  const pred = readPng(join(out, rel.includes('/') ? rel : basename(rel))).image;
  accumulate(target, input, pred, coc);
}

function accumulate(target: Image, input: Image, pred: Image, coc: Image): void {
  const n = target.width * target.height;
  if (pred.width !== target.width || pred.height !== target.height) throw new Error(`output size ${pred.width}x${pred.height} differs from the target's`);
  for (let i = 0; i < n; i++) {
    const r = Math.abs(coc.data[i] as number);
    let b = 0;
    while (r >= (EDGES[b + 1] as number)) b++;
    count[b]! += 3;
    for (let c = 0; c < 3; c++) {
      const t = target.data[c * n + i] as number;
      const di = (input.data[c * n + i] as number) - t;
      const dp = (pred.data[c * n + i] as number) - t;
      seIn[b]! += di * di;
      seOut[b]! += dp * dp;
    }
  }
}

const total = count.reduce((a, b) => a + b, 0);
const psnr = (se: number, k: number): number => 10 * Math.log10(k / Math.max(se, 1e-12));
const rows = [];
console.log(`${lefts.length} frames of ${data} (${split}); outputs from ${out}`);
console.log('|CoC| px     pixels   input dB   output dB   gain dB');
for (let b = 0; b < count.length; b++) {
  if (count[b] === 0) continue;
  const label = `${EDGES[b]}–${Number.isFinite(EDGES[b + 1]) ? EDGES[b + 1] : '∞'}`;
  const row = { band: label, share: count[b]! / total, inputPsnr: psnr(seIn[b]!, count[b]!), outputPsnr: psnr(seOut[b]!, count[b]!) };
  rows.push(row);
  console.log(`${label.padEnd(10)} ${(100 * row.share).toFixed(1).padStart(7)} %  ${row.inputPsnr.toFixed(2).padStart(8)}   ${row.outputPsnr.toFixed(2).padStart(8)}   ${(row.outputPsnr - row.inputPsnr).toFixed(2).padStart(6)}`);
}
const all = { inputPsnr: psnr(seIn.reduce((a, b) => a + b, 0), total), outputPsnr: psnr(seOut.reduce((a, b) => a + b, 0), total) };
console.log(`all (pooled) ${'100.0 %'.padStart(9)}  ${all.inputPsnr.toFixed(2).padStart(8)}   ${all.outputPsnr.toFixed(2).padStart(8)}   ${(all.outputPsnr - all.inputPsnr).toFixed(2).padStart(6)}`);
const json = process.argv.includes('--json') ? arg('json') : undefined;
if (json) writeFileSync(json, `${JSON.stringify({ data, split, frames: lefts.length, bands: rows, all }, null, 2)}\n`);
