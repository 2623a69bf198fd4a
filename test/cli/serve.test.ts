// The server behind `dualpix serve`: cross-origin isolation headers on everything, the model
// exported fresh from the weight file, nothing outside the app folder, and bad ports or a missing
// build reported as one line naming them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/image/index.js';
import { exportInferenceOnnx, loadModelWeights } from '../../src/deblur/index.js';
import { startAppServer } from '../../src/cli/app-server.js';
import { runCli } from './run-cli.js';

function fakeApp(): string {
  const root = mkdtempSync(join(tmpdir(), 'dpx-serve-'));
  mkdirSync(join(root, 'ort'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(root, 'ort', 'x.wasm'), new Uint8Array([0, 97, 115, 109]));
  writeFileSync(join(root, '..', 'secret.txt'), 'outside the app');
  return root;
}

/** A raw GET (the path is sent as written, not normalized as fetch would). */
function get(url: string, path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((done, fail) => {
    const u = new URL(url);
    const req = request({ host: u.hostname, port: u.port, path, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });
}

test('every response is cross-origin isolated; files get their types; the model is exported fresh', async () => {
  const server = await startAppServer({ root: fakeApp(), port: 0 });
  try {
    const page = await get(server.url, '/');
    assert.equal(page.status, 200);
    assert.equal(page.headers['cross-origin-opener-policy'], 'same-origin');
    assert.equal(page.headers['cross-origin-embedder-policy'], 'require-corp');
    assert.match(String(page.headers['content-type']), /^text\/html/);
    const wasm = await get(server.url, '/ort/x.wasm');
    assert.equal(wasm.headers['content-type'], 'application/wasm');
    assert.equal(wasm.headers['cross-origin-embedder-policy'], 'require-corp');

    const model = await get(server.url, '/model.onnx');
    const expected = exportInferenceOnnx(await loadModelWeights('default'), 'single').bytes;
    assert.equal(model.status, 200);
    assert.ok(Buffer.from(expected).equals(model.body), 'model.onnx is the default model exported as one image');
    const manifest = JSON.parse((await get(server.url, '/model.json')).body.toString()) as { spec: { model: string }; inputs: string[] };
    assert.equal(manifest.spec.model, 'rdpd');
    assert.deepEqual(manifest.inputs, ['x']);
  } finally {
    await server.close();
  }
});

test('nothing outside the app folder is served; other methods are refused', async () => {
  const server = await startAppServer({ root: fakeApp(), port: 0 });
  try {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/ort/../../secret.txt', '/missing.js']) {
      const r = await get(server.url, path);
      assert.equal(r.status, 404, path);
      assert.doesNotMatch(r.body.toString(), /outside the app/);
    }
    assert.equal((await get(server.url, '/', 'POST')).status, 405);
  } finally {
    await server.close();
  }
});

test('a folder without the built app, or a port in use, is an InputError naming it', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'dpx-serve-empty-'));
  await assert.rejects(startAppServer({ root: empty, port: 0 }), (e: unknown) => e instanceof InputError && /not built/.test(e.message) && e.message.includes(empty));
  const first = await startAppServer({ root: fakeApp(), port: 0 });
  try {
    const port = Number(new URL(first.url).port);
    await assert.rejects(startAppServer({ root: fakeApp(), port }), (e: unknown) => e instanceof InputError && e.subject === '--port' && e.message.includes(String(port)));
  } finally {
    await first.close();
  }
});

test('dualpix serve: a bad --port exits 2 with one line', () => {
  for (const [port, message] of [['abc', /--port: expected a number/], ['70000', /--port: expected a number >= 0 and <= 65535, got 70000/]] as const) {
    const r = runCli(['serve', '--port', port]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
});
