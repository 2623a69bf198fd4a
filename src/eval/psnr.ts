import type { Image } from '../image/index.js';
import { assertDataRange, assertSameShape } from './same-shape.js';

/** Mean squared error over every pixel and channel (value units squared). */
export function mse(pred: Image, gt: Image): number {
  assertSameShape(pred, gt, 'mse');
  const a = pred.data;
  const b = gt.data;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    sum += d * d;
  }
  return sum / a.length;
}

/**
 * Peak signal-to-noise ratio in dB: 10·log10(R² / MSE), MSE over all pixels and channels, R the
 * data range (default 1 for [0,1] images), as skimage's `peak_signal_noise_ratio`.
 * Identical images give +Infinity (MSE = 0); callers averaging PSNRs over a set must decide
 * what to do with it.
 */
export function psnr(pred: Image, gt: Image, dataRange = 1): number {
  assertDataRange(dataRange, 'psnr');
  const e = mse(pred, gt);
  return e === 0 ? Infinity : 10 * Math.log10((dataRange * dataRange) / e);
}
