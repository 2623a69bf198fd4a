// Sensor noise, the last step of DP synthesis (paper Sec. 2.3): drawn independently for each view.
import { type Image, type Rng, ParameterError } from '../image/index.js';

/**
 * - `gaussian`: the paper's signal-dependent Gaussian, I + I∘N with N ~ N(0, σ²): the standard
 *   deviation at intensity I is σ·I (paper: σ ∈ {0.05, 0.055, …, 0.5}).
 * - `poisson-gaussian`: shot + read noise, Poisson(I·fullWell)/fullWell + N(0, readSigma²):
 *   `fullWell` is the photo-electron count of intensity 1, `readSigma` the read noise in
 *   intensity units, so the variance at I is I/fullWell + readSigma².
 */
export type NoiseModel =
  | { readonly kind: 'gaussian'; readonly sigma: number }
  | { readonly kind: 'poisson-gaussian'; readonly fullWell: number; readonly readSigma: number };

/**
 * Returns a noisy copy of `img` (values as given, not clamped: writers clamp when encoding).
 * Draws continue `rng`'s stream, so noising the left view and then the right view with the same
 * generator gives them independent noise, as the paper prescribes; the same seed repeats it exactly.
 */
export function addNoise(img: Image, model: NoiseModel, rng: Rng): Image {
  const src = img.data;
  const out = new Float32Array(src.length);
  if (model.kind === 'gaussian') {
    if (!(Number.isFinite(model.sigma) && model.sigma >= 0)) {
      throw new ParameterError('model.sigma', `expected a noise sigma >= 0, got ${model.sigma}`);
    }
    for (let i = 0; i < src.length; i++) out[i] = src[i]! + src[i]! * model.sigma * rng.normal();
  } else {
    const { fullWell, readSigma } = model;
    if (!(Number.isFinite(fullWell) && fullWell > 0 && Number.isFinite(readSigma) && readSigma >= 0)) {
      throw new ParameterError('model.fullWell', `expected fullWell > 0 and readSigma >= 0, got ${fullWell} and ${readSigma}`);
    }
    for (let i = 0; i < src.length; i++) {
      const v = src[i]!;
      out[i] = rng.poisson(v > 0 ? v * fullWell : 0) / fullWell + readSigma * rng.normal();
    }
  }
  return { width: img.width, height: img.height, channels: img.channels, space: img.space, data: out };
}
