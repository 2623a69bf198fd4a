// Cameras of the synthesis playground: presets keep their other settings, sliders round-trip,
// and every slider position gives a camera the renderer accepts with a finite CoC.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CAMERA_PRESETS, cocRadiusPx } from '../../src/optics/index.js';
import { cameraWith, fNumberRange, focusRange, fromSlider, presetSettings, toSlider } from '../../web/src/playground-camera.js';

test('a preset with new focus and f-number keeps its other settings; the slider maps back and forth', () => {
  const cam = cameraWith('canon-5d4', 3, 4);
  assert.equal(cam.kind, 'thin-lens');
  if (cam.kind === 'thin-lens') assert.deepEqual([cam.lens.focusM, cam.lens.fNumber, cam.lens.focalMm], [3, 4, 50]);
  for (const name of CAMERA_PRESETS) {
    const p = presetSettings(name);
    const t = toSlider(p.focusM, focusRange(name));
    assert.ok(t >= 0 && t <= 1, `${name}: preset focus inside the slider range`);
    assert.ok(Math.abs(fromSlider(t, focusRange(name)) - p.focusM) < 1e-9);
  }
});

test('every slider position gives a finite, signed CoC: behind focus positive, in front negative', () => {
  for (const name of CAMERA_PRESETS) {
    for (const t of [0, 0.5, 1]) {
      const focusM = fromSlider(t, focusRange(name));
      const cam = cameraWith(name, focusM, fromSlider(t, fNumberRange()));
      const far = cocRadiusPx(focusM * 3, cam);
      const near = cocRadiusPx(focusM / 3, cam);
      assert.ok(Number.isFinite(far) && far > 0, `${name} t=${t}: behind ${far}`);
      assert.ok(Number.isFinite(near) && near < 0, `${name} t=${t}: in front ${near}`);
    }
  }
});
