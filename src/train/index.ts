// Public face of src/train: network input tensors, patch sampling and augmentation, mini-batch
// schedules, learning-rate schedule, training config, log and loss plot, the training loop and
// its checkpoints. Reading datasets is src/data; running a trained network is src/deblur.
export * from './image-cache.js';
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
export * from './loss-plot.js';
export * from './step-set.js';
export * from './checkpoint.js';
export * from './network.js';
export * from './validate.js';
export * from './loop.js';
export * from './init-weights.js';
