// A cache of DP kernels keyed by quantized CoC radius, for one set of PSF parameters.
import { dpKernel, type DpKernel, type DpKernelOptions } from './kernel.js';
import { checkPsfParams, type ButterworthParams } from './params.js';

/** Options of a PsfBank: quantization step (px, default 0.25, the renderer's layer step), model, orientation. */
export interface PsfBankOptions extends DpKernelOptions {
  readonly step?: number;
}

/**
 * Kernels for one parameter set, built once per quantized radius: `get(r)` rounds r (px) to the
 * nearest multiple of `step` and returns the same DpKernel object for every r in that bin.
 */
export class PsfBank {
  readonly params: ButterworthParams;
  readonly step: number;
  private readonly opts: DpKernelOptions;
  private readonly cache = new Map<number, DpKernel>();

  constructor(params: ButterworthParams, opts: PsfBankOptions = {}) {
    checkPsfParams(params);
    const step = opts.step ?? 0.25;
    if (!(Number.isFinite(step) && step > 0)) throw new RangeError(`PsfBank: expected a positive step in px, got ${step}`);
    this.params = params;
    this.step = step;
    this.opts = { model: opts.model, orientation: opts.orientation };
  }

  /** Bin index of a radius (px): round(r/step). Layers of a renderer can key on it. */
  index(radius: number): number {
    return Math.round(radius / this.step);
  }

  /** The kernel pair for signed radius `radius` px, quantized to the bank's step; cached and shared (the ±r kernels share arrays): never modify it. */
  get(radius: number): DpKernel {
    const i = this.index(radius);
    let k = this.cache.get(i);
    if (k === undefined) {
      // dpKernel(−r) is dpKernel(r) with the views swapped (the sign of r only picks which view
      // gets which half): serve it from the other sign's arrays instead of building it again.
      const other = this.cache.get(-i);
      k = other === undefined ? dpKernel(i * this.step, this.params, this.opts) : { radius: i * this.step, size: other.size, left: other.right, right: other.left };
      this.cache.set(i, k);
    }
    return k;
  }

  /** Number of distinct kernels built so far. */
  get size(): number {
    return this.cache.size;
  }
}
