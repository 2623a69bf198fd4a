// NIQE's pristine model fitted one image at a time, so that a whole split's sharp targets never
// sit in memory together (DPDD's 76 test targets are 1.7 GB as float images).
import type { Image } from '../image/index.js';
import { NIQE_SHARPNESS_THRESHOLD, type NiqeModel } from './niqe.js';
import { NIQE_FEATURES, NIQE_PATCH, niqeLuminance, niqePatchFeatures } from './niqe-features.js';

/** Accumulates the patches fitNiqeModel would keep; `model()` gives the same model as fitNiqeModel(all images). */
export class NiqeFitter {
  private readonly rows: Float64Array[] = [];
  /** Images added that were big enough for at least one 96×96 patch. */
  images = 0;

  /** Adds one sharp image; returns false (and keeps nothing) when it is smaller than one 96×96 patch. */
  add(img: Image): boolean {
    if (img.width < NIQE_PATCH || img.height < NIQE_PATCH) return false;
    const f = niqePatchFeatures(niqeLuminance(img), img.width, img.height);
    let maxSharp = 0;
    for (let i = 0; i < f.count; i++) maxSharp = Math.max(maxSharp, f.sharpness[i]!);
    // Same rule as fitNiqeModel (Mittal et al. 2013, Sec. IV): the image's sharpest patches, defined features only.
    for (let i = 0; i < f.count; i++) {
      if (!(f.sharpness[i]! > NIQE_SHARPNESS_THRESHOLD * maxSharp)) continue;
      const row = f.features.subarray(i * NIQE_FEATURES, (i + 1) * NIQE_FEATURES);
      if (row.every(Number.isFinite)) this.rows.push(Float64Array.from(row));
    }
    this.images++;
    return true;
  }

  /** Patches kept so far. */
  get patches(): number {
    return this.rows.length;
  }

  /** The fitted model, or null with fewer than 2 usable patches. */
  model(): NiqeModel | null {
    const rows = this.rows;
    if (rows.length < 2) return null;
    const n = NIQE_FEATURES;
    const mean = new Float64Array(n);
    for (const r of rows) for (let j = 0; j < n; j++) mean[j] = mean[j]! + r[j]! / rows.length;
    const covariance: number[][] = [];
    for (let i = 0; i < n; i++) {
      const line: number[] = [];
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (const r of rows) s += (r[i]! - mean[i]!) * (r[j]! - mean[j]!);
        line.push(s / (rows.length - 1));
      }
      covariance.push(line);
    }
    return {
      kind: 'niqe-mvg', patchSize: NIQE_PATCH, sharpnessThreshold: NIQE_SHARPNESS_THRESHOLD,
      patches: rows.length, mean: Array.from(mean), covariance,
    };
  }
}
