// Segments a photograph into regions whose borders follow its edges: a watershed on the gradient
// magnitude from grid seeds gives superpixels, then adjacent superpixels merge by colour (Ward's
// criterion) down to a target count, and border pixels snap to the closer region's mean colour.
import type { Image } from '../image/index.js';

/** One region of a segmentation: pixel statistics the depth layout reads (px, colour in [0,1]). */
export interface Region {
  readonly area: number;
  /** Bounding box, inclusive (px). */
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
  readonly cx: number;
  readonly cy: number;
  /** Mean luminance (mean of R, G, B) in [0,1]. */
  readonly luma: number;
  /** Mean yellow–blue opponent (R + G − 2B)/4: negative for blue (a clear sky), in [−0.5, 0.5]. */
  readonly yellowBlue: number;
  /** Mean gradient magnitude over the region's interior (px 2 or more from its border; colour units per px): its texture. */
  readonly texture: number;
  /** Row below which 95 % of the region lies (px): where an upright object meets the ground. */
  readonly foot: number;
}

/** A segmentation: one label per pixel (row-major, 0 … regions.length − 1) and each region's statistics. */
export interface Segmentation {
  readonly width: number;
  readonly height: number;
  readonly labels: Int32Array;
  readonly regions: readonly Region[];
  /** For each pair of adjacent regions a < b: key a·count + b → [shared border pixel pairs, least and greatest x of the border (px)]. */
  readonly borders: ReadonlyMap<number, readonly [number, number, number]>;
}

/** Options of segmentPhoto. */
export interface SegmentOptions {
  /** Regions to merge down to (≥ 1); fewer remain only when the image has fewer superpixels. */
  readonly regions: number;
  /** Superpixels before merging (default 600). */
  readonly superpixels?: number;
}

const LEVELS = 256;

/**
 * Segments `img` (sRGB, 1 or 3 channels, planar) into about `opts.regions` regions. Borders lie on
 * gradient ridges of the lightly smoothed image and are then refined to the pixel on the original
 * colours, so a step edge between two flat colours is a region border exactly. Deterministic.
 */
export function segmentPhoto(img: Image, opts: SegmentOptions): Segmentation {
  const { width: w, height: h } = img;
  const feat = features(img);
  const smoothed = smooth(feat, w, h);
  const grad = gradientMagnitude(smoothed, w, h);
  const seeds = gridSeeds(grad, w, h, opts.superpixels ?? 600);
  const superLabels = watershed(grad, w, h, seeds);
  const merged = mergeRegions(superLabels, seeds.length, feat, smoothed, w, h, Math.max(1, Math.round(opts.regions)));
  snapBorders(merged.labels, merged.count, feat, w, h);
  return describe(merged.labels, merged.count, feat, grad, w, h);
}

/** Three planar colour features in [0,1]-ish units: luminance and two opponent axes. */
function features(img: Image): Float32Array[] {
  const n = img.width * img.height;
  const d = img.data;
  if (img.channels === 1) return [d.slice(0, n), new Float32Array(n), new Float32Array(n)];
  const l = new Float32Array(n);
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = d[i]!;
    const g = d[n + i]!;
    const bl = d[2 * n + i]!;
    l[i] = (r + g + bl) / 3;
    a[i] = (r - g) / 2;
    b[i] = (r + g - 2 * bl) / 4;
  }
  return [l, a, b];
}

/** [1 2 1]/4 binomial blur in x and y with clamped borders: JPEG noise and fine grain must not make ridges. */
function smooth(ch: readonly Float32Array[], w: number, h: number): Float32Array[] {
  return ch.map((src) => {
    const tmp = new Float32Array(src.length);
    const out = new Float32Array(src.length);
    for (let y = 0; y < h; y++) {
      const row = y * w;
      for (let x = 0; x < w; x++) {
        const l = src[row + Math.max(0, x - 1)]!;
        const r = src[row + Math.min(w - 1, x + 1)]!;
        tmp[row + x] = 0.25 * l + 0.5 * src[row + x]! + 0.25 * r;
      }
    }
    for (let y = 0; y < h; y++) {
      const up = Math.max(0, y - 1) * w;
      const dn = Math.min(h - 1, y + 1) * w;
      for (let x = 0; x < w; x++) out[y * w + x] = 0.25 * tmp[up + x]! + 0.5 * tmp[y * w + x]! + 0.25 * tmp[dn + x]!;
    }
    return out;
  });
}

