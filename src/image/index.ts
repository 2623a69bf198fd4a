// Public face of src/image, the ground floor: the float image type, file I/O (PNG 8/16-bit, PFM,
// NPY), the sRGB curve, resampling, the input-error type, atomic writes and the seeded RNG.
export * from './types.js';
export * from './errors.js';
export * from './random.js';
export * from './srgb.js';
export * from './atomic-write.js';
export * from './folder-lock.js';
export * from './memory.js';
export * from './read-file.js';
export * from './json-lines.js';
export * from './png.js';
export * from './pfm.js';
export * from './npy.js';
export * from './resample.js';
