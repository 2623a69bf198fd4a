// Perceptually ordered colour map for kernel pictures.

// Viridis sampled at 0, 1/8, …, 1 (sRGB in [0, 1]); linear interpolation between the anchors
// is within a few 1/255 of the full map, plenty for a picture of a kernel.
const VIRIDIS: readonly (readonly [number, number, number])[] = [
  [0.267, 0.005, 0.329],
  [0.283, 0.141, 0.458],
  [0.254, 0.265, 0.53],
  [0.207, 0.372, 0.553],
  [0.164, 0.471, 0.558],
  [0.128, 0.567, 0.551],
  [0.135, 0.659, 0.518],
  [0.267, 0.749, 0.441],
  [0.478, 0.821, 0.318],
  [0.741, 0.873, 0.15],
  [0.993, 0.906, 0.144],
];

/** Writes the viridis colour of t ∈ [0, 1] (clamped) into out[0..2] as sRGB values in [0, 1]. */
export function viridis(t: number, out: Float32Array): void {
  const u = (t <= 0 ? 0 : t >= 1 ? 1 : t) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(u));
  const f = u - i;
  const a = VIRIDIS[i]!;
  const b = VIRIDIS[i + 1]!;
  for (let c = 0; c < 3; c++) out[c] = a[c]! + (b[c]! - a[c]!) * f;
}