/** Sum over the feature channels of the Sobel gradient magnitude (colour units per px). */
function gradientMagnitude(ch: readonly Float32Array[], w: number, h: number): Float32Array {
  const out = new Float32Array(w * h);
  for (const src of ch) {
    for (let y = 0; y < h; y++) {
      const ym = Math.max(0, y - 1) * w;
      const y0 = y * w;
      const yp = Math.min(h - 1, y + 1) * w;
      for (let x = 0; x < w; x++) {
        const xm = Math.max(0, x - 1);
        const xp = Math.min(w - 1, x + 1);
        const gx = src[ym + xp]! + 2 * src[y0 + xp]! + src[yp + xp]! - src[ym + xm]! - 2 * src[y0 + xm]! - src[yp + xm]!;
        const gy = src[yp + xm]! + 2 * src[yp + x]! + src[yp + xp]! - src[ym + xm]! - 2 * src[ym + x]! - src[ym + xp]!;
        out[y0 + x] += Math.hypot(gx, gy) / 8;
      }
    }
  }
  return out;
}

/** One seed per grid cell, moved to the lowest gradient of its 3×3 neighbourhood so that it sits off edges. */
function gridSeeds(grad: Float32Array, w: number, h: number, count: number): number[] {
  const step = Math.max(2, Math.round(Math.sqrt((w * h) / Math.max(1, count))));
  const seeds: number[] = [];
  const taken = new Uint8Array(w * h);
  for (let gy = Math.floor(step / 2); gy < h; gy += step) {
    for (let gx = Math.floor(step / 2); gx < w; gx += step) {
      let best = gy * w + gx;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const x = gx + dx;
          const y = gy + dy;
          if (x < 0 || y < 0 || x >= w || y >= h) continue;
          if (grad[y * w + x]! < grad[best]!) best = y * w + x;
        }
      }
      if (taken[best]) continue;
      taken[best] = 1;
      seeds.push(best);
    }
  }
  return seeds;
}

/**
 * Meyer's flooding: pixels are labelled in order of max(flood level, their gradient) from a bucket
 * queue (FIFO within a level, so the result is deterministic), so labels meet on gradient ridges.
 */
function watershed(grad: Float32Array, w: number, h: number, seeds: readonly number[]): Int32Array {
  const n = w * h;
  let gmax = 0;
  for (let i = 0; i < n; i++) gmax = Math.max(gmax, grad[i]!);
  const level = new Uint8Array(n);
  const scale = gmax > 0 ? (LEVELS - 1) / gmax : 0;
  for (let i = 0; i < n; i++) level[i] = Math.round(grad[i]! * scale);
  const labels = new Int32Array(n).fill(-1);
  const buckets: number[][] = Array.from({ length: LEVELS }, () => []);
  const heads = new Int32Array(LEVELS);
  seeds.forEach((p, k) => {
    labels[p] = k;
    buckets[level[p]!]!.push(p);
  });
  for (let lv = 0; lv < LEVELS; lv++) {
    const bucket = buckets[lv]!;
    while (heads[lv]! < bucket.length) {
      const p = bucket[heads[lv]!++]!;
      const x = p % w;
      const lab = labels[p]!;
      const visit = (q: number): void => {
        if (labels[q]! >= 0) return;
        labels[q] = lab;
        buckets[Math.max(lv, level[q]!)]!.push(q);
      };
      if (x > 0) visit(p - 1);
      if (x < w - 1) visit(p + 1);
      if (p >= w) visit(p - w);
      if (p < n - w) visit(p + w);
    }
  }
  return labels;
}

