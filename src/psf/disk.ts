// The anti-aliased disk C of Eq. 3 on a square kernel grid, optionally weighted by a radial profile.

/** Sub-samples per pixel side: fine enough that a donut a pixel wide still integrates smoothly. */
const SUB = 4;

/**
 * Fills `out` (size×size, row-major, centred) with ∫ C·P over each pixel, / pixel area: C the disk
 * of radius `radius` px, P a radial profile of the distance ρ (px) from the centre (default 1).
 * Each pixel is averaged over SUB×SUB sub-samples, each anti-aliased across the edge with a linear
 * ramp one sub-sample wide, so area and moments vary continuously with a sub-pixel radius and a
 * profile that changes within a pixel (a donut of r < 2 px) is integrated, not point-sampled:
 * at r = ½ the whole disk falls in the centre pixel and the kernel is exactly a delta.
 */
export function fillDisk(out: Float64Array, size: number, radius: number, profile?: (rho: number) => number): void {
  if (size % 2 !== 1) throw new RangeError(`fillDisk: the grid must have an odd side (a centre pixel), got ${size}`);
  const h = (size - 1) / 2;
  const reach = radius + 0.5 / SUB;
  out.fill(0);
  // C·P depends on ρ alone and the sub-sample grid is symmetric about each pixel centre, so one
  // octant (0 ≤ Y ≤ X) is computed and written to its eight mirror images: 8× less work, and the
  // kernel is exactly symmetric.
  for (let Y = 0; Y <= h; Y++) {
    for (let X = Y; X <= h; X++) {
      // The pixel's nearest sub-sample is (X − ⅜, Y − ⅜) away (or its centre row/column): nothing reaches past the disk.
      const nx = Math.max(0, X - 0.5);
      const ny = Math.max(0, Y - 0.5);
      if (nx * nx + ny * ny >= reach * reach) break;
      let acc = 0;
      for (let j = 0; j < SUB; j++) {
        const dy = Y + (j + 0.5) / SUB - 0.5;
        for (let i = 0; i < SUB; i++) {
          const dx = X + (i + 0.5) / SUB - 0.5;
          const rho = Math.sqrt(dx * dx + dy * dy);
          if (rho >= reach) continue;
          const c = (radius - rho) * SUB + 0.5;
          acc += (c >= 1 ? 1 : c) * (profile === undefined ? 1 : profile(rho));
        }
      }
      const v = acc / (SUB * SUB);
      put4(out, size, h, X, Y, v);
      put4(out, size, h, Y, X, v);
    }
  }
}

/** Writes v at the four pixels (±x, ±y) px from the centre h of a size×size grid. */
function put4(out: Float64Array, size: number, h: number, x: number, y: number, v: number): void {
  out[(h + y) * size + h + x] = v;
  out[(h + y) * size + h - x] = v;
  out[(h - y) * size + h + x] = v;
  out[(h - y) * size + h - x] = v;
}
