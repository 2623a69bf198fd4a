import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { Rng, InputError, decodePngImage, encodePngImage, encodePngImageAsync, imageFrom, isPngCompression, type Image } from '../../src/image/index.js';
import { decodePngBrowser, encodePngBrowser } from '../../src/image/browser.js';
import { buildPng, SAMPLES_PER_PIXEL, type PngSpec } from './png-builder.js';
import { crc32 } from '../../src/image/png-chunks.js';

const COMBOS: [PngSpec['colourType'], PngSpec['depth']][] = [
  [0, 1], [0, 2], [0, 4], [0, 8], [0, 16],
  [2, 8], [2, 16],
  [3, 1], [3, 2], [3, 4], [3, 8],
  [4, 8], [4, 16],
  [6, 8], [6, 16],
];

/** A random spec: samples in range, a palette with every index used for palette types. */
function randomSpec(colourType: PngSpec['colourType'], depth: PngSpec['depth'], width: number, height: number, seed: number): PngSpec {
  const rng = new Rng(seed);
  const spp = SAMPLES_PER_PIXEL[colourType];
  const levels = 2 ** depth;
  const palette: [number, number, number][] | undefined =
    colourType === 3 ? Array.from({ length: levels }, () => [0, 0, 0].map(() => rng.int(256)) as [number, number, number]) : undefined;
  const samples = Array.from({ length: width * height * spp }, () => rng.int(levels));
  return { width, height, colourType, depth, samples, ...(palette ? { palette } : {}) };
}

/** The pixels a correct decoder must give, from the spec's own numbers: planar, alpha dropped. */
function expectedPixels(spec: PngSpec): { channels: number; data: Float32Array } {
  const spp = SAMPLES_PER_PIXEL[spec.colourType];
  const channels = spec.colourType === 0 || spec.colourType === 4 ? 1 : 3;
  const n = spec.width * spec.height;
  const data = new Float32Array(channels * n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < channels; c++) {
      data[c * n + i] = spec.palette ? spec.palette[spec.samples[i]!]![c]! / 255 : spec.samples[i * spp + c]! / (2 ** spec.depth - 1);
    }
  }
  return { channels, data };
}

function assertPixels(img: Image, spec: PngSpec, label: string): void {
  const want = expectedPixels(spec);
  assert.deepEqual([img.width, img.height, img.channels], [spec.width, spec.height, want.channels], label);
  for (let i = 0; i < want.data.length; i++) {
    if (img.data[i] !== want.data[i]) assert.fail(`${label}: value ${i} is ${img.data[i]}, expected ${want.data[i]}`);
  }
}

test('every PNG colour type and bit depth decodes to the pixels it stores, plain and Adam7, every row filter', () => {
  let seed = 1;
  for (const [colourType, depth] of COMBOS) {
    for (const interlace of [false, true]) {
      for (const filter of [0, 'cycle'] as const) {
        // 13x11: odd sizes leave partial bytes at row ends and partial Adam7 passes.
        const spec = { ...randomSpec(colourType, depth, 13, 11, seed++), interlace, filter };
        const label = `type ${colourType} depth ${depth}${interlace ? ' Adam7' : ''} filter ${filter}`;
        const png = decodePngImage(buildPng(spec), 'mem');
        assertPixels(png.image, spec, label);
        assert.equal(png.bitDepth, depth === 16 ? 16 : 8, label);
        assertPixels(decodePngBrowser(buildPng(spec)).image, spec, `${label} (browser codec)`);
      }
    }
  }
});

test('a 1-bit palette image is not read as one byte per index (the wrong-pixels bug)', () => {
  const spec: PngSpec = { width: 9, height: 2, colourType: 3, depth: 1, palette: [[10, 20, 30], [200, 150, 100]], samples: [1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 1, 0, 1] };
  const img = decodePngImage(buildPng(spec), 'mem').image;
  assert.equal(img.data[0], Math.fround(200 / 255));
  assert.equal(img.data[1], Math.fround(10 / 255));
  assertPixels(img, spec, '1-bit palette');
});

test('tiny interlaced images whose Adam7 passes are partly empty decode', () => {
  for (const [w, h] of [[1, 1], [2, 1], [1, 5], [3, 2], [9, 9]]) {
    for (const [colourType, depth] of [[0, 1], [3, 4], [2, 16]] as const) {
      const spec = { ...randomSpec(colourType, depth, w!, h!, w! * 31 + h!), interlace: true, filter: 'cycle' as const };
      assertPixels(decodePngImage(buildPng(spec), 'mem').image, spec, `${w}x${h} type ${colourType}`);
    }
  }
});

