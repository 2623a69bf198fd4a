// One training sample's tensors: the network input of a frame (left RGB, right RGB and, for
// RDPD, the radial distance channel) and its sharp target, cut through a PatchWindow.
import { InputError, type Image, type Rng, ParameterError } from '../image/index.js';
import { copyWindow, flippedOrigin, type PatchWindow } from './augment.js';
import { writeRadial } from '../models/index.js';

/** Target channels per frame: the sharp image's RGB. */
export const TARGET_CHANNELS = 3;

/**
 * Draws a uniformly placed square window of side `size` px inside a width×height image, each
 * flip with probability ½ when `flips` is set. Throws when the image is smaller than the patch.
 */
export function drawWindow(rng: Rng, width: number, height: number, size: number, flips: boolean): PatchWindow {
  if (width < size || height < size) throw new RangeError(`drawWindow: ${size}px patch does not fit in ${width}x${height}`);
  const x0 = rng.int(width - size + 1);
  const y0 = rng.int(height - size + 1);
  // Both flip coins are drawn even when flips are off so that the crops do not depend on the flag.
  const fx = rng.uniform() < 0.5;
  const fy = rng.uniform() < 0.5;
  return { x0, y0, size, flipX: flips && fx, flipY: flips && fy };
}

/** The window of side `size` px at the centre of a width×height image (rounded down), unflipped. */
export function centreWindow(width: number, height: number, size: number): PatchWindow {
  return { x0: (width - size) >> 1, y0: (height - size) >> 1, size, flipX: false, flipY: false };
}

/**
 * Writes one frame's network input at `offset` of `dst`: channels 0–2 left RGB, 3–5 right RGB,
 * 6 the radial distance (when `radial`), each size² values, CHW. A horizontal flip swaps the
 * views (see augment.ts) and the radial channel describes the flipped image's patch position.
 */
export function writeFrameInput(left: Image, right: Image, win: PatchWindow, radial: boolean, dst: Float32Array, offset: number): void {
  const plane = win.size * win.size;
  const [first, second] = win.flipX ? [right, left] : [left, right];
  copyWindow(first, win, dst, offset);
  copyWindow(second, win, dst, offset + 3 * plane);
  if (radial) {
    const at = flippedOrigin(win, left.width, left.height);
    writeRadial(dst, offset + 6 * plane, left.width, left.height, at.x0, at.y0, win.size, win.size);
  }
}

/** Writes one frame's sharp target (3 × size² values, CHW) at `offset` of `dst`, flipped as the window says. */
export function writeFrameTarget(target: Image, win: PatchWindow, dst: Float32Array, offset: number): void {
  copyWindow(target, win, dst, offset);
}

/** Throws InputError naming `--patch` unless a size-px patch fits in every width×height given. */
export function checkPatchFits(size: number, frames: readonly { width: number; height: number; left: string }[]): void {
  for (const f of frames) {
    if (f.width < size || f.height < size) {
      const largest = Math.min(f.width, f.height) & ~15;
      const hint = largest >= 16 ? `use --patch ${largest} or less` : 'the image is smaller than the smallest patch (16 px); remove it from the dataset';
      throw new ParameterError('options.patch', `${size}px patches do not fit in ${f.left} (${f.width}x${f.height}); ${hint}`);
    }
  }
}
