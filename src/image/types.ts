/** Colour encoding of an image's values: gamma-encoded sRGB or linear light. */
export type ColorSpace = 'srgb' | 'linear';

/**
 * A float image in memory: planar (channel-major, CHW) Float32Array, values nominally in [0,1].
 * Pixel (x, y) of channel c is `data[c * width * height + y * width + x]`.
 */
export interface Image {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly data: Float32Array;
  readonly space: ColorSpace;
}

/** A single-channel float map (depth in metres, CoC radius in px, ...), row-major. */
export interface FloatMap {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/** Allocates a zero image of the given size (px) and channel count. */
export function createImage(width: number, height: number, channels: number, space: ColorSpace = 'srgb'): Image {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`createImage: expected positive integer size, got ${width}x${height}`);
  }
  return { width, height, channels, space, data: new Float32Array(width * height * channels) };
}

/** Wraps existing planar data as an image; throws when the length does not match width·height·channels. */
export function imageFrom(data: Float32Array, width: number, height: number, channels: number, space: ColorSpace): Image {
  if (data.length !== width * height * channels) {
    throw new RangeError(`imageFrom: data has ${data.length} values, expected ${width}x${height}x${channels}`);
  }
  return { width, height, channels, space, data };
}

/** Returns a view of channel c (no copy), length width·height. */
export function channel(img: Image, c: number): Float32Array {
  const n = img.width * img.height;
  return img.data.subarray(c * n, (c + 1) * n);
}

/** Deep copy of an image, optionally re-tagged with another colour space (values untouched). */
export function cloneImage(img: Image, space: ColorSpace = img.space): Image {
  return { ...img, space, data: new Float32Array(img.data) };
}
