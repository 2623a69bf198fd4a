// How a frame of any size goes through a U-Net that pools four times: reflect-pad it to a
// multiple of 16, and when the activations of the whole frame would not fit in memory, cut it
// into overlapping tiles whose corners sit on the 16-px pooling grid (so every tile pools the
// same way the whole frame would) and blend the tiles' outputs with linear ramps in the overlaps.
import { SIZE_MULTIPLE, costVolumeChannels, firstBlockFilters, type NetworkSpec } from '../models/index.js';

/** One tile: its window in the padded frame, px. */
export interface Tile {
  readonly x0: number;
  readonly y0: number;
  readonly width: number;
  readonly height: number;
}

/** Where each tile of a frame goes; fixed for a whole sequence so that each tile carries its own recurrent state. */
export interface TileLayout {
  /** Frame size, px. */
  readonly width: number;
  readonly height: number;
  /** Padded size (multiples of 16), px. */
  readonly paddedWidth: number;
  readonly paddedHeight: number;
  readonly tiles: readonly Tile[];
  /** Blending weight of each tile, tile-sized, row-major; positive everywhere. */
  readonly weights: readonly Float32Array[];
}

/** Rounds up to a multiple of 16 px. */
export function roundUp16(n: number): number {
  return Math.ceil(n / SIZE_MULTIPLE) * SIZE_MULTIPLE;
}

/**
 * Tiles covering a width×height frame (px): one tile of the whole padded frame when `tile` is
 * at least its size, else tiles of at most `tile` px a side (multiples of 16), overlapping by at
 * least `overlap` px, their origins on the 16-px grid.
 */
export function planTiles(width: number, height: number, tile: number, overlap: number): TileLayout {
  if (!Number.isInteger(tile) || tile < SIZE_MULTIPLE || tile % SIZE_MULTIPLE !== 0) throw new RangeError(`planTiles: tile must be a positive multiple of 16 px, got ${tile}`);
  if (!(overlap >= 0 && overlap < tile)) throw new RangeError(`planTiles: overlap must be in [0, tile), got ${overlap}`);
  const pw = roundUp16(width);
  const ph = roundUp16(height);
  const tw = evenTile(pw, tile, overlap);
  const th = evenTile(ph, tile, overlap);
  const xs = axisStarts(pw, tw, overlap);
  const ys = axisStarts(ph, th, overlap);
  const wx = xs.map((_, i) => rampWeights(xs, i, tw));
  const wy = ys.map((_, i) => rampWeights(ys, i, th));
  const tiles: Tile[] = [];
  const weights: Float32Array[] = [];
  ys.forEach((y0, j) => {
    xs.forEach((x0, i) => {
      tiles.push({ x0, y0, width: tw, height: th });
      const w = new Float32Array(tw * th);
      const rx = wx[i] as Float32Array;
      const ry = wy[j] as Float32Array;
      for (let y = 0; y < th; y++) for (let x = 0; x < tw; x++) w[y * tw + x] = (ry[y] as number) * (rx[x] as number);
      weights.push(w);
    });
  });
  return { width, height, paddedWidth: pw, paddedHeight: ph, tiles, weights };
}

/** Tile side along an axis of `len` px: the fewest tiles of at most `tile` px, shrunk to share the axis evenly (less overlap wasted). */
function evenTile(len: number, tile: number, overlap: number): number {
  if (len <= tile) return len;
  const n = Math.ceil((len - overlap) / (tile - overlap));
  return Math.min(tile, roundUp16(Math.ceil((len - overlap) / n) + overlap));
}

/** Tile origins along one padded axis of length `len` (a multiple of 16): a grid stride, the last tile flush with the end. */
function axisStarts(len: number, tile: number, overlap: number): number[] {
  if (len <= tile) return [0];
  const stride = Math.max(SIZE_MULTIPLE, Math.floor((tile - overlap) / SIZE_MULTIPLE) * SIZE_MULTIPLE);
  const out: number[] = [];
  for (let s = 0; s + tile < len; s += stride) out.push(s);
  out.push(len - tile);
  return out;
}

