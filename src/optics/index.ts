// Public face of src/optics: thin lens (Eq. 1), camera presets, radial distortion (Eq. 5), noise.
export type { ThinLens } from './thin-lens.js';
export { thinLensCocPx, thinLensGainPx, paperSetGainPx } from './thin-lens.js';
export type { Camera } from './camera.js';
export { thinLensCamera, cocRadiusPx, cocMap } from './camera.js';
export { CAMERA_PRESETS, cameraPreset } from './presets.js';
export { distortPoint, undistortPoint, distortImage, distortMap, distortionUnitPx } from './distortion.js';
export type { NoiseModel } from './noise.js';
export { addNoise } from './noise.js';
