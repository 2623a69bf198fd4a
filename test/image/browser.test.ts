// src/image/browser.ts, the browser's face of src/image, must not reach a Node-only module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const IMAGE = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/image');

test('browser.ts and everything it imports use no node: module; fflate is its only package', () => {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?from\s+'([^']+)'/g)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) visit(join(dirname(file), spec.replace(/\.js$/, '.ts')));
      else packages.add(spec);
    }
  };
  visit(join(IMAGE, 'browser.ts'));
  assert.ok(seen.has(join(IMAGE, 'png-decode.ts')) && seen.has(join(IMAGE, 'png-encode.ts')), 'the codec is reached');
  assert.deepEqual([...packages], ['fflate']);
});
