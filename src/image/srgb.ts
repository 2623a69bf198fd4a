import type { Image } from './types.js';

/** sRGB transfer curve (IEC 61966-2-1): encoded value in [0,1] → linear light in [0,1]. */
export function srgbToLinearValue(v: number): number {
  return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
}

/** Inverse sRGB curve: linear light in [0,1] → encoded value in [0,1]; negatives pass through linearly. */
export function linearToSrgbValue(v: number): number {
  return v <= 0.0031308 ? v * 12.92 : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
}

/** Converts an image to linear light (a copy); an image already linear is returned unchanged. */
export function toLinear(img: Image): Image {
  if (img.space === 'linear') return img;
  const out = new Float32Array(img.data.length);
  const src = img.data;
  for (let i = 0; i < src.length; i++) out[i] = srgbToLinearValue(src[i]!);
  return { ...img, space: 'linear', data: out };
}

/** Converts an image to sRGB encoding (a copy); an image already sRGB is returned unchanged. */
export function toSrgb(img: Image): Image {
  if (img.space === 'srgb') return img;
  const out = new Float32Array(img.data.length);
  const src = img.data;
  for (let i = 0; i < src.length; i++) out[i] = linearToSrgbValue(src[i]!);
  return { ...img, space: 'srgb', data: out };
}
