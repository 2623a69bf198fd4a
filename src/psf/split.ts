// Eq. 4: splitting a combined PSF H into the left view H_l = H ∘ M with a horizontal ramp M.

/**
 * Returns H_l = H ∘ M (Eq. 4) for the reference orientation at r > 0: M(x) = clamp(½ − x/(2L), 0, 1),
 * x the column offset from the centre (px), so the left view's mass sits on the left half.
 * Because M(x) + M(−x) = 1 and H is symmetric about the vertical axis, H_l + mirror(H_l) = H
 * and ΣH_l = ½·ΣH exactly; the clamp is the constraint H_l ≥ 0 beyond the ramp's reach L (px).
 */
export function rampSplit(h: Float64Array, size: number, halfLength: number): Float64Array {
  const left = new Float64Array(size * size);
  const c = (size - 1) / 2;
  for (let x = 0; x < size; x++) {
    const m = 0.5 - (x - c) / (2 * halfLength);
    const mx = m <= 0 ? 0 : m >= 1 ? 1 : m;
    for (let y = 0; y < size; y++) left[y * size + x] = h[y * size + x]! * mx;
  }
  return left;
}
