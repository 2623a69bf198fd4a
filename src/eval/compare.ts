import type { Image } from '../image/index.js';
import { mae } from './mae.js';
import { psnr } from './psnr.js';
import { ssim, type SsimOptions } from './ssim.js';

/** Full-reference scores of one prediction against its ground truth. */
export interface ImageScores {
  /** dB; +Infinity for identical images. */
  psnr: number;
  /** Mean SSIM, dimensionless, ≤ 1. */
  ssim: number;
  /** Mean absolute error, value units. */
  mae: number;
}

/** PSNR (dB), SSIM and MAE (value units) of `pred` against `gt`, with one data range (default 1) for all three. */
export function compareImages(pred: Image, gt: Image, options: SsimOptions = {}): ImageScores {
  const dataRange = options.dataRange ?? 1;
  return { psnr: psnr(pred, gt, dataRange), ssim: ssim(pred, gt, { ...options, dataRange }), mae: mae(pred, gt) };
}
