// Public face of src/synth/dataset: `dualpix dataset` (generateDataset), shard merging, and the
// readers of what it writes (plan, manifest, layouts). Folder layouts and units: README.md here.
export type { DatasetOptions } from './options.js';
export { DEFAULT_PROCEDURAL_FRAMES, DEFAULT_PROCEDURAL_SIZE } from './options.js';
export type { DatasetSummary, ProgressCallback } from './generate.js';
export { generateDataset, renderMemoryBytes } from './generate.js';
export type { MergeReport, Shard } from './shards.js';
export { mergeManifests, parseShard, IncompleteDatasetError } from './shards.js';
export type { DatasetLayout, SamplePaths } from './layouts.js';
export { DATASET_LAYOUTS, parseLayout, samplePaths, sequenceName, frameName } from './layouts.js';
export type { SplitName, SplitRatios } from './splits.js';
export { SPLIT_NAMES, DEFAULT_SPLIT, parseSplit, splitCounts, assignSplits } from './splits.js';
export type { SourceSpec, SceneSequence, FileFrame, SourceDepthFormat } from './sources.js';
export { parseSource, discoverSequences, SYNTHIA_FOLDERS } from './sources.js';
export type { SequenceParams } from './params.js';
export {
  drawSequenceParams,
  PAPER_CAMERAS,
  PAPER_ORDERS,
  PAPER_ALPHAS,
  PAPER_BETAS,
  PAPER_KAPPA,
  PAPER_SIGMAS,
  PAPER_NOISE_SCALE,
  PAPER_DISTORTION,
} from './params.js';
export type { ManifestRecord, SampleSource } from './manifest.js';
export { readManifest, manifestName } from './manifest.js';
export type { DatasetPlan, DatasetConfig, PlannedSequence } from './plan.js';
export { readPlan, PLAN_FILE } from './plan.js';
