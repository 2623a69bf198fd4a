// Flips that keep dual-pixel geometry valid. DP disparity is horizontal: mirroring a scene left
// to right turns what the left photodiodes saw into what the right ones would have seen, so a
// horizontal flip must mirror both views AND exchange them, or the network would be shown
// disparities of the wrong sign for the defocus it sees. A vertical flip leaves left and right as they are.
import type { Image } from '../image/index.js';

/** A square crop window of a frame and the flips applied to it; x0, y0 (px) are in the unflipped image. */
export interface PatchWindow {
  readonly x0: number;
  readonly y0: number;
  /** Side of the square patch, px. */
  readonly size: number;
  /** Mirror left↔right (and swap the L/R views). */
  readonly flipX: boolean;
  /** Mirror top↔bottom (views kept). */
  readonly flipY: boolean;
}

/**
 * Where the window's top-left corner lands (px) in the image after its flips are applied to the
 * whole image: the position that the radial channel must describe.
 */
export function flippedOrigin(win: PatchWindow, fullW: number, fullH: number): { x0: number; y0: number } {
  return {
    x0: win.flipX ? fullW - win.x0 - win.size : win.x0,
    y0: win.flipY ? fullH - win.y0 - win.size : win.y0,
  };
}

/**
 * Copies the window out of every channel of `src` into `dst` from `offset` (planar, size² values
 * per channel), mirrored as the window says. Equal to cropping the flipped image at flippedOrigin.
 */
export function copyWindow(src: Image, win: PatchWindow, dst: Float32Array, offset: number): void {
  const { width, height, channels, data } = src;
  const p = win.size;
  if (win.x0 < 0 || win.y0 < 0 || win.x0 + p > width || win.y0 + p > height) {
    throw new RangeError(`copyWindow: ${p}x${p}+${win.x0}+${win.y0} does not fit in ${width}x${height}`);
  }
  const plane = width * height;
  for (let c = 0; c < channels; c++) {
    const srcPlane = c * plane;
    const dstPlane = offset + c * p * p;
    for (let y = 0; y < p; y++) {
      const sy = win.flipY ? win.y0 + p - 1 - y : win.y0 + y;
      const srcRow = srcPlane + sy * width + win.x0;
      const dstRow = dstPlane + y * p;
      if (win.flipX) {
        for (let x = 0, sx = srcRow + p - 1; x < p; x++, sx--) dst[dstRow + x] = data[sx]!;
      } else {
        dst.set(data.subarray(srcRow, srcRow + p), dstRow);
      }
    }
  }
}