/** Union–find with path halving over region ids. */
function findRoot(parent: Int32Array, a: number): number {
  while (parent[a] !== a) {
    parent[a] = parent[parent[a]!]!;
    a = parent[a]!;
  }
  return a;
}

/** Ward-cost scale at a border of mean contrast EDGE_CONTRAST (colour units between neighbouring pixels). */
const EDGE_CONTRAST = 0.02;
/** A border whose mean contrast is below this is no edge: its regions merge whatever the target count. */
export const NO_EDGE_CONTRAST = 0.012;

/**
 * Greedy agglomeration of adjacent regions, cheapest first, until `target` regions remain. The cost
 * is Ward's n_a·n_b/(n_a+n_b)·|μ_a − μ_b|² (the rise in squared colour error) times s/(s + s0),
 * s the mean colour step between neighbouring pixels across the shared border (smoothed image):
 * small and similar regions go first. Borders with a mean contrast under NO_EDGE_CONTRAST merge
 * before anything else and even past the target, so a smooth gradient (a sky, a wall in soft
 * light) stays one region even when its ends differ in colour: no border inside it is an edge.
 */
function mergeRegions(
  labels: Int32Array,
  count: number,
  feat: readonly Float32Array[],
  smoothed: readonly Float32Array[],
  w: number,
  h: number,
  target: number,
): { labels: Int32Array; count: number } {
  const sum = new Float64Array(3 * count);
  const size = new Float64Array(count);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    size[l]! += 1;
    for (let c = 0; c < 3; c++) sum[3 * l + c]! += feat[c]![i]!;
  }
  // Per region: neighbour → [border pixel pairs, summed colour step across them].
  const adj: Map<number, [number, number]>[] = Array.from({ length: count }, () => new Map());
  const step = (i: number, j: number): number => {
    let d = 0;
    for (let c = 0; c < 3; c++) d += Math.abs(smoothed[c]![i]! - smoothed[c]![j]!);
    return d;
  };
  const note = (a: number, b: number, contrast: number): void => {
    for (const [p, q] of [
      [a, b],
      [b, a],
    ] as const) {
      const e = adj[p]!.get(q);
      if (e) {
        e[0]++;
        e[1] += contrast;
      } else adj[p]!.set(q, [1, contrast]);
    }
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const a = labels[i]!;
      if (x + 1 < w && labels[i + 1] !== a) note(a, labels[i + 1]!, step(i, i + 1));
      if (y + 1 < h && labels[i + w] !== a) note(a, labels[i + w]!, step(i, i + w));
    }
  }
  const parent = Int32Array.from({ length: count }, (_, i) => i);
  const version = new Int32Array(count);
  const heap = new MinHeap();
  const cost = (a: number, b: number): number => {
    let d2 = 0;
    for (let c = 0; c < 3; c++) {
      const diff = sum[3 * a + c]! / size[a]! - sum[3 * b + c]! / size[b]!;
      d2 += diff * diff;
    }
    const e = adj[a]!.get(b)!;
    const contrast = e[1] / e[0];
    if (contrast < NO_EDGE_CONTRAST) return -1 / (1 + size[a]! + size[b]!);
    return ((size[a]! * size[b]!) / (size[a]! + size[b]!)) * d2 * (contrast / (contrast + EDGE_CONTRAST));
  };
  const push = (a: number, b: number): void => {
    const [p, q] = a < b ? [a, b] : [b, a];
    heap.push(cost(p, q), p, q, version[p]!, version[q]!);
  };
  for (let a = 0; a < count; a++) for (const b of adj[a]!.keys()) if (a < b) push(a, b);
  let alive = count;
  while (heap.size > 0 && (alive > target || heap.peekCost() < 0)) {
    const e = heap.pop();
    if (version[e.a] !== e.va || version[e.b] !== e.vb || parent[e.a] !== e.a || parent[e.b] !== e.b) continue;
    // b joins a (a < b), so ids, and with them the tie order of later merges, stay deterministic.
    const a = e.a;
    const b = e.b;
    parent[b] = a;
    size[a]! += size[b]!;
    for (let c = 0; c < 3; c++) sum[3 * a + c]! += sum[3 * b + c]!;
    adj[a]!.delete(b);
    for (const [nb, eb] of adj[b]!) {
      if (nb === a) continue;
      const back = adj[nb]!;
      back.delete(b);
      const ea = adj[a]!.get(nb);
      const merged: [number, number] = ea ? [ea[0] + eb[0], ea[1] + eb[1]] : [eb[0], eb[1]];
      adj[a]!.set(nb, merged);
      back.set(a, [merged[0], merged[1]]);
    }
    adj[b]!.clear();
    version[a]!++;
    version[b]!++;
    for (const nb of [...adj[a]!.keys()].sort((p, q) => p - q)) push(a, nb);
    alive--;
  }
  const remap = new Int32Array(count).fill(-1);
  let next = 0;
  const out = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const r = findRoot(parent, labels[i]!);
    if (remap[r] === -1) remap[r] = next++;
    out[i] = remap[r]!;
  }
  return { labels: out, count: next };
}

