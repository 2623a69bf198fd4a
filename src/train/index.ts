// Public face of src/train: dataset readers, network input tensors, patch sampling and
// augmentation, mini-batch schedules, learning-rate schedule, training config, log and loss plot.
export * from './dataset-reader.js';
export * from './png-size.js';
export * from './image-cache.js';
export * from './radial.js';
export * from './augment.js';
export * from './patches.js';
export * from './sharpness.js';
export * from './tensors.js';
export * from './batches.js';
export * from './validation.js';
export * from './training-data.js';
export * from './schedule.js';
export * from './config.js';
export * from './train-log.js';
export * from './raster.js';
export * from './bitmap-font.js';
export * from './loss-plot.js';

// ---- training loop, checkpoints and deblurring (issue #6) ---------------------------------
export * from './step-set.js';
export * from './checkpoint.js';
export * from './feed-shapes.js';
export * from './network.js';
export * from './validate.js';
export * from './loop.js';
export * from './tiling.js';
export * from './inference.js';
export * from './model-file.js';
