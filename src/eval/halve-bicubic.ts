/** Keys' cubic convolution kernel with a = −0.5 (the kernel of MATLAB's 'bicubic'). */
function cubic(x: number): number {
  const t = Math.abs(x);
  if (t <= 1) return 1.5 * t * t * t - 2.5 * t * t + 1;
  if (t <= 2) return -0.5 * t * t * t + 2.5 * t * t - 4 * t + 2;
  return 0;
}

// Downscaling by 2 with antialiasing stretches the cubic kernel by 2 (width 8 input px) and
// scales it by ½: output o is centred on input 2o + 0.5, taps 2o−3 … 2o+4 at distances
// ±0.5, ±1.5, ±2.5, ±3.5. These 8 weights already sum to 1.
const TAPS = Array.from({ length: 8 }, (_, t) => cubic((3.5 - t) / 2) / 2);

/** Half-sample symmetric index (… b a | a b … y z | z y …) for any integer i. */
function mirror(i: number, n: number): number {
  const period = 2 * n;
  const m = ((i % period) + period) % period;
  return m < n ? m : period - 1 - m;
}

/**
 * Halves a row-major width×height plane (even sides) the way MATLAB's `imresize(im, 0.5)` does
 * by default (bicubic, antialiasing on, symmetric border extension), as NIQE's second scale
 * needs; rows first, then columns, in float64.
 */
export function halveBicubic(src: Float64Array, width: number, height: number): Float64Array {
  if (width % 2 !== 0 || height % 2 !== 0) throw new RangeError(`halveBicubic: sides must be even, got ${width}x${height}`);
  const ow = width / 2;
  const oh = height / 2;
  const rows = new Float64Array(ow * height);
  for (let y = 0; y < height; y++) {
    for (let o = 0; o < ow; o++) {
      let s = 0;
      for (let t = 0; t < 8; t++) s += (TAPS[t] as number) * (src[y * width + mirror(2 * o - 3 + t, width)] as number);
      rows[y * ow + o] = s;
    }
  }
  const out = new Float64Array(ow * oh);
  for (let o = 0; o < oh; o++) {
    for (let x = 0; x < ow; x++) {
      let s = 0;
      for (let t = 0; t < 8; t++) s += (TAPS[t] as number) * (rows[mirror(2 * o - 3 + t, height) * ow + x] as number);
      out[o * ow + x] = s;
    }
  }
  return out;
}
