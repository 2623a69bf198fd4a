import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PSF, dpKernel, PsfBank } from '../../src/psf/index.js';

test('bank quantizes to its step and returns the same object within a bin', () => {
  const bank = new PsfBank(DEFAULT_PSF);
  assert.equal(bank.step, 0.25);
  const k = bank.get(3.1);
  assert.equal(k.radius, 3);
  assert.equal(bank.get(2.9), k);
  assert.equal(bank.get(3.124), k);
  assert.notEqual(bank.get(3.13), k);
  assert.equal(bank.get(3.13).radius, 3.25);
  assert.equal(bank.size, 2);
  assert.deepEqual(k.left, dpKernel(3, DEFAULT_PSF).left);
});

test('bank keys on sign and honours step, model and orientation', () => {
  const bank = new PsfBank(DEFAULT_PSF, { step: 1, model: 'disk', orientation: 'mirrored' });
  const pos = bank.get(4.4);
  const neg = bank.get(-4.4);
  assert.equal(pos.radius, 4);
  assert.equal(neg.radius, -4);
  assert.notEqual(pos, neg);
  assert.deepEqual(pos, dpKernel(4, DEFAULT_PSF, { model: 'disk', orientation: 'mirrored' }));
  assert.equal(bank.get(0.3), bank.get(-0.3)); // both round to the zero bin: the delta
  assert.throws(() => new PsfBank(DEFAULT_PSF, { step: 0 }), RangeError);
});

test('a kernel of −r served from +r (and +r from −r) equals the one built directly, for both models and orientations', () => {
  for (const opts of [{}, { model: 'disk' as const }, { orientation: 'mirrored' as const }]) {
    for (const [first, second] of [[6.5, -6.5], [-2.25, 2.25]] as const) {
      const bank = new PsfBank(DEFAULT_PSF, opts);
      bank.get(first);
      const served = bank.get(second);
      const direct = dpKernel(second, DEFAULT_PSF, opts);
      assert.equal(served.radius, second);
      assert.equal(served.size, direct.size);
      assert.deepEqual(served.left, direct.left, `left of r = ${second} after r = ${first}`);
      assert.deepEqual(served.right, direct.right, `right of r = ${second} after r = ${first}`);
    }
  }
});
