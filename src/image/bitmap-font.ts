// A 5×7 pixel font drawn for dualpix's plots: upper-case letters, digits and the punctuation
// that axis labels and numbers need. Lower-case text is drawn in capitals.
import type { Image } from './types.js';
import { fillRect, type Rgb } from './raster.js';

/** Glyph cell width, px at scale 1 (the advance adds one column of spacing). */
export const GLYPH_WIDTH = 5;
/** Glyph cell height, px at scale 1. */
export const GLYPH_HEIGHT = 7;

// Each glyph: seven rows of five columns, '#' ink.
const GLYPHS: Readonly<Record<string, string>> = {
  '0': '.###. #...# #..## #.#.# ##..# #...# .###.',
  '1': '..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.',
  '2': '.###. #...# ....# ...#. ..#.. .#... #####',
  '3': '##### ...#. ..#.. ...#. ....# #...# .###.',
  '4': '...#. ..##. .#.#. #..#. ##### ...#. ...#.',
  '5': '##### #.... ####. ....# ....# #...# .###.',
  '6': '..##. .#... #.... ####. #...# #...# .###.',
  '7': '##### ....# ...#. ..#.. .#... .#... .#...',
  '8': '.###. #...# #...# .###. #...# #...# .###.',
  '9': '.###. #...# #...# .#### ....# ...#. .##..',
  A: '.###. #...# #...# ##### #...# #...# #...#',
  B: '####. #...# #...# ####. #...# #...# ####.',
  C: '.###. #...# #.... #.... #.... #...# .###.',
  D: '###.. #..#. #...# #...# #...# #..#. ###..',
  E: '##### #.... #.... ####. #.... #.... #####',
  F: '##### #.... #.... ####. #.... #.... #....',
  G: '.###. #...# #.... #.### #...# #...# .####',
  H: '#...# #...# #...# ##### #...# #...# #...#',
  I: '.###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.',
  J: '..### ...#. ...#. ...#. ...#. #..#. .##..',
  K: '#...# #..#. #.#.. ##... #.#.. #..#. #...#',
  L: '#.... #.... #.... #.... #.... #.... #####',
  M: '#...# ##.## #.#.# #.#.# #...# #...# #...#',
  N: '#...# #...# ##..# #.#.# #..## #...# #...#',
  O: '.###. #...# #...# #...# #...# #...# .###.',
  P: '####. #...# #...# ####. #.... #.... #....',
  Q: '.###. #...# #...# #...# #.#.# #..#. .##.#',
  R: '####. #...# #...# ####. #.#.. #..#. #...#',
  S: '.#### #.... #.... .###. ....# ....# ####.',
  T: '##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..',
  U: '#...# #...# #...# #...# #...# #...# .###.',
  V: '#...# #...# #...# #...# #...# .#.#. ..#..',
  W: '#...# #...# #...# #.#.# #.#.# #.#.# .#.#.',
  X: '#...# #...# .#.#. ..#.. .#.#. #...# #...#',
  Y: '#...# #...# .#.#. ..#.. ..#.. ..#.. ..#..',
  Z: '##### ....# ...#. ..#.. .#... #.... #####',
  '.': '..... ..... ..... ..... ..... .##.. .##..',
  ',': '..... ..... ..... ..... .##.. ..#.. .#...',
  '-': '..... ..... ..... .#### ..... ..... .....',
  '+': '..... ..#.. ..#.. ##### ..#.. ..#.. .....',
  ':': '..... .##.. .##.. ..... .##.. .##.. .....',
  '/': '..... ....# ...#. ..#.. .#... #.... .....',
  '(': '...#. ..#.. .#... .#... .#... ..#.. ...#.',
  ')': '.#... ..#.. ...#. ...#. ...#. ..#.. .#...',
  '=': '..... ..... ##### ..... ##### ..... .....',
  '%': '##... ##..# ...#. ..#.. .#... #..## ...##',
  _: '..... ..... ..... ..... ..... ..... #####',
  ' ': '..... ..... ..... ..... ..... ..... .....',
};

/** Whether (col, row) of the glyph for `ch` is inked; unknown characters draw as a hollow box. */
export function glyphInk(ch: string, col: number, row: number): boolean {
  const rows = GLYPHS[ch.toUpperCase()];
  if (rows === undefined) return row === 0 || row === GLYPH_HEIGHT - 1 || col === 0 || col === GLYPH_WIDTH - 1;
  return rows[row * (GLYPH_WIDTH + 1) + col] === '#';
}

/** Width of `text` in px at integer `scale` (one column of spacing between glyphs, none after the last). */
export function textWidth(text: string, scale = 1): number {
  return text.length === 0 ? 0 : (text.length * (GLYPH_WIDTH + 1) - 1) * scale;
}

/**
 * Draws `text` with its top-left corner at (x, y) px, each font pixel a scale×scale square.
 * `vertical` turns it 90° counter-clockwise (reading bottom to top) with (x, y) the top-left of
 * the turned text's box, for y-axis titles.
 */
export function drawText(img: Image, text: string, x: number, y: number, rgb: Rgb, scale = 1, vertical = false): void {
  const len = textWidth(text, 1);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    for (let row = 0; row < GLYPH_HEIGHT; row++) {
      for (let col = 0; col < GLYPH_WIDTH; col++) {
        if (!glyphInk(ch, col, row)) continue;
        const u = i * (GLYPH_WIDTH + 1) + col;
        const px = vertical ? x + row * scale : x + u * scale;
        const py = vertical ? y + (len - 1 - u) * scale : y + row * scale;
        fillRect(img, px, py, scale, scale, rgb);
      }
    }
  }
}