/**
 * Two passes that move each border pixel to the adjacent region whose mean colour is closest to
 * its own: the smoothed gradient puts ridges up to a pixel off a step edge, the colours do not.
 */
function snapBorders(labels: Int32Array, count: number, feat: readonly Float32Array[], w: number, h: number): void {
  for (let pass = 0; pass < 2; pass++) {
    const mean = new Float64Array(3 * count);
    const size = new Float64Array(count);
    for (let i = 0; i < labels.length; i++) {
      const l = labels[i]!;
      size[l]! += 1;
      for (let c = 0; c < 3; c++) mean[3 * l + c]! += feat[c]![i]!;
    }
    for (let l = 0; l < count; l++) for (let c = 0; c < 3; c++) mean[3 * l + c]! /= Math.max(1, size[l]!);
    const f0 = feat[0]!;
    const f1 = feat[1]!;
    const f2 = feat[2]!;
    const src = labels.slice();
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = y * w + x;
        const own = src[i]!;
        const l0 = x > 0 ? src[i - 1]! : own;
        const l1 = x < w - 1 ? src[i + 1]! : own;
        const l2 = y > 0 ? src[i - w]! : own;
        const l3 = y < h - 1 ? src[i + w]! : own;
        if (l0 === own && l1 === own && l2 === own && l3 === own) continue;
        let best = own;
        let bestD = Infinity;
        for (const l of [own, l0, l1, l2, l3]) {
          const d = (f0[i]! - mean[3 * l]!) ** 2 + (f1[i]! - mean[3 * l + 1]!) ** 2 + (f2[i]! - mean[3 * l + 2]!) ** 2;
          if (d < bestD) {
            bestD = d;
            best = l;
          }
        }
        labels[i] = best;
      }
    }
  }
}

