// The README's picture of the browser app: builds it, serves it, opens the example pair in
// headless Chromium, deblurs it and saves the whole page.
// Run: node --import tsx scripts/web-screenshot.ts docs/web-app.png
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startAppServer } from '../src/cli/app-server.js';
import { buildWebApp } from '../web/build.js';

const out = process.argv[2] ?? 'docs/web-app.png';
const root = mkdtempSync(join(tmpdir(), 'dpx-shot-'));
const built = await buildWebApp(join(root, 'app'));
const server = await startAppServer({ root: built.outDir, port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(server.url);
  await page.waitForFunction(() => document.getElementById('synth-status')?.textContent?.startsWith('Rendered'), undefined, { timeout: 120_000 });
  await page.click('#example');
  await page.waitForSelector('#pair-views:not([hidden])');
  await page.click('#deblur-run');
  await page.waitForSelector('#download:not([disabled])', { timeout: 600_000 });
  await page.locator('#psf-radius').fill('-10');
  await page.screenshot({ path: out, fullPage: true });
  process.stderr.write(`wrote ${out}\n`);
} finally {
  await browser.close();
  await server.close();
  rmSync(root, { recursive: true, force: true });
}
