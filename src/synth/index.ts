// Public face of src/synth: the layered DP renderer, single-frame synthesis and its files, depth
// readers, procedural scenes and the preview sheet.
export { MAX_LAYERS, DEFAULT_LAYER_STEP, buildLayers } from './layers.js';
export type { LayerSet } from './layers.js';
export type { KernelProvider } from './taps.js';
export { DEFAULT_DETAIL_RADIUS, renderDpViews } from './render.js';
export type { RenderOptions, DpViews } from './render.js';
export { synthesizeFrame, validateScene } from './frame.js';
export type { SynthScene, SynthSettings, SynthFrame, SynthMeta, BlurSpace } from './frame.js';
export { SAMPLE_FILES, encodeSample, encodeSampleAsync, writeSample, writeSampleAsync } from './write-sample.js';
export type { SampleFileBytes } from './write-sample.js';
export { DEFAULT_PNG16_SCALE, readDepth, decodeSynthiaDepth } from './depth-readers.js';
export type { DepthFormat, DepthReadOptions } from './depth-readers.js';
export { PROCEDURAL_DEPTH_RANGE_M, EXAMPLE_SEED, proceduralScene, exampleScene } from './procedural.js';
export type { ProceduralOptions } from './procedural.js';
export { renderContactSheet, cocColours, viewDifference } from './contact-sheet.js';
export type { ContactSheetOptions } from './contact-sheet.js';
// Dataset generation (`dualpix dataset`), written and documented in ./dataset/README.md.
export * from './dataset/index.js';
