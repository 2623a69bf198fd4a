// The package's public face: what a library user calls, grouped as in the README's "From
// TypeScript" section. Everything else stays reachable through each stage's own index.ts (for
// example `dualpix/dist/src/nn/index.js` for the graph builder), but is not promised here.

// ---- File I/O and the image type -----------------------------------------------------------
export { createImage, imageFrom, cloneImage, type Image, type FloatMap, type ColorSpace } from './image/index.js';
export { readPng, writePng, decodePngImage, encodePngImage, pngSize, type DecodedPngImage, type PixelSize } from './image/index.js';
export { readPfm, writePfm, decodePfm, encodePfm, readNpy, writeNpy, decodeNpy, encodeNpy } from './image/index.js';
export { toLinear, toSrgb, toRgb, crop, resize, InputError, Rng } from './image/index.js';

// ---- Optics: thin lens (Eq. 1), cameras, distortion (Eq. 5), noise ----------------------------
export { cameraPreset, CAMERA_PRESETS, thinLensCamera, cocRadiusPx, cocMap, distortImage, addNoise, type Camera, type ThinLens, type NoiseModel } from './optics/index.js';

// ---- PSFs (Eq. 2–4) -------------------------------------------------------------------------
export { dpKernel, combinedKernel, PsfBank, DEFAULT_PSF, renderPsfTriple, psfToJson } from './psf/index.js';
export type { ButterworthParams, PsfModel, PsfOrientation, DpKernel, DpKernelOptions, PsfBankOptions, PsfJson } from './psf/index.js';

// ---- Synthesis: frames, datasets, scenes ------------------------------------------------------
export { synthesizeFrame, renderDpViews, writeSample, encodeSample, readDepth, exampleScene, proceduralScene, renderContactSheet } from './synth/index.js';
export type { SynthScene, SynthSettings, SynthFrame, SynthMeta, BlurSpace, RenderOptions, DpViews, DepthFormat, DepthReadOptions, ProceduralOptions } from './synth/index.js';
export { generateDataset, mergeManifests, readManifest, type DatasetOptions, type DatasetSummary } from './synth/index.js';
export { openDataset, type DatasetSplit, type FrameFiles, type PairRecord, type SequenceRecord, type Split } from './data/index.js';

// ---- Models: RDPD and DPDNet graphs, weight files, Keras import -------------------------------
export { modelConfig, buildInferenceGraph, buildTrainGraph, buildInferenceNetwork, parameterCount, importKeras } from './models/index.js';
export { readWeights, writeWeights, type ModelConfig, type ModelKind, type NetworkSpec, type LoadedWeights, type InferenceNetwork } from './models/index.js';
export { InferenceRunner, exportOnnx, type HostTensor, type ParamStore } from './nn/index.js';

// ---- Training -------------------------------------------------------------------------------
export { trainModel, resolveConfig, type TrainConfig, type TrainOptions, type TrainSummary, type TrainProgress } from './train/index.js';

// ---- Deblurring -----------------------------------------------------------------------------
export { Deblurrer, FrameSequence, loadModelWeights, defaultModelPath, exportInferenceOnnx, type DeblurOptions, type ExportFrames, type OnnxExport } from './deblur/index.js';

// ---- Metrics and evaluation -------------------------------------------------------------------
export { psnr, ssim, mae, compareImages, niqe, fitNiqeModel, richardsonLucy, wienerDeconvolve, type SsimOptions, type ImageScores, type NiqeModel } from './eval/index.js';
export { evaluate, modelMethod, baselineMethod, writeEvalReport, type EvaluateOptions, type EvalMethod, type EvalResult, type BaselineName } from './eval/index.js';
