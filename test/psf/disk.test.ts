// The anti-aliased disk: the octant-mirrored fill equals a direct sub-sampling of every pixel and
// is exactly symmetric under the eight mirror images.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillDisk } from '../../src/psf/disk.js';

/** Every pixel of the grid sub-sampled 4×4, written from the definition (no symmetry used). */
function direct(size: number, radius: number, profile: (rho: number) => number): Float64Array {
  const out = new Float64Array(size * size);
  const h = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let acc = 0;
      for (let j = 0; j < 4; j++) {
        for (let i = 0; i < 4; i++) {
          const rho = Math.hypot(x - h + (i + 0.5) / 4 - 0.5, y - h + (j + 0.5) / 4 - 0.5);
          // Coverage ramps linearly from 1 inside to 0 over one sub-sample (¼ px) centred on the edge.
          const cover = Math.min(1, Math.max(0, (radius - rho) * 4 + 0.5));
          acc += cover * profile(rho);
        }
      }
      out[y * size + x] = acc / 16;
    }
  }
  return out;
}

test('fillDisk equals a direct sub-sampling of every pixel, with and without a radial profile', () => {
  const donut = (rho: number): number => 0.2 + 0.8 / (1 + Math.pow(3 / Math.max(rho, 1e-9), 6));
  for (const radius of [0.5, 0.8, 1.3, 2.75, 6, 11.4]) {
    const size = 2 * Math.ceil(radius + 2) + 1;
    for (const profile of [undefined, donut]) {
      const got = new Float64Array(size * size).fill(7); // stale values must be overwritten
      fillDisk(got, size, radius, profile);
      const want = direct(size, radius, profile ?? (() => 1));
      for (let k = 0; k < got.length; k++) assert.ok(Math.abs(got[k]! - want[k]!) < 1e-12, `r ${radius}, pixel ${k}: ${got[k]} vs ${want[k]}`);
    }
  }
});

test('fillDisk is exactly symmetric under the eight mirror images', () => {
  const size = 21;
  const k = new Float64Array(size * size);
  fillDisk(k, size, 7.3, (rho) => 1 + rho);
  const at = (x: number, y: number): number => k[(y + 10) * size + x + 10]!;
  for (let y = -10; y <= 10; y++) {
    for (let x = -10; x <= 10; x++) {
      const v = at(x, y);
      for (const w of [at(-x, y), at(x, -y), at(-x, -y), at(y, x), at(-y, x), at(y, -x), at(-y, -x)]) assert.equal(w, v);
    }
  }
});
