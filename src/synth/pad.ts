// Reflection padding, so that blurring near a border sees scene content instead of black.

/** Index into [0, n) of position i reflected about the edges without repeating them (…c b | a b c … | … b a b). */
export function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  let m = i % period;
  if (m < 0) m += period;
  return m < n ? m : period - m;
}

/**
 * Pads `planes` consecutive w×h planes of `src` by `pad` px on every side by reflection;
 * returns the (w + 2·pad)×(h + 2·pad) planes in one array (`out` when given, e.g. shared memory).
 */
export function padReflect(src: Float32Array, w: number, h: number, planes: number, pad: number, out?: Float32Array): Float32Array {
  const pw = w + 2 * pad;
  const ph = h + 2 * pad;
  out ??= new Float32Array(pw * ph * planes);
  if (out.length !== pw * ph * planes) throw new RangeError(`padReflect: output holds ${out.length} values, expected ${pw * ph * planes}`);
  const xs = new Int32Array(pw);
  for (let x = 0; x < pw; x++) xs[x] = reflectIndex(x - pad, w);
  for (let c = 0; c < planes; c++) {
    const s0 = c * w * h;
    const d0 = c * pw * ph;
    for (let y = 0; y < ph; y++) {
      const srow = s0 + reflectIndex(y - pad, h) * w;
      const drow = d0 + y * pw;
      for (let x = 0; x < pw; x++) out[drow + x] = src[srow + xs[x]!]!;
    }
  }
  return out;
}
