import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageFrom, srgbToLinearValue } from '../../src/image/index.js';
import { cameraPreset } from '../../src/optics/index.js';
import { synthesizeFrame } from '../../src/synth/index.js';

test('shot noise acts on linear light at the view’s half exposure: Var(view) = 2·I/fullWell in linear units', () => {
  const w = 96;
  const h = 96;
  const grey = 0.6; // sRGB code value; in focus (depth = focus distance of paper-3), so each view is the input
  const scene = { rgb: imageFrom(new Float32Array(3 * w * h).fill(grey), w, h, 3, 'srgb'), depth: { width: w, height: h, data: new Float32Array(w * h).fill(8) } };
  const fullWell = 400;
  const frame = synthesizeFrame(scene, { camera: cameraPreset('paper-3'), noise: { kind: 'poisson-gaussian', fullWell, readSigma: 0 } }, 3);
  const lin = srgbToLinearValue(grey);
  for (const view of [frame.left, frame.right]) {
    let s = 0;
    let s2 = 0;
    for (const v of view.data) {
      const l = srgbToLinearValue(v);
      s += l;
      s2 += l * l;
    }
    const n = view.data.length;
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    // Half the photons per view: Poisson(I/2·F)/F, doubled back → variance 4·(I/2)/F = 2I/F.
    const expected = (2 * lin) / fullWell;
    assert.ok(Math.abs(mean - lin) < 0.01, `mean ${mean} vs ${lin}`);
    assert.ok(Math.abs(variance / expected - 1) < 0.08, `variance ${variance} vs ${expected}`);
  }
});
