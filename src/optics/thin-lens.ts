// The two CoC formulas: the paper's thin lens (Eq. 1) and the reference code's "camera set" shortcut.

/** A physical thin-lens camera: focal length (mm), f-number, focus distance (m), pixel pitch (µm). */
export interface ThinLens {
  readonly focalMm: number;
  readonly fNumber: number;
  readonly focusM: number;
  readonly pixelUm: number;
}

/**
 * Signed CoC radius in px of a point at `depthM` metres (Eq. 1), positive behind the focal plane.
 * `depthM` may be Infinity; it must be > 0.
 */
export function thinLensCocPx(depthM: number, lens: ThinLens): number {
  return thinLensGainPx(lens) * (1 - lens.focusM / depthM); // (d − s)/d, Infinity-safe
}

/**
 * The depth-independent factor of Eq. 1 in px: (q/2)·(s'/s) converted to pixels, so that
 * r = gain·(d − s)/d. Working in millimetres throughout keeps s' and q in sensor units.
 */
export function thinLensGainPx(lens: ThinLens): number {
  const f = lens.focalMm;
  const s = lens.focusM * 1000;
  const sPrime = (f * s) / (s - f); // lens-to-sensor distance, mm
  const q = f / lens.fNumber; // aperture diameter, mm
  const rMm = (q / 2) * (sPrime / s); // Eq. 1 without the (d − s)/d factor
  return rMm / (lens.pixelUm / 1000);
}

/**
 * The reference code's CoC for a "camera set" {f, N, s}: f²/(N·(s − f))·(d − s)/d, read directly as
 * px. Its units are mixed on purpose (f as the millimetre number, s and d in metres): that is
 * what the paper's data were generated with, so the paper presets reproduce it literally.
 */
export function paperSetGainPx(focalMm: number, fNumber: number, focusM: number): number {
  return (focalMm * focalMm) / (fNumber * (focusM - focalMm));
}
