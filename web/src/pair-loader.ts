// Turns the files a user opens (or the built-in example) into a checked DP pair: both PNG, same
// size; anything else becomes one readable message instead of a broken page.
import { decodePngBrowser, toRgb, type Image } from '../../src/image/browser.js';

/** A DP pair ready to show and deblur: RGB views, sRGB [0,1], one size. */
export interface DpPair {
  readonly left: Image;
  readonly right: Image;
  /** Bit depth of the left file (8 or 16): the result is saved at it, as `dualpix deblur` does. */
  readonly bitDepth: 8 | 16;
  readonly name: string;
}

/** A user-facing problem with the files: shown as a message, never thrown past the page. */
export class PairError extends Error {}

/** Decodes two PNG files (bytes) into a pair; PairError naming the file for a non-PNG or a size mismatch. */
export function decodePair(leftName: string, leftBytes: Uint8Array, rightName: string, rightBytes: Uint8Array): DpPair {
  const l = decodeOne(leftName, leftBytes);
  const r = decodeOne(rightName, rightBytes);
  if (l.image.width !== r.image.width || l.image.height !== r.image.height) {
    throw new PairError(`${rightName} is ${r.image.width}×${r.image.height} but the left view ${leftName} is ${l.image.width}×${l.image.height}; the two views must be the same size.`);
  }
  return { left: toRgb(l.image), right: toRgb(r.image), bitDepth: l.bitDepth === 16 ? 16 : 8, name: leftName };
}

function decodeOne(name: string, bytes: Uint8Array): { image: Image; bitDepth: number } {
  try {
    return decodePngBrowser(bytes);
  } catch (err) {
    // The decoder's own errors already name the file; anything else gets the name in front.
    const message = (err as Error).message;
    throw new PairError(`${message.startsWith(name) ? message : `${name}: ${message}`} (open 8- or 16-bit PNG files).`);
  }
}

/** Orders two dropped files as left, right: by “left”/“right” (or _l/_r) in their names, else in the order given. */
export function orderDropped<T extends { readonly name: string }>(files: readonly T[]): [T, T] {
  const [a, b] = files as [T, T];
  const isLeft = (n: string): boolean => /left|(^|[_\-.])l([_\-.]|$)/i.test(n);
  const isRight = (n: string): boolean => /right|(^|[_\-.])r([_\-.]|$)/i.test(n);
  if (isRight(a.name) && isLeft(b.name)) return [b, a];
  return [a, b];
}
