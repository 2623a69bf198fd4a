// 2-D normalized cross-correlation between kernels: the paper's PSF similarity measure (Fig. 5).

/**
 * Normalized cross-correlation of two centred square kernels (row-major, sides aSize and bSize px):
 * ncc(t) = Σ_p a(p)·b(p + t) / (‖a‖·‖b‖) over integer shifts t with zero outside each kernel.
 * No mean is subtracted: kernels are zero outside their support and a mean would depend on how
 * much empty margin each grid carries. For non-negative kernels it lies in [0, 1] and is 1 only
 * for kernels equal up to scale and shift. Returns the peak over shifts with |t_x|, |t_y| ≤
 * `maxShift` px (default: every overlapping shift) and the value at zero shift (centres aligned).
 */
export function ncc2d(
  a: Float32Array,
  aSize: number,
  b: Float32Array,
  bSize: number,
  maxShift = Infinity,
): { peak: number; zeroShift: number } {
  if (a.length !== aSize * aSize || b.length !== bSize * bSize || aSize % 2 === 0 || bSize % 2 === 0) {
    throw new RangeError(`ncc2d: expected odd square kernels, got ${a.length} values for side ${aSize} and ${b.length} for ${bSize}`);
  }
  const norm = Math.sqrt(sumSq(a) * sumSq(b));
  if (norm === 0) return { peak: 0, zeroShift: 0 };
  const ca = (aSize - 1) / 2;
  const cb = (bSize - 1) / 2;
  const reach = Math.min(maxShift, ca + cb);
  let peak = -Infinity;
  let zeroShift = 0;
  for (let ty = -reach; ty <= reach; ty++) {
    for (let tx = -reach; tx <= reach; tx++) {
      // a's pixel (x, y) at offset (x − ca, y − ca) meets b's pixel at offset + t.
      let acc = 0;
      const y0 = Math.max(0, ca - cb - ty);
      const y1 = Math.min(aSize - 1, bSize - 1 + ca - cb - ty);
      const x0 = Math.max(0, ca - cb - tx);
      const x1 = Math.min(aSize - 1, bSize - 1 + ca - cb - tx);
      for (let y = y0; y <= y1; y++) {
        const ra = y * aSize;
        const rb = (y - ca + cb + ty) * bSize - ca + cb + tx;
        for (let x = x0; x <= x1; x++) acc += a[ra + x]! * b[rb + x]!;
      }
      const v = acc / norm;
      if (v > peak) peak = v;
      if (tx === 0 && ty === 0) zeroShift = v;
    }
  }
  return { peak, zeroShift };
}

function sumSq(k: Float32Array): number {
  let s = 0;
  for (let i = 0; i < k.length; i++) s += k[i]! * k[i]!;
  return s;
}
