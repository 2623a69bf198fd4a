// Public face of src/image (server side; browser.ts is the browser's), the ground floor: the float
// image type, file I/O (PNG of every colour type and depth, PFM, NPY, PNG header size), the sRGB
// curve, resampling, the input-error type, atomic writes, the seeded RNG, and raster drawing
// (rectangles, lines, a bitmap font) for plots.
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
export { DEFAULT_PNG_COMPRESSION, isPngCompression, type PngCompression } from './png-encode.js';
export * from './pfm.js';
export * from './npy.js';
export * from './resample.js';
export * from './png-size.js';
export * from './raster.js';
export * from './bitmap-font.js';
export * from './worker-thread.js';
