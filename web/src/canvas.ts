// Float images (planar CHW, [0,1]) on canvases, and small DOM lookups that fail loudly when the
// page and the script disagree.
import type { Image } from '../../src/image/index.js';

/** The element with `id`, checked to be of the expected class. */
export function byId<T extends HTMLElement>(id: string, kind: new () => T): T {
  const el = document.getElementById(id);
  if (!(el instanceof kind)) throw new Error(`page: #${id} is missing or not a ${kind.name}`);
  return el;
}

/** RGBA bytes of an image: 1 channel as grey, 3 as RGB; values clamped to [0,1] and rounded to 8 bits. */
export function toRgba(img: Image): Uint8ClampedArray<ArrayBuffer> {
  const n = img.width * img.height;
  const out = new Uint8ClampedArray(new ArrayBuffer(4 * n));
  const c = img.channels;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) out[4 * i + k] = Math.round(255 * (img.data[(c === 1 ? 0 : k) * n + i] as number));
    out[4 * i + 3] = 255;
  }
  return out;
}

/** Draws `img` onto `canvas` at its own size (px). */
export function drawImage(canvas: HTMLCanvasElement, img: Image): void {
  canvas.width = img.width;
  canvas.height = img.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('page: no 2D canvas context');
  ctx.putImageData(new ImageData(toRgba(img), img.width, img.height), 0, 0);
}
