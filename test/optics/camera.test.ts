import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../src/image/index.js';
import {
  CAMERA_PRESETS,
  cameraPreset,
  cocMap,
  cocRadiusPx,
  thinLensCamera,
  thinLensCocPx,
  type Camera,
} from '../../src/optics/index.js';

const close = (a: number, b: number, tol: number, what: string): void =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: expected ${b}, got ${a}`);

// f = 50 mm, N = 2, s = 2 m, 5 µm pixels: s' = 50·2000/1950 mm, q = 25 mm,
// (q/2)·(s'/s) = 12.5 · 0.0256410 = 0.320513 mm = 64.1026 px at the 5 µm pitch.
const lens = { focalMm: 50, fNumber: 2, focusM: 2, pixelUm: 5 };
const cam = thinLensCamera(lens, 'test');

test('Eq. 1 matches hand-computed thin-lens radii (px)', () => {
  close(thinLensCocPx(4, lens), 32.05128, 1e-4, 'd = 4 m');
  close(cocRadiusPx(4, cam), 32.05128, 1e-4, 'd = 4 m via camera');
  close(cocRadiusPx(1, cam), -64.10256, 1e-4, 'd = 1 m');
  close(cocRadiusPx(Infinity, cam), 64.10256, 1e-4, 'd = ∞');
  assert.equal(cocRadiusPx(2, cam), 0);
});

test('sign: positive behind the focal plane, negative in front', () => {
  assert.ok(cocRadiusPx(2.5, cam) > 0);
  assert.ok(cocRadiusPx(1.5, cam) < 0);
  // Eq. 1 is odd in 1/d − 1/s: equal dioptric distances give equal and opposite radii.
  close(cocRadiusPx(1 / (0.5 - 0.1), cam), -cocRadiusPx(1 / (0.5 + 0.1), cam), 1e-9, 'dioptric symmetry');
});

test('paper sets: f²/(N(s − f))·(d − s)/d in px, clamped to ±40', () => {
  const p1 = cameraPreset('paper-1'); // {4, 6, 5}: gain 16/(6·1) = 8/3
  close(cocRadiusPx(10, p1), 4 / 3, 1e-12, 'paper-1 at 10 m');
  close(cocRadiusPx(2.5, p1), -8 / 3, 1e-12, 'paper-1 at 2.5 m');
  assert.equal(cocRadiusPx(0.1, p1), -40); // −130.7 unclamped
  close(cocRadiusPx(16, cameraPreset('paper-3')), 4.9, 1e-12, 'paper-3 {7,5,8} at 16 m');
  close(cocRadiusPx(60, cameraPreset('paper-5')), 3.025, 1e-12, 'paper-5 {22,10,30} at 60 m');
  close(cocRadiusPx(Infinity, cameraPreset('paper-4')), 100 / 26, 1e-12, 'paper-4 {10,13,12} at ∞');
});

test('preset names, order and values', () => {
  assert.deepEqual(CAMERA_PRESETS.slice(0, 5), ['paper-1', 'paper-2', 'paper-3', 'paper-4', 'paper-5']);
  assert.ok(CAMERA_PRESETS.length >= 7);
  const sets = CAMERA_PRESETS.slice(0, 5).map((n) => {
    const c = cameraPreset(n);
    assert.equal(c.kind, 'paper-set');
    return c.kind === 'paper-set' ? [c.focalMm, c.fNumber, c.focusM, c.maxCocPx] : [];
  });
  assert.deepEqual(sets, [
    [4, 6, 5, 40],
    [5, 8, 6, 40],
    [7, 5, 8, 40],
    [10, 13, 12, 40],
    [22, 10, 30, 40],
  ]);
  for (const name of CAMERA_PRESETS) assert.equal(cameraPreset(name).name, name);
  const canon = cameraPreset('canon-5d4');
  assert.ok(canon.kind === 'thin-lens');
  close(canon.lens.pixelUm, 36000 / 1680, 1e-12, 'canon pitch at 1680 px');
  close(cocRadiusPx(Infinity, canon), 16.619, 1e-3, 'canon at ∞');
  const phone = cameraPreset('phone-main');
  close(cocRadiusPx(0.3, phone), -6.4413, 1e-3, 'phone at 0.3 m');
});

test('unknown preset: InputError naming --camera and listing the names', () => {
  assert.throws(
    () => cameraPreset('paper-6'),
    (e: unknown) => e instanceof InputError && e.subject === 'name' && /paper-1, paper-2/.test(e.message) && /phone-main/.test(e.message),
  );
  assert.throws(() => cameraPreset('constructor'), InputError);
});

test('thinLensCamera rejects impossible lenses with the flag name', () => {
  assert.throws(() => thinLensCamera({ ...lens, fNumber: 0 }), (e: unknown) => e instanceof InputError && e.subject === 'lens.fNumber');
  assert.throws(() => thinLensCamera({ ...lens, focusM: 0.04 }), (e: unknown) => e instanceof InputError && e.subject === 'lens.focusM');
});

test('cocMap applies the camera per pixel, clamps, and rejects bad depth', () => {
  const c: Camera = { kind: 'thin-lens', name: 'clamped', lens, maxCocPx: 50 };
  const m = cocMap({ width: 3, height: 1, data: Float32Array.of(4, 1, Infinity) }, c);
  close(m.data[0]!, 32.05128, 1e-4, 'pixel 0');
  assert.equal(m.data[1], -50);
  assert.equal(m.data[2], 50);
  assert.throws(
    () => cocMap({ width: 2, height: 2, data: Float32Array.of(1, 1, 1, NaN) }, c),
    (e: unknown) => e instanceof InputError && e.subject === 'depth' && /\(1, 1\)/.test(e.message),
  );
  assert.throws(() => cocRadiusPx(0, c), RangeError);
});
