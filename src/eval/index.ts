// Public face of src/eval: full-reference metrics (PSNR, SSIM, MAE), NIQE, deconvolution baselines.
export { mse, psnr } from './psnr.js';
export { mae } from './mae.js';
export { ssim, type SsimOptions } from './ssim.js';
export { compareImages, type ImageScores } from './compare.js';
