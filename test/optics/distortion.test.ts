import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createImage, InputError, type Image } from '../../src/image/index.js';
import { distortImage, distortMap, distortPoint, undistortPoint } from '../../src/optics/index.js';

const W = 64;
const H = 48;

/** A Gaussian dot (σ = 1.2 px) at (x, y) in a W×H single-channel image. */
function dot(x: number, y: number): Image {
  const img = createImage(W, H, 1, 'linear');
  for (let j = 0; j < H; j++) for (let i = 0; i < W; i++) img.data[j * W + i] = Math.exp(-((i - x) ** 2 + (j - y) ** 2) / (2 * 1.2 * 1.2));
  return img;
}

function centroid(img: Image): [number, number] {
  let m = 0;
  let sx = 0;
  let sy = 0;
  for (let j = 0; j < img.height; j++) {
    for (let i = 0; i < img.width; i++) {
      const v = img.data[j * img.width + i]!;
      m += v;
      sx += v * i;
      sy += v * j;
    }
  }
  return [sx / m, sy / m];
}

test('Eq. 5 by hand: a corner at R = 1 moves to 1/(1 + c1 + c2) of its distance', () => {
  // 6×8 image: centre (2.5, 3.5), half-diagonal 5; the point (5.5, 7.5) is at distance 5 → R = 1.
  const [x, y] = distortPoint(5.5, 7.5, 6, 8, 0.2, 0.05);
  assert.ok(Math.abs(x - (2.5 + 3 / 1.25)) < 1e-12 && Math.abs(y - (3.5 + 4 / 1.25)) < 1e-12);
  assert.deepEqual(distortPoint(2.5, 3.5, 6, 8, 0.2, 0.05), [2.5, 3.5]);
});

test('undistortPoint inverts distortPoint', () => {
  for (const [c1, c2] of [[0.15, 0.02], [-0.2, 0], [0.05, -0.03]] as const) {
    for (const [x, y] of [[0, 0], [63, 47], [10.3, 40.9], [31.5, 23.5]] as const) {
      const [xd, yd] = distortPoint(x, y, W, H, c1, c2);
      const [xu, yu] = undistortPoint(xd, yd, W, H, c1, c2);
      assert.ok(Math.hypot(xu - x, yu - y) < 1e-9, `${c1},${c2} (${x},${y}) → (${xu},${yu})`);
    }
  }
});

test('a dot lands where Eq. 5 says, for barrel and pincushion', () => {
  // A blob's centroid follows its centre only to first order (the warp's curvature biases it by
  // O(σ²·c)) and bilinear resampling at a varying scale moves it by a few hundredths of a pixel,
  // so moderate coefficients and 0.06 px here; the ramp test below checks the map itself exactly.
  for (const [c1, c2] of [[0.08, 0.01], [-0.1, 0]] as const) {
    for (const [x, y] of [[12, 10], [50.5, 37.2], [40, 12]] as const) {
      const [ex, ey] = distortPoint(x, y, W, H, c1, c2);
      const [cx, cy] = centroid(distortImage(dot(x, y), c1, c2));
      assert.ok(Math.hypot(cx - ex, cy - ey) < 0.06, `${c1},${c2}: dot (${x},${y}) at (${cx}, ${cy}), Eq. 5 says (${ex}, ${ey})`);
    }
  }
});

test('every output pixel samples the point that Eq. 5 maps onto it', () => {
  // Bilinear interpolation reproduces a linear function exactly, so distorting the coordinate
  // ramps x and y yields each output pixel's source position.
  const coords = createImage(W, H, 2, 'linear');
  for (let j = 0; j < H; j++) {
    for (let i = 0; i < W; i++) {
      coords.data[j * W + i] = i;
      coords.data[W * H + j * W + i] = j;
    }
  }
  for (const [c1, c2] of [[0.2, 0.01], [-0.25, 0], [0.1, -0.05]] as const) {
    const src = distortImage(coords, c1, c2).data;
    let checked = 0;
    for (let j = 0; j < H; j++) {
      for (let i = 0; i < W; i++) {
        const xu = src[j * W + i]!;
        const yu = src[W * H + j * W + i]!;
        if (xu <= 0 || yu <= 0 || xu >= W - 1 || yu >= H - 1) continue; // clamped at the border
        const [xd, yd] = distortPoint(xu, yu, W, H, c1, c2);
        assert.ok(Math.hypot(xd - i, yd - j) < 2e-3, `${c1},${c2}: pixel (${i},${j}) sampled (${xu},${yu}) → (${xd},${yd})`);
        checked++;
      }
    }
    assert.ok(checked > (W * H) / 2);
  }
});

test('c1 = c2 = 0 is the identity, bit-exact, for images and maps', () => {
  const img = dot(20.3, 11.7);
  assert.deepEqual(distortImage(img, 0, 0).data, img.data);
  const m = { width: W, height: H, data: img.data };
  assert.deepEqual(distortMap(m, 0, 0).data, img.data);
  assert.notEqual(distortMap(m, 0, 0).data, img.data); // a copy
});

test('sign: c1 > 0 (barrel) pulls corners in, c1 < 0 (pincushion) pushes them out', () => {
  const centre = [(W - 1) / 2, (H - 1) / 2] as const;
  const dist = (p: readonly [number, number]): number => Math.hypot(p[0] - centre[0], p[1] - centre[1]);
  const before = dist([6, 5]);
  assert.ok(dist(centroid(distortImage(dot(6, 5), 0.2, 0))) < before - 2);
  assert.ok(dist(centroid(distortImage(dot(6, 5), -0.2, 0))) > before + 2);
});

test('maps and multi-channel images resample every plane the same way', () => {
  const img = createImage(W, H, 3, 'srgb');
  const single = dot(30, 20);
  for (let c = 0; c < 3; c++) img.data.set(single.data.map((v) => v * (c + 1)), c * W * H);
  const out = distortImage(img, 0.1, 0);
  const map = distortMap({ width: W, height: H, data: single.data }, 0.1, 0);
  assert.equal(out.space, 'srgb');
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < W * H; i += 97) assert.ok(Math.abs(out.data[c * W * H + i]! - (c + 1) * map.data[i]!) < 1e-6);
  }
});

test('a constant image stays constant; folding coefficients are rejected', () => {
  const img = createImage(W, H, 1, 'linear');
  img.data.fill(0.25);
  assert.ok(distortImage(img, 0.2, 0).data.every((v) => Math.abs(v - 0.25) < 1e-7));
  // u/(1 + 0.5u²) peaks at 0.707 < 1: the corners have no preimage.
  assert.throws(() => distortImage(img, 0.5, 0), (e: unknown) => e instanceof InputError && e.subject === 'distortion');
  assert.throws(() => distortImage(img, NaN, 0), InputError);
});
