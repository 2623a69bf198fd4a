// The package's public face: every stage's index, in layer order (see README "Layout").
export * from './image/index.js';
export * from './optics/index.js';
export * from './psf/index.js';
export * from './synth/index.js';
export * from './nn/index.js';
export * from './models/index.js';
export * from './train/index.js';
export * from './eval/index.js';
