// Before/after pictures of real dual-pixel captures: for each pair, the combined input (L+R)/2 and
// each model's output side by side, whole frame on top and a 2× crop of the most defocused region
// below (where the views disagree most: defocus disparity), so that a reader sees at once whether
// the picture got sharper, kept its colours and left the in-focus parts alone.
//   node --import tsx scripts/side-by-side.ts --left DIR --right DIR --out PICTURE.png LABEL=OUTDIR [LABEL=OUTDIR ...]
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { crop, drawText, hconcat, readPng, resize, writePng, type Image } from '../src/image/index.js';

function arg(name: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : undefined;
  if (v === undefined) {
    process.stderr.write(`side-by-side: --${name} is required\n`);
    process.exit(2);
  }
  return v;
}
const leftDir = arg('left');
const rightDir = arg('right');
const out = arg('out');
const columns = process.argv.slice(2).filter((a) => /^[^-][^=]*=/.test(a)).map((a) => ({ label: a.slice(0, a.indexOf('=')), dir: a.slice(a.indexOf('=') + 1) }));
const PANEL = 420;
const CROP = 128;
const GAP = 6;
const LABEL_H = 14;

/**
 * The crop origin (px) of the CROP×CROP window where the views disagree most: the horizontal
 * change of L − R over 4×4 cell means (averaging first keeps sensor noise out), summed over the
 * window: the most defocused textured region.
 */
function mostDefocused(l: Image, r: Image): [number, number] {
  const { width: w, height: h } = l;
  const n = w * h;
  const cw = Math.floor(w / 4);
  const ch = Math.floor(h / 4);
  const diff = new Float64Array(cw * ch);
  for (let c = 0; c < 3; c++) {
    for (let cy = 0; cy < ch; cy++) {
      for (let cx = 0; cx < cw; cx++) {
        for (let y = 4 * cy; y < 4 * cy + 4; y++) for (let x = 4 * cx; x < 4 * cx + 4; x++) diff[cy * cw + cx]! += l.data[c * n + y * w + x]! - r.data[c * n + y * w + x]!;
      }
    }
  }
  // Its change from cell to cell: a smooth brightness difference between the views (phone DP
  // views are shaded differently) is not disparity.
  const cell = new Float64Array(cw * ch);
  for (let cy = 0; cy < ch; cy++) for (let cx = 1; cx < cw; cx++) cell[cy * cw + cx] = Math.abs(diff[cy * cw + cx]! - diff[cy * cw + cx - 1]!);
  const k = CROP / 4;
  let best = -1;
  let at: [number, number] = [0, 0];
  for (let y0 = 0; y0 + k <= ch; y0 += k / 4) {
    for (let x0 = 0; x0 + k <= cw; x0 += k / 4) {
      let s = 0;
      for (let y = y0; y < y0 + k; y++) for (let x = x0; x < x0 + k; x++) s += cell[y * cw + x]!;
      if (s > best) {
        best = s;
        at = [4 * x0, 4 * y0];
      }
    }
  }
  return at;
}

/** Nearest-neighbour 2× enlargement (pixels stay pixels). */
function zoom2(img: Image): Image {
  const { width: w, height: h, channels } = img;
  const data = new Float32Array(4 * img.data.length);
  for (let c = 0; c < channels; c++) for (let y = 0; y < 2 * h; y++) for (let x = 0; x < 2 * w; x++) data[c * 4 * w * h + y * 2 * w + x] = img.data[c * w * h + (y >> 1) * w + (x >> 1)]!;
  return { width: 2 * w, height: 2 * h, channels, space: img.space, data };
}

function labelled(img: Image, text: string): Image {
  const out: Image = { width: img.width, height: img.height + LABEL_H, channels: 3, space: img.space, data: new Float32Array(3 * img.width * (img.height + LABEL_H)).fill(1) };
  const n = img.width * img.height;
  const m = out.width * out.height;
  for (let c = 0; c < 3; c++) out.data.set(img.data.subarray(c * n, (c + 1) * n), c * m + LABEL_H * img.width);
  drawText(out, text, 2, 3, [0, 0, 0]);
  return out;
}

function vstack(images: readonly Image[]): Image {
  const w = Math.max(...images.map((i) => i.width));
  const h = images.reduce((s, i) => s + i.height, 0) + GAP * (images.length - 1);
  const data = new Float32Array(3 * w * h).fill(1);
  let y0 = 0;
  for (const img of images) {
    for (let c = 0; c < 3; c++) for (let y = 0; y < img.height; y++) data.set(img.data.subarray(c * img.width * img.height + y * img.width, c * img.width * img.height + (y + 1) * img.width), c * w * h + (y0 + y) * w);
    y0 += img.height + GAP;
  }
  return { width: w, height: h, channels: 3, space: 'srgb', data };
}

const rows: Image[] = [];
for (const name of readdirSync(leftDir).filter((f) => f.endsWith('.png')).sort()) {
  const l = readPng(join(leftDir, name)).image;
  const r = readPng(join(rightDir, name)).image;
  const combined: Image = { ...l, data: l.data.map((v, i) => (v + r.data[i]!) / 2) };
  const [cx, cy] = mostDefocused(l, r);
  const panels = [{ label: `${name}: input (L+R)/2`, img: combined }, ...columns.map((col) => ({ label: col.label, img: readPng(join(col.dir, name)).image }))];
  const scale = Math.min(1, PANEL / l.width);
  const ph = Math.round(l.height * scale);
  const top = hconcat(panels.map((p) => labelled(scale < 1 ? resize(p.img, PANEL, ph) : p.img, p.label)), GAP, 1);
  const crops = hconcat(panels.map((p) => labelled(zoom2(crop(p.img, cx, cy, CROP, CROP)), `2x crop at ${cx},${cy}`)), GAP, 1);
  rows.push(vstack([top, crops]));
}
writePng(out, vstack(rows), 8);
console.log(`wrote ${out} (${rows.length} pairs, columns: input, ${columns.map((c) => c.label).join(', ')})`);
