import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPng } from '../image/png-builder.js';
import { InputError } from '../../src/image/index.js';
import { readDepth } from '../../src/synth/index.js';

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'dualpix-depth-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** .npy bytes written by hand (format 1.0, little-endian, C order). */
function npy(descr: string, shape: number[], values: number[]): Uint8Array {
  const size = descr === '<f8' ? 8 : 4;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const out = new Uint8Array(10 + header.length + values.length * size);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  values.forEach((v, i) => (size === 8 ? view.setFloat64(10 + header.length + 8 * i, v, true) : view.setFloat32(10 + header.length + 4 * i, v, true)));
  return out;
}

function expectInputError(fn: () => unknown, subject: string, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof InputError && e.subject === subject && pattern.test(e.message));
}

test('SYNTHIA: depth_m = 1000·(R + 256·G + 65536·B)/(256³ − 1) from hand-built 8-bit RGB pixels', () => {
  withDir((dir) => {
    const codes = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [255, 255, 255],
      [17, 200, 3],
      [0, 128, 0],
    ];
    const data = new Uint8Array(codes.flat());
    const path = join(dir, 'depth.png');
    writeFileSync(path, buildPng({ width: 3, height: 2, samples: Array.from(data), depth: 8, colourType: 2 }));
    const m = readDepth(path);
    assert.equal(m.width, 3);
    assert.equal(m.height, 2);
    codes.forEach(([r, g, b], i) => {
      const expected = (1000 * (r! + 256 * g! + 65536 * b!)) / 16777215;
      assert.ok(Math.abs(m.data[i]! - expected) <= expected * 1e-6, `${i}: ${m.data[i]} vs ${expected}`);
    });
    assert.ok(Math.abs(m.data[3]! - 1000) < 1e-3);
    assert.deepEqual(readDepth(path, { format: 'synthia' }).data, m.data);
  });
});

test('PNG16: depth = code·scale (default millimetres), and 8-bit files refused as png16', () => {
  withDir((dir) => {
    const path = join(dir, 'd16.png');
    writeFileSync(path, buildPng({ width: 2, height: 2, samples: Array.from(new Uint16Array([1000, 2500, 65535, 1])), depth: 16, colourType: 0 }));
    assert.deepEqual(Array.from(readDepth(path).data), [1, 2.5, 65.535, 0.001].map(Math.fround));
    assert.deepEqual(Array.from(readDepth(path, { scale: 0.01 }).data), [10, 25, 655.35, 0.01].map(Math.fround));
    const p8 = join(dir, 'rgb8.png');
    writeFileSync(p8, buildPng({ width: 1, height: 1, samples: Array.from(new Uint8Array([1, 2, 3])), depth: 8, colourType: 2 }));
    expectInputError(() => readDepth(p8, { format: 'png16' }), p8, /16-bit/);
    const grey8 = join(dir, 'grey8.png');
    writeFileSync(grey8, buildPng({ width: 1, height: 1, samples: Array.from(new Uint8Array([9])), depth: 8, colourType: 0 }));
    expectInputError(() => readDepth(grey8), grey8, /8-bit grey/);
    const zero = join(dir, 'zero.png');
    writeFileSync(zero, buildPng({ width: 2, height: 1, samples: Array.from(new Uint16Array([5, 0])), depth: 16, colourType: 0 }));
    expectInputError(() => readDepth(zero), zero, /pixel \(1, 0\)/);
  });
});

test('PFM: rows are stored bottom to top', () => {
  withDir((dir) => {
    // 2×3 map; file rows bottom first: [5, 6], [3, 4], [1, 2] → image rows [1, 2], [3, 4], [5, 6].
    const header = new TextEncoder().encode('Pf\n2 3\n-1.0\n');
    const body = new Float32Array([5, 6, 3, 4, 1, 2]);
    const bytes = new Uint8Array(header.length + body.byteLength);
    bytes.set(header);
    bytes.set(new Uint8Array(body.buffer), header.length);
    const path = join(dir, 'd.pfm');
    writeFileSync(path, bytes);
    const m = readDepth(path);
    assert.equal(m.width, 2);
    assert.equal(m.height, 3);
    assert.deepEqual(Array.from(m.data), [1, 2, 3, 4, 5, 6]);
    body[2] = NaN;
    bytes.set(new Uint8Array(body.buffer), header.length);
    writeFileSync(path, bytes);
    expectInputError(() => readDepth(path), path, /NaN m at pixel \(0, 1\)/);
  });
});

test('NPY: float32 and float64, (H, W) and (H, W, 1)', () => {
  withDir((dir) => {
    const f4 = join(dir, 'a.npy');
    writeFileSync(f4, npy('<f4', [2, 3], [1, 2, 3, 4, 5, 6.5]));
    const a = readDepth(f4);
    assert.equal(a.width, 3);
    assert.deepEqual(Array.from(a.data), [1, 2, 3, 4, 5, 6.5]);
    const f8 = join(dir, 'b.npy');
    writeFileSync(f8, npy('<f8', [1, 2, 1], [0.1, 1e3]));
    assert.deepEqual(Array.from(readDepth(f8).data), [0.1, 1e3].map(Math.fround));
    const neg = join(dir, 'neg.npy');
    writeFileSync(neg, npy('<f8', [1, 2], [2, -1]));
    expectInputError(() => readDepth(neg), neg, /-1 m/);
  });
});

test('unreadable and unrecognized files name the file', () => {
  withDir((dir) => {
    const missing = join(dir, 'nope.png');
    expectInputError(() => readDepth(missing), missing, /cannot read/);
    const junk = join(dir, 'junk.pfm');
    writeFileSync(junk, 'hello');
    expectInputError(() => readDepth(junk), junk, /PFM/);
    const txt = join(dir, 'depth.txt');
    writeFileSync(txt, '1 2 3');
    expectInputError(() => readDepth(txt), txt, /extension/);
    expectInputError(() => readDepth(txt, { format: 'npy', scale: -1 }), 'opts.scale', /positive/);
  });
});
