// Decoded images kept in memory, least recently used evicted first, under a byte budget: a DPDD
// frame (left, right, target at 1680×1120×3 float32) is 68 MB, so the whole set never fits.
import { readPng, toRgb, type Image } from '../image/index.js';

/** Default memory budget of an ImageCache, bytes (1 GiB). */
export const DEFAULT_CACHE_BYTES = 1 << 30;

/** An LRU cache of PNGs decoded to RGB float images in [0,1], bounded by total Float32Array bytes. */
export class ImageCache {
  private readonly entries = new Map<string, Image>();
  private bytes = 0;
  /** Files decoded so far (cache misses), for logging the hit rate. */
  decodes = 0;

  /** `maxBytes`: budget in bytes; the most recent image is always kept even when it alone exceeds it. */
  constructor(readonly maxBytes: number = DEFAULT_CACHE_BYTES) {}

  /** The RGB float image of the PNG at `path` (grey files replicated to 3 channels), decoded on first use. */
  get(path: string): Image {
    const hit = this.entries.get(path);
    if (hit) {
      this.entries.delete(path);
      this.entries.set(path, hit);
      return hit;
    }
    const img = toRgb(readPng(path).image);
    this.decodes++;
    this.entries.set(path, img);
    this.bytes += img.data.byteLength;
    for (const [key, old] of this.entries) {
      if (this.bytes <= this.maxBytes || key === path) break;
      this.entries.delete(key);
      this.bytes -= old.data.byteLength;
    }
    return img;
  }

  /** Bytes currently held. */
  get size(): number {
    return this.bytes;
  }
}