/** Weight of tile i along one axis: 1 inside, a linear ramp across the overlap with each neighbour. */
function rampWeights(starts: readonly number[], i: number, size: number): Float32Array {
  const w = new Float32Array(size).fill(1);
  const s = starts[i] as number;
  const prev = starts[i - 1];
  const next = starts[i + 1];
  if (prev !== undefined) {
    const len = prev + size - s;
    for (let x = 0; x < len; x++) w[x] = Math.min(w[x] as number, (x + 0.5) / len);
  }
  if (next !== undefined) {
    const len = s + size - next;
    for (let x = 0; x < len; x++) w[size - 1 - x] = Math.min(w[size - 1 - x] as number, (x + 0.5) / len);
  }
  return w;
}

/** Mirror index into [0, n) without repeating the edge sample (numpy's 'reflect'), for any i. */
export function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  const m = ((i % period) + period) % period;
  return m < n ? m : period - m;
}

/**
 * Copies the w×h window at (x0, y0) of a planar `channels`×height×width image into `dst` at
 * `offset` (planar, w·h per channel); pixels outside the image are mirrored in from inside it.
 */
export function copyReflected(src: Float32Array, width: number, height: number, channels: number, x0: number, y0: number, w: number, h: number, dst: Float32Array, offset: number): void {
  const cols = new Int32Array(w);
  for (let x = 0; x < w; x++) cols[x] = reflectIndex(x0 + x, width);
  const plane = width * height;
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < h; y++) {
      const row = c * plane + reflectIndex(y0 + y, height) * width;
      const out = offset + c * w * h + y * w;
      for (let x = 0; x < w; x++) dst[out + x] = src[row + (cols[x] as number)] as number;
    }
  }
}

/**
 * Bytes of activations a U-Net of `filters` first-block filters needs for one w×h frame: the
 * skip tensors of every level stay alive down to the bottleneck, and the widest level holds
 * a few more tensors of 2·filters channels (concat, conv in and out). A cost volume of
 * `costChannels` shifts adds about three full-resolution tensors of that many channels (the
 * shifted views, their differences, the box filter's output). An estimate for choosing tile
 * sizes, with margin, not a measurement.
 */
export function activationBytes(filters: number, w: number, h: number, costChannels = 0): number {
  return 4 * w * h * (12 * filters + 64 + 3 * costChannels);
}

/** The largest tile side (a multiple of 16, ≥ 64 px) whose activations fit in `budgetBytes`. */
export function tileForBudget(filters: number, budgetBytes: number, costChannels = 0): number {
  const side = Math.sqrt(budgetBytes / activationBytes(filters, 1, 1, costChannels));
  return Math.max(64, Math.floor(side / SIZE_MULTIPLE) * SIZE_MULTIPLE);
}

/** How frames are cut into tiles. */
export interface TileOptions {
  /** Activation memory allowed per network call, MiB (default 2048); bigger frames are tiled. */
  readonly memoryMb?: number;
  /** Force tiles of this side (px, a multiple of 16) instead of choosing from the memory budget. */
  readonly tile?: number;
  /** Overlap of neighbouring tiles, px (default 64). */
  readonly overlap?: number;
}

/** Default activation budget per network call, MiB. */
export const DEFAULT_DEBLUR_MEMORY_MB = 2048;
/** Default tile overlap, px. */
export const DEFAULT_TILE_OVERLAP = 64;

/** The tiles of a width×height frame (px) for network `spec`: the whole padded frame when its activations fit the budget, else budget-sized tiles. */
export function layoutFor(spec: NetworkSpec, width: number, height: number, options: TileOptions = {}): TileLayout {
  const overlap = options.overlap ?? DEFAULT_TILE_OVERLAP;
  const budget = (options.memoryMb ?? DEFAULT_DEBLUR_MEMORY_MB) * 1024 * 1024;
  const tile = options.tile ?? Math.max(roundUp16(width), roundUp16(height), 16);
  const maxSide = tileForBudget(firstBlockFilters(spec), budget, costVolumeChannels(spec.costVolume ?? 0));
  const fits = options.tile === undefined && tile <= maxSide * 1.0001;
  const side = options.tile ?? (fits ? tile : maxSide);
  return planTiles(width, height, side, Math.min(overlap, side - 16));
}
