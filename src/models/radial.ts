// The radial distance channel of RDPD (paper, Sec. 4, "Radial distance patch"): PSFs vary with
// the distance from the optical centre, and a patch alone does not know where it was cut from.

/**
 * Writes the relative radial distance of each pixel of the w×h window at (x0, y0) of a
 * fullW×fullH image into `dst` from `offset`, row-major: 0 at the image centre, 1 at the corner
 * pixels' centres (unitless, distance / centre-to-corner distance). Pixel (x, y) sits at its
 * centre, so the map is exactly symmetric under both mirrors.
 */
export function writeRadial(dst: Float32Array, offset: number, fullW: number, fullH: number, x0: number, y0: number, w: number, h: number): void {
  const cx = (fullW - 1) / 2;
  const cy = (fullH - 1) / 2;
  const rmax = Math.hypot(cx, cy);
  const inv = rmax > 0 ? 1 / rmax : 0;
  for (let y = 0; y < h; y++) {
    const dy = y0 + y - cy;
    const dy2 = dy * dy;
    const row = offset + y * w;
    for (let x = 0; x < w; x++) {
      const dx = x0 + x - cx;
      dst[row + x] = Math.sqrt(dx * dx + dy2) * inv;
    }
  }
}

/** The relative radial distance map (0 centre, 1 corners; unitless) of a w×h window at (x0, y0) px of a fullW×fullH image. */
export function radialChannel(fullW: number, fullH: number, x0: number, y0: number, w: number, h: number): Float32Array {
  const out = new Float32Array(w * h);
  writeRadial(out, 0, fullW, fullH, x0, y0, w, h);
  return out;
}