/** Region statistics and the border table of a final labelling; empty labels are dropped. */
function describe(labels: Int32Array, count: number, feat: readonly Float32Array[], grad: Float32Array, w: number, h: number): Segmentation {
  const area = new Float64Array(count);
  const sx = new Float64Array(count);
  const sy = new Float64Array(count);
  const sl = new Float64Array(count);
  const sb = new Float64Array(count);
  const sg = new Float64Array(count);
  const ng = new Float64Array(count);
  const sgAll = new Float64Array(count);
  const x0 = new Int32Array(count).fill(w);
  const x1 = new Int32Array(count).fill(-1);
  const y0 = new Int32Array(count).fill(h);
  const y1 = new Int32Array(count).fill(-1);
  const rows = Array.from({ length: count }, () => new Int32Array(h));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const l = labels[i]!;
      area[l]! += 1;
      sx[l]! += x;
      sy[l]! += y;
      sl[l]! += feat[0]![i]!;
      sb[l]! += feat[2]![i]!;
      sgAll[l]! += grad[i]!;
      // The smoothed gradient reaches 2 px past an edge: only the interior measures the region's own texture.
      const inside =
        labels[y * w + Math.max(0, x - 2)] === l &&
        labels[y * w + Math.min(w - 1, x + 2)] === l &&
        labels[Math.max(0, y - 2) * w + x] === l &&
        labels[Math.min(h - 1, y + 2) * w + x] === l;
      if (inside) {
        sg[l]! += grad[i]!;
        ng[l]! += 1;
      }
      x0[l] = Math.min(x0[l]!, x);
      x1[l] = Math.max(x1[l]!, x);
      y0[l] = Math.min(y0[l]!, y);
      y1[l] = Math.max(y1[l]!, y);
      rows[l]![y]!++;
    }
  }
  // Snapping can empty a region; renumber the survivors densely.
  const remap = new Int32Array(count).fill(-1);
  const regions: Region[] = [];
  for (let l = 0; l < count; l++) {
    if (area[l]! === 0) continue;
    remap[l] = regions.length;
    let acc = 0;
    let foot = y1[l]!;
    for (let y = 0; y < h; y++) {
      acc += rows[l]![y]!;
      if (acc >= 0.95 * area[l]!) {
        foot = y;
        break;
      }
    }
    regions.push({
      area: area[l]!,
      x0: x0[l]!,
      x1: x1[l]!,
      y0: y0[l]!,
      y1: y1[l]!,
      cx: sx[l]! / area[l]!,
      cy: sy[l]! / area[l]!,
      luma: sl[l]! / area[l]!,
      yellowBlue: sb[l]! / area[l]!,
      texture: ng[l]! > 0 ? sg[l]! / ng[l]! : sgAll[l]! / area[l]!,
      foot,
    });
  }
  const out = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) out[i] = remap[labels[i]!]!;
  const k = regions.length;
  const borders = new Map<number, [number, number, number]>();
  const note = (a: number, b: number, x: number): void => {
    const key = a < b ? a * k + b : b * k + a;
    const e = borders.get(key);
    if (e) {
      e[0]++;
      e[1] = Math.min(e[1], x);
      e[2] = Math.max(e[2], x);
    } else borders.set(key, [1, x, x]);
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const a = out[y * w + x]!;
      if (x + 1 < w && out[y * w + x + 1] !== a) note(a, out[y * w + x + 1]!, x + 0.5);
      if (y + 1 < h && out[(y + 1) * w + x] !== a) note(a, out[(y + 1) * w + x]!, x);
    }
  }
  return { width: w, height: h, labels: out, regions, borders };
}

/** A binary min-heap of merge candidates keyed by cost, ties broken by (a, b) for determinism. */
class MinHeap {
  private items: { cost: number; a: number; b: number; va: number; vb: number }[] = [];

  get size(): number {
    return this.items.length;
  }

  /** Cost of the cheapest item (the heap must not be empty). */
  peekCost(): number {
    return this.items[0]!.cost;
  }

  push(cost: number, a: number, b: number, va: number, vb: number): void {
    const it = this.items;
    it.push({ cost, a, b, va, vb });
    let i = it.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      [it[i], it[p]] = [it[p]!, it[i]!];
      i = p;
    }
  }

  pop(): { cost: number; a: number; b: number; va: number; vb: number } {
    const it = this.items;
    const top = it[0]!;
    const last = it.pop()!;
    if (it.length > 0) {
      it[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < it.length && this.less(l, m)) m = l;
        if (r < it.length && this.less(r, m)) m = r;
        if (m === i) break;
        [it[i], it[m]] = [it[m]!, it[i]!];
        i = m;
      }
    }
    return top;
  }

  private less(i: number, j: number): boolean {
    const x = this.items[i]!;
    const y = this.items[j]!;
    return x.cost < y.cost || (x.cost === y.cost && (x.a < y.a || (x.a === y.a && x.b < y.b)));
  }
}
