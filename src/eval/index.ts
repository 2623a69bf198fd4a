// Public face of src/eval: full-reference metrics (PSNR, SSIM, MAE), NIQE, deconvolution baselines.
export { mse, psnr } from './psnr.js';
export { mae } from './mae.js';
export { ssim, type SsimOptions } from './ssim.js';
export { compareImages, type ImageScores } from './compare.js';
export { fft1d, fft2d, isPowerOfTwo, nextPowerOfTwo } from './fft.js';
export {
  richardsonLucy, wienerDeconvolve,
  type DeconvolutionMethod, type Kernel, type RichardsonLucyOptions, type WienerOptions,
} from './deconvolution.js';
export { deconvolveByDepth, type KernelFor, type LayeredDeconvolutionOptions } from './deconvolution-layered.js';
export { fitNiqeModel, niqe, NIQE_SHARPNESS_THRESHOLD, type NiqeModel } from './niqe.js';
export { niqeLuminance, NIQE_PATCH, NIQE_FEATURES } from './niqe-features.js';
export { fitAggd, aggdMean, type AggdParameters } from './aggd.js';
