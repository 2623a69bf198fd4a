// Public face of src/image (server side; browser.ts is the browser's), the ground floor: the float
// image type, file I/O (PNG of every colour type and depth, PFM, NPY), the sRGB curve,
// resampling, the input-error type, atomic writes and the seeded RNG.
export * from './types.js';
export * from './errors.js';
export * from './random.js';
export * from './srgb.js';
export * from './atomic-write.js';
export * from './read-file.js';
export * from './json-lines.js';
export * from './png.js';
export { DEFAULT_PNG_COMPRESSION, isPngCompression, type PngCompression } from './png-encode.js';
export * from './pfm.js';
export * from './npy.js';
export * from './resample.js';
