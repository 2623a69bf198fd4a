// Whole-frame sRGB ↔ linear conversion by table: a frame is millions of values and Math.pow per
// value was a tenth of the synthesis time. Tables of 2^16 intervals with linear interpolation
// stay within 1e-7 of the exact curve on [0, 1]; values outside it take the exact formula.
import { linearToSrgbValue, srgbToLinearValue, type Image } from '../image/index.js';

/** Intervals of the conversion tables on [0, 1]. */
export const SRGB_SEGMENTS = 65536;
const SEGMENTS = SRGB_SEGMENTS;

function table(f: (v: number) => number): Float64Array {
  const t = new Float64Array(SEGMENTS + 2);
  for (let i = 0; i <= SEGMENTS; i++) t[i] = f(i / SEGMENTS);
  t[SEGMENTS + 1] = t[SEGMENTS]!;
  return t;
}

let toLin: Float64Array | null = null;
let toEnc: Float64Array | null = null;

function convert(src: Float32Array, t: Float64Array, exact: (v: number) => number): Float32Array {
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i]!;
    if (v >= 0 && v <= 1) {
      const x = v * SEGMENTS;
      const k = x | 0;
      const f = x - k;
      out[i] = t[k]! + (t[k + 1]! - t[k]!) * f;
    } else {
      out[i] = exact(v);
    }
  }
  return out;
}

/** The image in linear light (a copy; a linear image is returned as is). */
export function fastToLinear(img: Image): Image {
  if (img.space === 'linear') return img;
  toLin ??= table(srgbToLinearValue);
  return { ...img, space: 'linear', data: convert(img.data, toLin, srgbToLinearValue) };
}

/** The linear → sRGB table (SRGB_SEGMENTS + 2 values; built once per thread). */
export function srgbEncodeTable(): Float64Array {
  toEnc ??= table(linearToSrgbValue);
  return toEnc;
}

/** The image sRGB-encoded (a copy; an sRGB image is returned as is). */
export function fastToSrgb(img: Image): Image {
  if (img.space === 'srgb') return img;
  return { ...img, space: 'srgb', data: convert(img.data, srgbEncodeTable(), linearToSrgbValue) };
}
