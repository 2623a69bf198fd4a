// Public face of src/eval: full-reference metrics (PSNR, SSIM, MAE), NIQE, deconvolution baselines.
export { mse, psnr } from './psnr.js';
export { mae } from './mae.js';
export { ssim, ssimWindowSize, type SsimOptions } from './ssim.js';
export { compareImages, type ImageScores } from './compare.js';
export { fft1d, fft2d, isPowerOfTwo, nextPowerOfTwo } from './fft.js';
export {
  richardsonLucy, wienerDeconvolve,
  type DeconvolutionMethod, type Kernel, type RichardsonLucyOptions, type WienerOptions,
} from './deconvolution.js';
export { deconvolveByDepth, type KernelFor, type LayeredDeconvolutionOptions } from './deconvolution-layered.js';
export { MultiWiener, type BlurredView, type WienerPrior } from './wiener-multi.js';
export { wienerByDepth, type ViewKernelsFor, type WienerByDepthOptions } from './wiener-by-depth.js';
export { estimateNoiseVariance, relativeNoiseVariance, srgbToLinearSlope } from './noise-variance.js';
export { fitNiqeModel, niqe, NIQE_SHARPNESS_THRESHOLD, type NiqeModel } from './niqe.js';
export { niqeLuminance, NIQE_PATCH, NIQE_FEATURES } from './niqe-features.js';
export { fitAggd, aggdMean, type AggdParameters } from './aggd.js';
// Evaluation runner and reports (metrics.json, report.md, report.html).
export type {
  AverageScore, CropSet, DpFrame, EvalMethod, EvalMetrics, EvalResult, EvalSettings, FrameResult, FrameScore,
  FrameStream, MethodSummary, SubsetAverages,
} from './eval-types.js';
export { evaluate, DEFAULT_CROP_COUNT, DEFAULT_CROP_SIZE, type EvaluateOptions } from './runner.js';
export { BASELINES, DEFAULT_BASELINE_OPTIONS, WIENER_ANCHOR_RAMP, WIENER_GRADIENT_VARIANCE, WIENER_MODEL_ERROR, baselineMethod, parseBaselines, type BaselineName, type BaselineOptions } from './baselines.js';
export { modelMethod, type SequenceModel } from './model-method.js';
export { readSubsetSpec, inSubset, ALL_SUBSET, type Subset } from './subsets.js';
export { averageScores } from './averages.js';
export { NiqeFitter } from './niqe-fitter.js';
export { cropWindow, type Window } from './crop-window.js';
export { encodeMetrics, decodeMetrics, writeMetricsJson, readMetricsJson } from './metrics-json.js';
export { METRICS, combinedTable, subsetTable, formatTextTable, columnHeader, subsetLabel, type Metric, type ScoreTable, type TableCell, type TableColumn } from './report-table.js';
export { renderMarkdownReport, markdownTable } from './report-md.js';
export { renderHtmlReport, htmlTable, bestMethod, pngDataUri } from './report-html.js';
export { writeEvalReport, type ReportFiles } from './write-report.js';
