// A preview picture of a synthesized frame for people: views, combined, target, CoC and disparity.
import { hconcat, resize, type FloatMap, type Image } from '../image/index.js';
import type { SynthFrame } from './frame.js';

/** Options of renderContactSheet: the largest panel width (px, default 480; panels are only shrunk). */
export interface ContactSheetOptions {
  readonly panelWidth?: number;
}

const GAP = 4;

/**
 * Signed CoC map (px) as a diverging colour image: blue in front of focus (r < 0), white in focus,
 * red behind (r > 0), full colour at ±maxAbs px.
 */
export function cocColours(coc: FloatMap, maxAbs: number): Image {
  const n = coc.width * coc.height;
  const out = new Float32Array(3 * n);
  const inv = maxAbs > 0 ? 1 / maxAbs : 0;
  // White towards red (0.85, 0.1, 0.1) behind or blue (0.1, 0.25, 0.85) in front.
  const RED = [0.85, 0.1, 0.1] as const;
  const BLUE = [0.1, 0.25, 0.85] as const;
  for (let i = 0; i < n; i++) {
    const v = Math.max(-1, Math.min(1, coc.data[i]! * inv));
    const a = Math.abs(v);
    const target = v >= 0 ? RED : BLUE;
    out[i] = 1 + (target[0] - 1) * a;
    out[n + i] = 1 + (target[1] - 1) * a;
    out[2 * n + i] = 1 + (target[2] - 1) * a;
  }
  return { width: coc.width, height: coc.height, channels: 3, space: 'srgb', data: out };
}

/** |left − right| averaged over channels, one channel, same size. */
function absDifference(left: Image, right: Image): Image {
  const n = left.width * left.height;
  const diff = new Float32Array(n);
  for (let c = 0; c < left.channels; c++) {
    const o = c * n;
    for (let i = 0; i < n; i++) diff[i] += Math.abs(left.data[o + i]! - right.data[o + i]!);
  }
  for (let i = 0; i < n; i++) diff[i] /= left.channels;
  return { width: left.width, height: left.height, channels: 1, space: 'srgb', data: diff };
}

/** A one-channel difference as grey RGB, scaled so that its 99th percentile is white (gain at most 50). */
function amplified(diff: Image): Image {
  const n = diff.width * diff.height;
  const sorted = diff.data.slice().sort();
  const p99 = sorted[Math.min(n - 1, Math.floor(0.99 * n))]!;
  const gain = Math.min(50, p99 > 0 ? 1 / p99 : 50);
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    const v = Math.min(1, diff.data[i]! * gain);
    out[i] = v;
    out[n + i] = v;
    out[2 * n + i] = v;
  }
  return { width: diff.width, height: diff.height, channels: 3, space: 'srgb', data: out };
}

/**
 * |left − right| averaged over channels, as grey, scaled so that its 99th percentile is white
 * (gain at most 50): where the views disagree, i.e. where there is defocus disparity.
 */
export function viewDifference(left: Image, right: Image): Image {
  return amplified(absDifference(left, right));
}

/**
 * The preview sheet (sRGB): left | right | combined | sharp on the first row; the CoC map
 * (blue front, white in focus, red behind, saturating at the frame's largest |CoC|) and the
 * amplified |left − right| on the second; white gaps. Maps are shrunk to the panel size before
 * they are coloured and ranked, so the sheet of a 1080p frame costs a few resizes.
 */
export function renderContactSheet(frame: SynthFrame, opts: ContactSheetOptions = {}): Image {
  const { width, height } = frame.left;
  const maxW = opts.panelWidth ?? 480;
  const scale = Math.min(1, maxW / width);
  const pw = Math.max(1, Math.round(width * scale));
  const ph = Math.max(1, Math.round(height * scale));
  const fit = (img: Image): Image => (pw === width && ph === height ? img : resize(img, pw, ph));
  let maxAbs = 0;
  for (let i = 0; i < frame.coc.data.length; i++) maxAbs = Math.max(maxAbs, Math.abs(frame.coc.data[i]!));
  const top = hconcat([frame.left, frame.right, frame.combined, frame.sharp].map(fit), GAP, 1);
  const blank: Image = { width: pw, height: ph, channels: 3, space: 'srgb', data: new Float32Array(3 * pw * ph).fill(1) };
  const coc = fit({ ...frame.coc, channels: 1, space: 'linear' });
  const bottom = hconcat([cocColours(coc, maxAbs), amplified(fit(absDifference(frame.left, frame.right))), blank, blank], GAP, 1);
  const w = top.width;
  const h = 2 * ph + GAP;
  const out = new Float32Array(3 * w * h).fill(1);
  for (let c = 0; c < 3; c++) {
    out.set(top.data.subarray(c * w * ph, (c + 1) * w * ph), c * w * h);
    out.set(bottom.data.subarray(c * w * ph, (c + 1) * w * ph), c * w * h + (ph + GAP) * w);
  }
  return { width: w, height: h, channels: 3, space: 'srgb', data: out };
}
