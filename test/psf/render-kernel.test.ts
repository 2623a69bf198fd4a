import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PSF, dpKernel, psfToJson, renderPsfTriple } from '../../src/psf/index.js';

test('triple picture: three panels side by side, shared scale, combined peak at full scale', () => {
  const k = dpKernel(3, DEFAULT_PSF);
  const img = renderPsfTriple(k, { colormap: 'grey', scale: 2 });
  const panel = k.size * 2;
  assert.equal(img.height, panel);
  assert.equal(img.width, 3 * panel + 8);
  assert.equal(img.channels, 3);
  assert.equal(img.space, 'srgb');
  const px = (x: number, y: number): number => img.data[y * img.width + x]!;
  const c = (k.size - 1) / 2;
  const combinedMax = Math.max(...Array.from({ length: panel * panel }, (_, i) => px(2 * (panel + 4) + (i % panel), Math.floor(i / panel))));
  assert.ok(Math.abs(combinedMax - 1) < 1e-6);
  assert.equal(px(panel + 1, 0), 1); // gap
  // Left panel: brighter left of centre than right of it (r > 0, reference orientation).
  assert.ok(px(2 * (c - 2), 2 * c) > px(2 * (c + 2), 2 * c));
  const rgb = renderPsfTriple(k);
  assert.ok(rgb.width >= 3 * 128);
  assert.notEqual(rgb.data[0], rgb.data[rgb.width * rgb.height]); // coloured, not grey
});

test('JSON description: sums, centroids and rows', () => {
  const k = dpKernel(-2, DEFAULT_PSF);
  const j = psfToJson(k);
  assert.equal(j.radius, -2);
  assert.equal(j.left.length, k.size);
  assert.equal(j.left[0]!.length, k.size);
  assert.deepEqual(j.sum, { left: 0.5, right: 0.5, combined: 1 });
  assert.ok(j.centroid.left[0] > 0 && j.centroid.right[0] < 0); // r < 0: views swapped
  assert.equal(j.centroid.combined[0], 0);
  assert.doesNotThrow(() => JSON.parse(JSON.stringify(j)));
});
