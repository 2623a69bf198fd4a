// Public face of src/psf: DP PSF models (Butterworth, Eq. 2–4; translating-disk baseline), the
// kernel bank, kernel similarity (NCC) and kernel pictures.
export type { ButterworthParams, PsfModel, PsfOrientation } from './params.js';
export { DEFAULT_PSF, DELTA_RADIUS_PX, MAX_RADIUS_PX, checkPsfParams } from './params.js';
export type { DpKernel, DpKernelOptions } from './kernel.js';
export { dpKernel, mirrorX } from './kernel.js';
export { butterworth, butterworthCombined } from './butterworth.js';
export type { PsfBankOptions } from './bank.js';
export { PsfBank } from './bank.js';
export { ncc2d } from './ncc.js';
export type { PsfJson, PsfPictureOptions } from './render-kernel.js';
export { renderPsfTriple, psfToJson, combinedKernel, centroid } from './render-kernel.js';
