// A contact sheet of a dataset folder, to look at what `dualpix dataset` made: one row per sample
// (frame 0 of evenly spaced sequences): sharp target | combined blurred image | signed CoC map
// (blue in front of focus, white in focus, red behind; each row saturates at its own largest |CoC|).
//   node --import tsx scripts/dataset-sheet.mjs DATASET_DIR OUT.png [ROWS=8]
import { join } from 'node:path';
import { hconcat, readJsonLines, readPfm, readPng, resize, writePng } from '../src/image/index.ts';
import { cocColours } from '../src/synth/index.ts';

const [dir, out, rowsArg] = process.argv.slice(2);
if (!dir || !out) {
  console.error('usage: node --import tsx scripts/dataset-sheet.mjs DATASET_DIR OUT.png [ROWS]');
  process.exit(2);
}
const rows = Number(rowsArg ?? 8);
const records = readJsonLines(join(dir, 'manifest.jsonl')).values.filter((r) => r.frame === 0);
if (records.length === 0) {
  console.error(`${join(dir, 'manifest.jsonl')}: no samples`);
  process.exit(2);
}
const picked = Array.from({ length: Math.min(rows, records.length) }, (_, i) => records[Math.floor((i * records.length) / Math.min(rows, records.length))]);
const strips = picked.map((r) => {
  const sharp = readPng(join(dir, r.files.sharp)).image;
  const combined = readPng(join(dir, r.files.combined)).image;
  const coc = readPfm(join(dir, r.files.coc));
  let maxAbs = 0;
  for (const v of coc.data) maxAbs = Math.max(maxAbs, Math.abs(v));
  const lens = r.meta.camera.lens;
  console.log(
    `row ${picked.indexOf(r)}: seq ${r.sequence} ${JSON.stringify(r.source.photo ?? r.source.sequence ?? r.source.sceneSeed)} camera ${r.camera}` +
      (lens ? ` f/${lens.fNumber} focus ${lens.focusM} m` : '') +
      ` CoC ${r.meta.cocRangePx.map((v) => v.toFixed(1)).join('..')} px`,
  );
  return hconcat([sharp, combined, cocColours(coc, maxAbs)], 4);
});
const width = Math.max(...strips.map((s) => s.width));
const height = strips.reduce((a, s) => a + s.height + 4, -4);
const data = new Float32Array(3 * width * height).fill(1);
let y0 = 0;
for (const s of strips) {
  const img = s.channels === 3 ? s : resize(s, s.width, s.height);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < img.height; y++) {
      data.set(img.data.subarray(c * img.width * img.height + y * img.width, c * img.width * img.height + (y + 1) * img.width), c * width * height + (y0 + y) * width);
    }
  }
  y0 += s.height + 4;
}
writePng(out, { width, height, channels: 3, space: 'srgb', data }, 8);
console.log(`wrote ${out}`);
