// Photo scenes for `--source photos:DIR`: a seeded crop of an ordinary photograph (panning and
// zooming slowly across a sequence's frames) with a synthetic depth layout that follows its edges.
import { extname } from 'node:path';
import { crop, InputError, readPng, resize, Rng, toRgb, type FloatMap, type Image } from '../image/index.js';
import { photoDepthLayout, type LayoutGeometry } from './photo-layout.js';
import { segmentPhoto } from './photo-segment.js';
import type { SynthScene } from './frame.js';

/** File extensions a photo folder may hold (lower case); JPEG needs a decoder dependency (see readPhoto). */
export const PHOTO_EXTENSIONS: readonly string[] = ['.png', '.jpg', '.jpeg'];

/** Frame size and sequence length of a photo sequence (px, frames ≥ 1). */
export interface PhotoSceneOptions {
  readonly width: number;
  readonly height: number;
  readonly frames?: number;
}

/** A rectangle in photo px (fractional). */
export interface CropRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** One photo sequence: the region of the photo it covers with its depth layout, and its frames. */
export interface PhotoSequence {
  /** The union of the frames' crops at the finest frame's scale, and its depth (m). */
  readonly base: { readonly rgb: Image; readonly depth: FloatMap };
  /** Crop of each frame in photo px (first and last frame; the others interpolate). */
  readonly crops: readonly CropRect[];
  /** Photo px per output px of the first frame (> 1: the photo is downscaled). */
  readonly scale: number;
  readonly regions: number;
  readonly geometry: LayoutGeometry;
  /** Frame `index` (0 … frames − 1) as a scene: sRGB image and depth (m), width × height. */
  frame(index: number): SynthScene;
}

const CROP_STREAM = 0x9407;
const LAYOUT_STREAM = 0x1a7;

/**
 * Reads a photograph as sRGB (grey or RGB; alpha dropped). PNG only in this build: a JPEG throws
 * InputError naming the file and asking for PNG, since decoding JPEG needs a decoder dependency.
 */
export function readPhoto(path: string): Image {
  const ext = extname(path).toLowerCase();
  if (ext === '.jpg' || ext === '.jpeg') {
    throw new InputError(path, 'JPEG photos are not supported (no JPEG decoder); convert the folder to PNG, e.g. with scripts/photo-data.sh');
  }
  const img = readPng(path).image;
  if (img.channels === 3 || img.channels === 1) return img;
  if (img.channels === 4 || img.channels === 2) {
    const keep = img.channels === 4 ? 3 : 1;
    const n = img.width * img.height;
    return { ...img, channels: keep, data: img.data.slice(0, keep * n) };
  }
  throw new InputError(path, `expected a grey or RGB photo, got ${img.channels} channels`);
}

/**
 * A photo sequence from `seed`: a crop of 1.25–4 photo px per output px (less when the photo is
 * small; upscaled only when it is smaller than the frame), moving by up to 10 % of the crop and
 * zooming by up to ±15 % over the frames; 6–24 regions; a depth layout (photoDepthLayout) drawn
 * once on the union of the crops, so every frame of a sequence sees the same scene.
 */
export function photoSequence(photo: Image, seed: number, opts: PhotoSceneOptions): PhotoSequence {
  const { width: w, height: h } = opts;
  const frames = opts.frames ?? 1;
  const rgbPhoto = toRgb(photo);
  const pw = rgbPhoto.width;
  const ph = rgbPhoto.height;
  const rng = Rng.derive(seed, CROP_STREAM);
  const maxScale = Math.min(pw / w, ph / h);
  const k0 = maxScale <= 1.25 ? maxScale : Math.exp(rng.range(Math.log(1.25), Math.log(Math.min(4, maxScale))));
  const k1 = frames > 1 ? Math.min(maxScale, k0 * Math.exp(rng.range(-0.15, 0.15))) : k0;
  const place = (k: number, c: number, size: number, len: number): number => Math.min(len - (size * k) / 2, Math.max((size * k) / 2, c));
  const c0x = place(k0, rng.range(0, pw), w, pw);
  const c0y = place(k0, rng.range(0, ph), h, ph);
  const moving = frames > 1;
  const c1x = place(k1, c0x + (moving ? rng.range(-0.1, 0.1) * w * k0 : 0), w, pw);
  const c1y = place(k1, c0y + (moving ? rng.range(-0.05, 0.05) * h * k0 : 0), h, ph);
  const rectAt = (t: number): CropRect => {
    const k = k0 * Math.pow(k1 / k0, t);
    const cx = c0x + (c1x - c0x) * t;
    const cy = c0y + (c1y - c0y) * t;
    return { x: cx - (w * k) / 2, y: cy - (h * k) / 2, width: w * k, height: h * k };
  };
  const ends = [rectAt(0), rectAt(1)];
  // Left/top edges are concave and right/bottom edges convex in t, so the two end crops bound them all.
  const ux0 = Math.max(0, Math.floor(Math.min(ends[0]!.x, ends[1]!.x) + 1e-6));
  const uy0 = Math.max(0, Math.floor(Math.min(ends[0]!.y, ends[1]!.y) + 1e-6));
  const ux1 = Math.min(pw, Math.ceil(Math.max(ends[0]!.x + ends[0]!.width, ends[1]!.x + ends[1]!.width) - 1e-6));
  const uy1 = Math.min(ph, Math.ceil(Math.max(ends[0]!.y + ends[0]!.height, ends[1]!.y + ends[1]!.height) - 1e-6));
  const toBase = 1 / Math.min(k0, k1);
  const bw = Math.max(w, Math.round((ux1 - ux0) * toBase));
  const bh = Math.max(h, Math.round((uy1 - uy0) * toBase));
  const region = crop(rgbPhoto, ux0, uy0, ux1 - ux0, uy1 - uy0);
  const baseRgb = bw === region.width && bh === region.height ? region : resize(region, bw, bh);
  const sx = bw / (ux1 - ux0);
  const sy = bh / (uy1 - uy0);

  const regions = 6 + rng.int(19);
  const seg = segmentPhoto(baseRgb, { regions, superpixels: Math.min(1500, Math.max(200, Math.round((bw * bh) / 100))) });
  const layout = photoDepthLayout(seg, Rng.derive(seed, LAYOUT_STREAM));

  const frame = (index: number): SynthScene => {
    if (!Number.isInteger(index) || index < 0 || index >= frames) throw new RangeError(`photoSequence: frame ${index} outside [0, ${frames})`);
    const r = rectAt(frames > 1 ? index / (frames - 1) : 0);
    const bx = (r.x - ux0) * sx;
    const by = (r.y - uy0) * sy;
    const bwid = r.width * sx;
    const bhei = r.height * sy;
    return { rgb: areaResample(baseRgb, bx, by, bwid, bhei, w, h), depth: pointSample(layout.depth, bx, by, bwid, bhei, w, h) };
  };
  return { base: { rgb: baseRgb, depth: layout.depth }, crops: ends, scale: k0, regions: seg.regions.length, geometry: layout.geometry, frame };
}

