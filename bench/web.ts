// `npm run bench -- web [--iters 3]`
// Seconds to deblur the browser app's example pair (640×426) in headless Chromium (ONNX Runtime
// Web, WebAssembly, threads as the page gets them under `dualpix serve`) against the CLI's
// Deblurrer (ONNX Runtime for Node, same thread count) on the same pair and model in the same
// run. Both time the frame only (tiling, network, blending), not loading the model. Needs
// /usr/bin/chromium.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { readPng } from '../src/image/index.js';
import { Deblurrer, loadModelWeights } from '../src/deblur/index.js';
import { startAppServer } from '../src/cli/app-server.js';
import { buildWebApp } from '../web/build.js';

const i = process.argv.indexOf('--iters');
const ITERS = i >= 0 ? Number(process.argv[i + 1]) : 3;
if (!existsSync('/usr/bin/chromium')) {
  console.error('bench web: /usr/bin/chromium not found (apt-get install -y chromium)');
  process.exit(2);
}

const root = mkdtempSync(join(tmpdir(), 'dpx-bench-web-'));
const built = await buildWebApp(join(root, 'app'));
const server = await startAppServer({ root: built.outDir, port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
let webS = Infinity;
let threads = 1;
try {
  const page = await browser.newPage();
  await page.goto(server.url);
  threads = await page.evaluate(() => (globalThis.crossOriginIsolated ? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)) : 1));
  await page.click('#example');
  await page.waitForSelector('#pair-views:not([hidden])');
  for (let k = 0; k < ITERS; k++) {
    await page.click('#deblur-run');
    await page.waitForFunction(() => /^Done in|failed/.test(document.getElementById('deblur-status')?.textContent ?? ''), undefined, { timeout: 600_000 });
    const status = (await page.locator('#deblur-status').textContent()) ?? '';
    const m = /^Done in ([\d.]+) s/.exec(status);
    if (!m) throw new Error(`bench web: the page did not deblur: ${status}`);
    webS = Math.min(webS, Number(m[1]));
    console.log(`page run ${k + 1}: ${m[1]} s (${status.includes('multi') ? 'multi' : 'single'}-threaded WASM)`);
    await page.evaluate(() => {
      (document.getElementById('deblur-status') as HTMLElement).textContent = '';
    });
  }
} finally {
  await browser.close();
  await server.close();
}

const left = readPng(join(built.outDir, 'example', 'left.png')).image;
const right = readPng(join(built.outDir, 'example', 'right.png')).image;
const model = await Deblurrer.create(await loadModelWeights('default'), { threads });
let nodeS = Infinity;
for (let k = 0; k < ITERS; k++) {
  const t0 = performance.now();
  await model.deblur(left, right);
  const s = (performance.now() - t0) / 1000;
  nodeS = Math.min(nodeS, s);
  console.log(`node run ${k + 1}: ${s.toFixed(2)} s (${threads} threads)`);
}
await model.release();
rmSync(root, { recursive: true, force: true });
console.log(`bench web: web_s=${webS.toFixed(2)} node_s=${nodeS.toFixed(2)} threads=${threads} ratio=${(webS / nodeS).toFixed(2)}`);
