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
  const h = (size - 1) / 2;
  const reach = radius + 0.5 / SUB;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let acc = 0;
      for (let j = 0; j < SUB; j++) {
        const dy = y - h + (j + 0.5) / SUB - 0.5;
        for (let i = 0; i < SUB; i++) {
          const dx = x - h + (i + 0.5) / SUB - 0.5;
          const rho = Math.sqrt(dx * dx + dy * dy);
          if (rho >= reach) continue;
          const c = (radius - rho) * SUB + 0.5;
          acc += (c >= 1 ? 1 : c) * (profile === undefined ? 1 : profile(rho));
        }
      }
      out[y * size + x] = acc / (SUB * SUB);
    }
  }
}
