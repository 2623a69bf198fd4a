import type { Image } from '../image/index.js';

/** Throws a RangeError naming `fn` unless the two images share width, height, channel count and colour space. */
export function assertSameShape(a: Image, b: Image, fn: string): void {
  if (a.width !== b.width || a.height !== b.height || a.channels !== b.channels) {
    throw new RangeError(
      `${fn}: images differ in size: ${a.width}x${a.height}x${a.channels} vs ${b.width}x${b.height}x${b.channels}`,
    );
  }
  // Comparing gamma-encoded with linear values gives a number that means nothing; refuse it.
  if (a.space !== b.space) throw new RangeError(`${fn}: images differ in colour space: ${a.space} vs ${b.space}`);
}

/** Throws a RangeError unless the data range (value units) is a positive finite number. */
export function assertDataRange(dataRange: number, fn: string): void {
  if (!(dataRange > 0) || !Number.isFinite(dataRange)) {
    throw new RangeError(`${fn}: dataRange must be a positive finite number, got ${dataRange}`);
  }
}