test('tRNS transparency leaves the colours as stored (alpha is ignored, as OpenCV imread does)', () => {
  for (const [colourType, depth, trns] of [
    [0, 8, [7]],
    [2, 16, [1, 2, 3]],
    [3, 2, [0, 128]],
  ] as const) {
    const spec = { ...randomSpec(colourType, depth, 6, 5, 99), trns: [...trns] };
    assertPixels(decodePngImage(buildPng(spec), 'mem').image, spec, `tRNS on type ${colourType}`);
  }
});

test('malformed PNGs raise one-line InputErrors naming the source', () => {
  const good = buildPng(randomSpec(3, 2, 5, 4, 3));
  const bad = (bytes: Uint8Array, why: RegExp): void => {
    assert.throws(
      () => decodePngImage(bytes, 'x.png'),
      (e: unknown) => e instanceof InputError && e.message.startsWith('x.png: ') && !e.message.includes('\n') && why.test(e.message),
    );
  };
  const flipped = Uint8Array.from(good);
  flipped[43] ^= 0x10; // inside PLTE's data (the chunk starts at byte 33)
  bad(flipped, /CRC/);
  bad(good.subarray(0, good.length - 12), /truncated|IEND/);
  bad(good.subarray(0, 30), /truncated|past the end/);
  const outOfPalette = buildPng({ width: 2, height: 1, colourType: 3, depth: 2, palette: [[1, 2, 3]], samples: [0, 3] });
  bad(outOfPalette, /palette index 3/);
  bad(buildPng({ width: 2, height: 2, colourType: 2, depth: 4 as 8, samples: Array(12).fill(1) }), /bit depth 4 is invalid/);
});

test('16-bit encoding keeps every code value at every compression level, and the Node and browser codecs agree', async () => {
  const w = 37;
  const h = 23;
  const rng = new Rng(5);
  for (const channels of [1, 3]) {
    const data = new Float32Array(w * h * channels);
    // Half noise, half smooth ramps.
    for (let i = 0; i < data.length; i++) data[i] = i % 2 === 0 ? rng.int(65536) / 65535 : ((i * 97) % 65536) / 65535;
    const img = imageFrom(data, w, h, channels, 'srgb');
    for (const level of [0, 1, 6, 9] as const) {
      const bytes = encodePngImage(img, 16, level);
      const back = decodePngImage(bytes, 'mem');
      assert.equal(back.bitDepth, 16);
      assert.deepEqual(Array.from(back.image.data), Array.from(data), `level ${level}`);
      assert.deepEqual(await encodePngImageAsync(img, 16, level), bytes, 'async encoder gives the same bytes');
      assert.deepEqual(Array.from(decodePngBrowser(encodePngBrowser(img, 16, level)).image.data), Array.from(data));
    }
  }
});

test('higher compression levels give smaller files of a smooth image; level 0 stores', () => {
  const w = 64;
  const img = imageFrom(Float32Array.from({ length: w * w * 3 }, (_, i) => ((i % w) + Math.floor(i / w)) / (3 * w)), w, w, 3, 'srgb');
  const raw = w * w * 6;
  const s0 = encodePngImage(img, 16, 0).length;
  const s9 = encodePngImage(img, 16, 9).length;
  assert.ok(s0 > raw, `level 0 stores (${s0} >= ${raw})`);
  assert.ok(s9 < raw / 4, `level 9 compresses a smooth image (${s9})`);
  assert.ok(isPngCompression(9) && !isPngCompression(10) && !isPngCompression(2.5));
});

test('crc32 (slicing-by-8) equals zlib.crc32 on every alignment and length, including the tails', () => {
  const rng = new Rng(17);
  const bytes = Uint8Array.from({ length: 4099 }, () => rng.int(256));
  for (const [start, end] of [[0, 0], [0, 1], [0, 7], [0, 8], [0, 9], [3, 20], [1, 4099], [0, 4099], [4090, 4099]] as const) {
    assert.equal(crc32(bytes, start, end), zlibCrc32(bytes.subarray(start, end)), `[${start}, ${end})`);
  }
});
