/**
 * Public face of src/deblur: inference with a trained network, shared by the CLI, evaluation
 * and the browser app. Model files (the shipped default, dualpix .safetensors weights and
 * checkpoints, reference Keras .hdf5), frames of any size through the same overlapping tiles,
 * sequences with the recurrent state carried per tile.
 *
 * ```ts
 * const model = await Deblurrer.create(await loadModelWeights('default'));
 * const sharp = await model.deblur(left, right);          // Images, sRGB [0,1], same size
 * const seq = model.sequence();                           // state carried frame to frame
 * for (const [l, r] of frames) out.push(await seq.next(l, r));
 * await model.release();
 * ```
 */
export { Deblurrer, type DeblurOptions } from './deblurrer.js';
export { FrameSequence, type TileRunner } from './frame-sequence.js';
export {
  planTiles, layoutFor, roundUp16, reflectIndex, copyReflected, activationBytes, tileForBudget, DEFAULT_DEBLUR_MEMORY_MB, DEFAULT_TILE_OVERLAP,
  type Tile, type TileLayout, type TileOptions,
} from './tiling.js';
export { loadModelWeights, defaultModelPath, DEFAULT_MODEL_FILE } from './model-file.js';
export { exportInferenceOnnx, modelManifest, EXPORT_METADATA_PREFIX, type ExportFrames, type OnnxExport, type ModelManifest } from './export-onnx.js';
