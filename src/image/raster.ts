// Minimal raster drawing into a planar RGB float image, enough for plots: no dependency on a
// canvas library, and the output is byte-identical on every machine.
import type { Image } from './types.js';

/** An sRGB colour, each component in [0,1]. */
export type Rgb = readonly [number, number, number];

/** Sets pixel (x, y) (integer px) to `rgb`; pixels outside the image are ignored. */
export function setPixel(img: Image, x: number, y: number, rgb: Rgb): void {
  if (x < 0 || y < 0 || x >= img.width || y >= img.height) return;
  const plane = img.width * img.height;
  const i = y * img.width + x;
  img.data[i] = rgb[0];
  img.data[plane + i] = rgb[1];
  img.data[2 * plane + i] = rgb[2];
}

/** Fills the rectangle [x, x+w) × [y, y+h) (px, clipped to the image) with `rgb`. */
export function fillRect(img: Image, x: number, y: number, w: number, h: number, rgb: Rgb): void {
  const x0 = Math.max(0, Math.round(x));
  const y0 = Math.max(0, Math.round(y));
  const x1 = Math.min(img.width, Math.round(x + w));
  const y1 = Math.min(img.height, Math.round(y + h));
  const plane = img.width * img.height;
  for (let c = 0; c < 3; c++) {
    const v = rgb[c]!;
    for (let yy = y0; yy < y1; yy++) img.data.fill(v, c * plane + yy * img.width + x0, c * plane + yy * img.width + x1);
  }
}

/**
 * Draws a segment from (x0, y0) to (x1, y1) (px, sub-pixel allowed) `thickness` px wide, by
 * stamping squares every half pixel along it: simple, gap-free at any slope.
 */
export function drawLine(img: Image, x0: number, y0: number, x1: number, y1: number, rgb: Rgb, thickness = 1): void {
  const steps = Math.max(1, Math.ceil(2 * Math.hypot(x1 - x0, y1 - y0)));
  const half = (thickness - 1) / 2;
  for (let s = 0; s <= steps; s++) {
    const t = s / steps;
    const cx = x0 + (x1 - x0) * t;
    const cy = y0 + (y1 - y0) * t;
    for (let dy = Math.round(cy - half); dy <= Math.round(cy + half); dy++) {
      for (let dx = Math.round(cx - half); dx <= Math.round(cx + half); dx++) setPixel(img, dx, dy, rgb);
    }
  }
}