/** Box-filters the rectangle [x, x+rw) × [y, y+rh) (px, fractional) of `img` onto a w × h grid by exact pixel coverage. */
function areaResample(img: Image, x: number, y: number, rw: number, rh: number, w: number, h: number): Image {
  const wx = coverage(img.width, x, rw / w, w);
  const wy = coverage(img.height, y, rh / h, h);
  const n = img.width * img.height;
  const out = new Float32Array(img.channels * w * h);
  const row = new Float64Array(img.width);
  for (let c = 0; c < img.channels; c++) {
    for (let oy = 0; oy < h; oy++) {
      row.fill(0);
      const ry = wy[oy]!;
      for (let k = 0; k < ry.index.length; k++) {
        const base = c * n + ry.index[k]! * img.width;
        const wt = ry.weight[k]!;
        for (let ix = 0; ix < img.width; ix++) row[ix]! += wt * img.data[base + ix]!;
      }
      for (let ox = 0; ox < w; ox++) {
        const rx = wx[ox]!;
        let acc = 0;
        for (let k = 0; k < rx.index.length; k++) acc += rx.weight[k]! * row[rx.index[k]!]!;
        out[c * w * h + oy * w + ox] = acc;
      }
    }
  }
  return { width: w, height: h, channels: img.channels, space: img.space, data: out };
}

/** Per output sample o, the input pixels overlapping [start + o·step, start + (o+1)·step) and their normalized overlaps. */
function coverage(len: number, start: number, step: number, count: number): { index: number[]; weight: number[] }[] {
  const out: { index: number[]; weight: number[] }[] = [];
  for (let o = 0; o < count; o++) {
    const a = Math.max(0, start + o * step);
    const b = Math.min(len, Math.max(a + 1e-9, start + (o + 1) * step));
    const index: number[] = [];
    const weight: number[] = [];
    let total = 0;
    for (let i = Math.floor(a); i < Math.min(len, Math.ceil(b)); i++) {
      const wgt = Math.min(b, i + 1) - Math.max(a, i);
      if (wgt <= 0) continue;
      index.push(i);
      weight.push(wgt);
      total += wgt;
    }
    if (total === 0) {
      index.push(Math.min(len - 1, Math.floor(a)));
      weight.push(1);
      total = 1;
    }
    out.push({ index, weight: weight.map((v) => v / total) });
  }
  return out;
}

/** Samples `map` at each output pixel's footprint centre (nearest pixel): depth steps stay steps, never blends. */
function pointSample(map: FloatMap, x: number, y: number, rw: number, rh: number, w: number, h: number): FloatMap {
  const out = new Float32Array(w * h);
  for (let oy = 0; oy < h; oy++) {
    const iy = Math.min(map.height - 1, Math.max(0, Math.floor(y + (oy + 0.5) * (rh / h))));
    for (let ox = 0; ox < w; ox++) {
      const ix = Math.min(map.width - 1, Math.max(0, Math.floor(x + (ox + 0.5) * (rw / w))));
      out[oy * w + ox] = map.data[iy * map.width + ix]!;
    }
  }
  return { width: w, height: h, data: out };
}
