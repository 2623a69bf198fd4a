// Public face of src/image: the float image type, I/O, colour curves, the error type and the seeded RNG.
export * from './types.js';
export * from './errors.js';
export * from './random.js';
