import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exampleScene, proceduralScene, PROCEDURAL_DEPTH_RANGE_M } from '../../src/synth/index.js';

function meanAbsDiff(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return s / a.length;
}

test('procedural scenes: seeded, sized, depths in range with several distinct depths, varied colour', () => {
  const a = proceduralScene(5, { width: 96, height: 64 });
  const b = proceduralScene(5, { width: 96, height: 64 });
  const c = proceduralScene(6, { width: 96, height: 64 });
  assert.deepEqual(b.rgb.data, a.rgb.data);
  assert.deepEqual(b.depth.data, a.depth.data);
  assert.ok(meanAbsDiff(a.rgb.data, c.rgb.data) > 0.05);
  assert.equal(a.rgb.width, 96);
  assert.equal(a.rgb.space, 'srgb');
  for (const s of [a, c]) {
    const [lo, hi] = PROCEDURAL_DEPTH_RANGE_M;
    assert.ok(s.depth.data.every((d) => d >= lo && d <= hi));
    const bins = new Set(Array.from(s.depth.data, (d) => Math.round(Math.log(d) * 4)));
    assert.ok(bins.size >= 6, `${bins.size} depth bins`);
    const n = 96 * 64;
    for (let ch = 0; ch < 3; ch++) {
      const plane = s.rgb.data.subarray(ch * n, (ch + 1) * n);
      const m = plane.reduce((x, y) => x + y, 0) / n;
      const sd = Math.sqrt(plane.reduce((x, y) => x + (y - m) ** 2, 0) / n);
      assert.ok(sd > 0.04, `channel ${ch} sd ${sd}`);
    }
  }
});

test('procedural sequences move the camera smoothly: neighbouring frames close, distant ones apart', () => {
  const opts = { width: 80, height: 48, frames: 30 };
  const f0 = proceduralScene(21, { ...opts, frame: 0 });
  const f1 = proceduralScene(21, { ...opts, frame: 1 });
  const f15 = proceduralScene(21, { ...opts, frame: 15 });
  const near = meanAbsDiff(f0.rgb.data, f1.rgb.data);
  const far = meanAbsDiff(f0.rgb.data, f15.rgb.data);
  assert.ok(far > 4 * near, `neighbours ${near}, 15 apart ${far}`);
  assert.ok(far > 0.01);
  assert.throws(() => proceduralScene(21, { ...opts, frame: 30 }), RangeError);
  assert.deepEqual(proceduralScene(21, { width: 80, height: 48 }).depth.data.length, 80 * 48);
});

test('the example scene is a fixed 640×426 scene', () => {
  const e = exampleScene();
  assert.equal(e.rgb.width, 640);
  assert.equal(e.rgb.height, 426);
  assert.deepEqual(e.depth.data.subarray(0, 640), exampleScene().depth.data.subarray(0, 640));
});
